"""The field pages' writes: records a liaison saved on a phone, sent once it has a
connection (docs/offline.md). The device names each record with a UUID it made;
`DeviceSubmission.client_uuid` is unique, so the same record sent twice is stored once."""

import uuid
from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy, ngettext

from puente.agencies.models import Agency
from puente.audit.models import AuditEvent
from puente.audit.services import changed_fields, record
from puente.lib.languages import language_choices, language_name
from puente.outreach.models import DeviceSubmission, Event, Liaison
from puente.outreach.services import contact_log

# Events a liaison can record attendance for from the field page: those of the last
# 120 days (attendance is recorded after the event, Event.clean).
EVENT_WINDOW_DAYS = 120


class EventAttendanceForm(forms.Form):
    """Attendance and languages at one of the agency's past events."""

    event = forms.ModelChoiceField(
        label=gettext_lazy("Event"), queryset=Event.objects.none()
    )
    attendance = forms.IntegerField(
        label=gettext_lazy("Attendance"), min_value=0, max_value=1_000_000
    )
    follow_ups = forms.IntegerField(
        label=gettext_lazy("Follow-ups"), min_value=0, max_value=1_000_000, initial=0
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    interpretation_provided = forms.BooleanField(
        label=gettext_lazy("Interpretation provided"), required=False
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["event"].queryset = Event.objects.filter(
            agency=agency,
            date__lte=today,
            date__gte=today - timedelta(days=EVENT_WINDOW_DAYS),
        ).order_by("-date", "title")
        community = list(agency.community_languages)
        choices = language_choices()
        self.fields["languages"].choices = (
            [("en", language_name("en"))]
            + [(c, n) for c, n in choices if c in community]
            + [(c, n) for c, n in choices if c not in community and c != "en"]
        )


@transaction.atomic
def event_attendance_record(
    *, actor, agency: Agency, event: Event, values: dict[str, Any]
) -> Event:
    """Set an event's attendance, follow-ups, languages and interpretation, and audit
    the change. ValidationError when the event is not the agency's or has not happened
    (Event.clean)."""
    if event.agency_id != agency.pk:
        raise ValidationError({"event": _("Choose an event of this agency.")})
    fields = ["attendance", "follow_ups", "languages", "interpretation_provided"]
    before = {f: getattr(event, f) for f in fields}
    event.attendance = values["attendance"]
    event.follow_ups = values.get("follow_ups") or 0
    event.languages = list(values["languages"])
    event.interpretation_provided = bool(values.get("interpretation_provided"))
    event.full_clean()
    event.save(update_fields=fields)
    changes = changed_fields(before, {f: getattr(event, f) for f in fields})
    if changes:
        record(
            action=AuditEvent.Action.UPDATE, actor=actor, agency=agency, obj=event,
            changes=changes,
        )  # fmt: skip
    return event


def submission_receive(
    *, actor, agency: Agency, client_uuid: uuid.UUID, kind: str, values: dict[str, Any]
) -> bool:
    """Store a record sent from a device, once. Returns True when stored now, False when
    this UUID was already received for the agency (nothing is written). `values` are a
    valid form's cleaned data: `ContactForm` for a contact, `EventAttendanceForm` for an
    event. ValidationError when the record cannot be stored (a date out of range, a
    UUID used by another agency)."""
    received = DeviceSubmission.objects.filter(client_uuid=client_uuid).first()
    if received is not None:
        return _already_received(received, agency)
    try:
        with transaction.atomic():
            contact = event = None
            if kind == DeviceSubmission.Kind.CONTACT:
                contact = contact_log(actor=actor, agency=agency, values=values)
            else:
                event = event_attendance_record(
                    actor=actor, agency=agency, event=values["event"], values=values
                )
            # A second request with the same UUID that got this far fails here, on the
            # unique index, and its record is rolled back with it.
            DeviceSubmission.objects.create(
                client_uuid=client_uuid, agency=agency, kind=kind, contact=contact,
                event=event, created_by=actor,
            )  # fmt: skip
    except IntegrityError:
        received = DeviceSubmission.objects.filter(client_uuid=client_uuid).first()
        if received is None:
            raise
        return _already_received(received, agency)
    return True


def _already_received(received: DeviceSubmission, agency: Agency) -> bool:
    if received.agency_id != agency.pk:
        raise ValidationError(_("This record's id is already used. Discard it."))
    return False


def refusal_reasons(form: forms.Form, agency: Agency) -> list[str]:
    """A refused record's problems, one sentence each, for the liaison to correct."""
    reasons = []
    liaison_id = form.data.get("liaison")
    if "liaison" in form.errors and liaison_id:
        inactive = Liaison.objects.filter(agency=agency, active=False, pk=liaison_id)
        if str(liaison_id).isdigit() and inactive.exists():
            reasons.append(
                _("Liaison: %(name)s is no longer an active liaison.")
                % {"name": inactive.get().name}
            )
    for field, errors in form.errors.items():
        if field == "liaison" and reasons:
            continue
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            reasons.append(
                _("%(field)s: %(error)s") % {"field": label, "error": error}
                if label
                else str(error)
            )
    return reasons


def client_messages() -> dict[str, str]:
    """The queue's messages for the page script, in the request's language. "{count}"
    stands for a number; `one` and `other` are the plural forms of English and Spanish,
    the staff languages (settings.LANGUAGES)."""

    # Each sentence written out twice, so that makemessages finds the literals.
    count = {"count": "{count}"}
    waiting = [
        ngettext("%(count)s waiting to send", "%(count)s waiting to send", n) % count
        for n in (1, 2)
    ]
    discard = [
        ngettext(
            "%(count)s record saved on this phone has not been sent. Signing out discards it.",
            "%(count)s records saved on this phone have not been sent. Signing out discards them.",
            n,
        ) % count
        for n in (1, 2)
    ]  # fmt: skip
    return {
        "waiting_one": waiting[0],
        "waiting_other": waiting[1],
        "discard_one": discard[0],
        "discard_other": discard[1],
        "discard_title": _("Sign out and discard what is waiting?"),
        "discard_confirm": _("Sign out and discard"),
        "discard_cancel": _("Stay signed in"),
        "saved_offline": _(
            "Saved on this phone. It will be sent when the connection returns."
        ),
        "saved_corrected": _("Corrected. It will be sent when the connection returns."),
        "sending": _("Sending…"),
        "sent": _("Everything waiting has been sent."),
        "signed_out": _("Sign in again to send what is waiting. Nothing is lost."),
        "sign_in": _("Sign in"),
        "no_connection": _("No connection. What is waiting will be sent later."),
        "refused": _("Not accepted. Correct it or discard it:"),
        "correct": _("Correct"),
        "discard": _("Discard"),
        "discard_one_title": _("Discard this record? It will not be sent."),
        "discarded": _("Discarded."),
        "correcting": _(
            "Correct the form below and save it again. It replaces the refused record."
        ),
        "invalid": _("Fill in every field marked as required, then save again."),
        "topics_required": _("Choose at least one topic."),
        "nothing_waiting": _("Nothing is waiting to send."),
        "waiting_label": _("Waiting"),
        "refused_label": _("Not accepted"),
        "other_account": _("Saved by another account: sent when it signs in here."),
    }
