"""Writes of complaints, certification requests and follow-up messages. Every step is
audited; the audit log keeps case numbers and field names, never what a resident wrote."""

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.agencies.models import Agency, Membership
from puente.audit.models import AuditEvent
from puente.audit.services import changed_fields, record
from puente.complaints import deadlines
from puente.complaints.models import (
    CertificationRequest,
    CertificationSettings,
    Complaint,
    ComplaintStep,
    FollowUp,
    FollowUpTemplate,
)
from puente.complaints.redaction import redact_free_text, redact_on_filing
from puente.lib.tasks import enqueue
from puente.notifications.models import Message
from puente.notifications.services import message_queue, message_send

TOKEN_BYTES = 24


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _next_case_number(agency: Agency, year: int) -> str:
    prefix = f"{year}-"
    last = (
        Complaint.objects.select_for_update()
        .filter(agency=agency, case_number__startswith=prefix)
        .order_by("-case_number")
        .values_list("case_number", flat=True)
        .first()
    )
    number = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


@transaction.atomic
def complaint_file(
    *,
    agency: Agency,
    kind: str,
    language: str,
    what_happened: str,
    occurred_on: date | None = None,
    place: str = "",
    officers: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> tuple[Complaint, str]:
    """File a complaint or commendation from the portal. Returns (complaint, token): the
    token is the secret of the private status link, shown once and stored only as a
    hash. Identity numbers and contact details in what happened and where are removed
    before storing (`lib.redact`); the optional contact fields are kept as given.
    Raises ValidationError on bad input; nothing is stored then."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    today = timezone.localdate()
    complaint = _complaint_save(
        agency,
        today,
        Complaint(
            agency=agency,
            kind=kind,
            language=language,
            what_happened=redact_on_filing(what_happened.strip()),
            occurred_on=occurred_on,
            place=redact_on_filing(place.strip()),
            officers=officers.strip(),
            contact_name=contact_name.strip(),
            contact_email=contact_email.strip(),
            contact_phone=contact_phone.strip(),
            token_hash=token_hash(token),
            due_on=today + timedelta(days=settings.PUENTE_COMPLAINT_DUE_DAYS),
        ),
    )
    ComplaintStep.objects.create(complaint=complaint, action=ComplaintStep.Action.FILED)
    record(
        action=AuditEvent.Action.CREATE,
        actor_label="portal",
        agency=agency,
        obj=complaint,
        changes={"kind": [None, kind], "language": [None, language]},
    )
    return complaint, token


def _complaint_save(agency: Agency, today: date, complaint: Complaint) -> Complaint:
    """Save with the agency's next case number. Two first filings of a year can race
    (there is no row to lock yet): the loser's savepoint rolls back and it takes the
    next number."""
    for attempt in range(5):
        complaint.case_number = _next_case_number(agency, today.year)
        complaint.full_clean(exclude=["case_number"] if attempt else None)
        try:
            with transaction.atomic():
                complaint.save()
            return complaint
        except IntegrityError:
            complaint.pk = None
    raise IntegrityError("no free case number")


def complaint_for_token(*, agency: Agency, token: str) -> Complaint | None:
    if not token or len(token) > 100:
        return None
    return Complaint.objects.filter(agency=agency, token_hash=token_hash(token)).first()


def _step(complaint: Complaint, actor, action: str, detail: str = "") -> None:
    ComplaintStep.objects.create(
        complaint=complaint, actor=actor, action=action, detail=detail[:200]
    )


@transaction.atomic
def complaint_update(
    *,
    actor,
    complaint: Complaint,
    status: str,
    assigned_to: Membership | None,
    due_on: date | None,
    outcome: str,
) -> Complaint:
    """Triage: status, who handles it, when it is due, the outcome. Closing needs an
    outcome. Each change is a step of the case and an audit event."""
    if status == Complaint.Status.CLOSED and not outcome:
        raise ValidationError(
            {"outcome": _("Record an outcome before closing the case.")}
        )
    fields = ("status", "assigned_to_id", "due_on", "outcome")
    before = {f: getattr(complaint, f) for f in fields}
    complaint.status = status
    complaint.assigned_to = assigned_to.user if assigned_to else None
    complaint.due_on = due_on
    complaint.outcome = outcome
    if status == Complaint.Status.CLOSED and not complaint.closed_at:
        complaint.closed_at = timezone.now()
    elif status != Complaint.Status.CLOSED:
        complaint.closed_at = None
    complaint.full_clean()
    complaint.save()
    changes = changed_fields(before, {f: getattr(complaint, f) for f in fields})
    actions = {
        "status": ComplaintStep.Action.CLOSED
        if status == Complaint.Status.CLOSED
        else ComplaintStep.Action.REVIEW,
        "assigned_to_id": ComplaintStep.Action.ASSIGNED,
        "due_on": ComplaintStep.Action.DUE,
        "outcome": ComplaintStep.Action.OUTCOME,
    }
    for field in changes:
        detail = ""
        if field == "assigned_to_id" and complaint.assigned_to:
            detail = complaint.assigned_to.email
        elif field == "due_on" and complaint.due_on:
            detail = complaint.due_on.isoformat()
        elif field in ("status", "outcome"):
            detail = getattr(complaint, field)
        _step(complaint, actor, actions[field], detail)
    if changes:
        record(
            action=AuditEvent.Action.UPDATE, actor=actor, agency=complaint.agency,
            obj=complaint, changes=changes,
        )  # fmt: skip
    return complaint


@transaction.atomic
def complaint_reply(
    *, actor, complaint: Complaint, reply: str, language: str, translation: str
) -> Complaint:
    """Record the reply the resident reads on the status page, in `language` (normally
    the resident's), with who translated it. A reply in another language than English
    must say who translated it."""
    reply = reply.strip()
    if not reply:
        raise ValidationError({"reply": _("Write the reply.")})
    if language != settings.LANGUAGE_CODE and not translation.strip():
        raise ValidationError(
            {"translation": _("Say who translated the reply, or how.")}
        )
    complaint.reply = reply
    complaint.reply_language = language
    complaint.reply_translation = translation.strip()
    complaint.replied_at = timezone.now()
    complaint.full_clean()
    complaint.save()
    _step(complaint, actor, ComplaintStep.Action.REPLIED, language)
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, agency=complaint.agency,
        obj=complaint,
        changes={"reply": ["", "(text)"], "reply_language": [None, language],
                 "reply_translation": [None, complaint.reply_translation]},
    )  # fmt: skip
    return complaint


# Retention


def _complaint_expired(now):
    cutoff = now - timedelta(days=settings.PUENTE_RETENTION_DAYS)
    return Complaint.objects.filter(
        personal_data_removed_at__isnull=True,
        status=Complaint.Status.CLOSED,
        closed_at__lt=cutoff,
    )


def personal_data_expired(*, now=None) -> list[dict]:
    """The closed cases and unsent follow-ups whose personal parts are past
    PUENTE_RETENTION_DAYS, in the shape of `outreach.services.personal_data_expired`."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PUENTE_RETENTION_DAYS)
    items = [
        {
            "agency": c.agency,
            "kind": "complaint",
            "object": c,
            "since": c.closed_at.date(),
        }
        for c in _complaint_expired(now).select_related("agency")
    ]
    items += [
        {"agency": f.agency, "kind": "follow-up address", "object": f,
         "since": f.created_at.date()}
        for f in FollowUp.objects.filter(created_at__lt=cutoff)
        .exclude(recipient="").select_related("agency")
    ]  # fmt: skip
    return items


@transaction.atomic
def personal_data_purge(*, now=None) -> int:
    """Empty the contact details and officers' names of closed cases past retention,
    and take e-mail addresses and numbers out of their text; delete the address of
    follow-ups past retention or already sent (also in the outbox row). Returns how
    many records changed."""
    now = now or timezone.now()
    count = 0
    for complaint in _complaint_expired(now).select_for_update():
        complaint.contact_name = complaint.contact_email = complaint.contact_phone = ""
        complaint.officers = ""
        complaint.what_happened = redact_free_text(complaint.what_happened)
        complaint.personal_data_removed_at = now
        complaint.save()
        record(
            action=AuditEvent.Action.UPDATE, actor_label="retention",
            agency=complaint.agency, obj=complaint,
            changes={"personal_data": ["kept", "removed"]},
        )  # fmt: skip
        count += 1
    cutoff = now - timedelta(days=settings.PUENTE_RETENTION_DAYS)
    for follow_up in FollowUp.objects.select_for_update().exclude(recipient=""):
        sent = _message_sent(follow_up)
        if not sent and follow_up.created_at >= cutoff:
            continue
        _forget_address(follow_up, sent=sent, now=now)
        count += 1
    return count


# Certification requests


def certification_deadline(*, agency: Agency, form: str) -> deadlines.Deadline | None:
    own = CertificationSettings.objects.filter(agency=agency).first()
    return deadlines.deadline_for(
        state=agency.state, form=form, own_days=own.own_days if own else None
    )


@transaction.atomic
def certification_settings_update(
    *, actor, agency: Agency, own_days: int | None
) -> CertificationSettings:
    row, _created = CertificationSettings.objects.get_or_create(agency=agency)
    before = {"own_days": row.own_days}
    row.own_days = own_days or None
    row.full_clean()
    row.save()
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, agency=agency, obj=row,
        changes=changed_fields(before, {"own_days": row.own_days}),
    )  # fmt: skip
    return row


def _check_certification(request: CertificationRequest) -> None:
    errors = {}
    if (
        request.status == CertificationRequest.Status.DECLINED
        and not request.decline_reason
    ):
        errors["decline_reason"] = _("Give the reason for declining.")
    if request.status != CertificationRequest.Status.DECLINED:
        request.decline_reason = ""
    if request.is_decided and not request.decided_on:
        errors["decided_on"] = _("Give the date of the decision.")
    if (
        request.status == CertificationRequest.Status.CERTIFIED
        and not request.certifying_official
    ):
        errors["certifying_official"] = _("Name the certifying official who signed.")
    for field in ("review_started_on", "decided_on"):
        value = getattr(request, field)
        if value and value < request.received_on:
            errors[field] = _("This date is before the request was received.")
    if errors:
        raise ValidationError(errors)


CERTIFICATION_FIELDS = (
    "form", "received_on", "requester_kind", "crime", "language", "report_number",
    "status", "decline_reason", "certifying_official", "review_started_on", "decided_on",
)  # fmt: skip


@transaction.atomic
def certification_request_create(
    *, actor, agency: Agency, **fields
) -> CertificationRequest:
    """Record a request. Its due date comes from the agency's own limit or its state's
    (`deadlines.STATE_LIMITS`), fixed at receipt, with the source of the limit."""
    request = CertificationRequest(agency=agency, **fields)
    deadline = certification_deadline(agency=agency, form=request.form)
    if deadline:
        request.deadline_days = deadline.days
        request.deadline_source = deadline.citation or _("Agency's own limit")
        request.due_on = deadlines.due_date(request.received_on, deadline.days)
    _check_certification(request)
    request.full_clean()
    request.save()
    record(
        action=AuditEvent.Action.CREATE, actor=actor, agency=agency, obj=request,
        changes={f: [None, str(getattr(request, f))] for f in ("form", "status", "crime")},
    )  # fmt: skip
    return request


@transaction.atomic
def certification_request_update(
    *, actor, request: CertificationRequest, **fields
) -> CertificationRequest:
    before = {f: getattr(request, f) for f in CERTIFICATION_FIELDS}
    for name, value in fields.items():
        setattr(request, name, value)
    if before["received_on"] != request.received_on and request.deadline_days:
        request.due_on = deadlines.due_date(request.received_on, request.deadline_days)
    _check_certification(request)
    request.full_clean()
    request.save()
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, agency=request.agency, obj=request,
        changes=changed_fields(before, {f: getattr(request, f) for f in CERTIFICATION_FIELDS}),
    )  # fmt: skip
    return request


# Follow-up messages


def is_sensitive(topic: str) -> bool:
    return topic in settings.PUENTE_FOLLOWUP_SENSITIVE_TOPICS


def followup_text(
    *, agency: Agency, kind: str, language: str
) -> tuple[str, str] | None:
    """(subject, body) of the follow-up in `language`: the agency's own wording, else
    the built-in one for a language the staff catalogs have, else None."""
    own = FollowUpTemplate.objects.filter(
        agency=agency, kind=kind, language=language
    ).first()
    if own:
        return own.subject, own.body
    if language not in {code for code, _name in settings.LANGUAGES}:
        return None
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language):
        subject = render_to_string(
            f"emails/followup_{kind}_subject.txt", {"agency": agency}
        )
        body = render_to_string(f"emails/followup_{kind}_body.txt", {"agency": agency})
    return " ".join(subject.split()), body


@transaction.atomic
def followup_template_save(
    *, actor, agency: Agency, kind: str, language: str, subject: str, body: str
) -> FollowUpTemplate:
    row, _created = FollowUpTemplate.objects.get_or_create(
        agency=agency, kind=kind, language=language,
        defaults={"subject": subject, "body": body},
    )  # fmt: skip
    before = {"subject": row.subject, "body": row.body}
    row.subject, row.body = subject.strip(), body.strip()
    row.full_clean()
    row.save()
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, agency=agency, obj=row,
        changes=changed_fields(before, {"subject": row.subject, "body": row.body}),
    )  # fmt: skip
    return row


class FollowUpRefused(Exception):
    """The follow-up may not be sent; the message says why, in the user's language."""


def followup_request(
    *,
    actor,
    agency: Agency,
    kind: str,
    topic: str,
    language: str,
    channel: str,
    recipient: str,
    consent: bool,
    complaint: Complaint | None = None,
) -> FollowUp:
    """Queue a follow-up message in the resident's language through the outbox.

    Refused (FollowUpRefused, after recording the refusal without the address) when
    the resident did not agree, when the topic is sensitive
    (PUENTE_FOLLOWUP_SENSITIVE_TOPICS), or when there is no wording in that language.
    The address is deleted once the message is sent (`followup_send`)."""
    reason = ""
    if not consent:
        reason = _("The resident did not agree to a message. Nothing was sent.")
    elif is_sensitive(topic):
        reason = _(
            "No follow-up message is sent for this topic, to keep the resident safe. Nothing was sent."
        )
    text = followup_text(agency=agency, kind=kind, language=language)
    if not reason and text is None:
        reason = _(
            "There is no follow-up wording in this language yet. Write it on the templates page first. Nothing was sent."
        )
    with transaction.atomic():
        follow_up = FollowUp(
            agency=agency, complaint=complaint, kind=kind, topic=topic, language=language,
            channel=channel, created_by=actor if getattr(actor, "is_authenticated", False) else None,
            status=FollowUp.Status.REFUSED if reason else FollowUp.Status.QUEUED,
            recipient="" if reason else recipient.strip(),
        )  # fmt: skip
        follow_up.full_clean()
        follow_up.save()
        if not reason:
            subject, body = text
            message = message_queue(
                kind=f"followup_{kind}", recipient=follow_up.recipient, subject=subject,
                body=body, language=language, channel=channel,
                reference=f"complaints.followup:{follow_up.pk}", send=False,
            )  # fmt: skip
            follow_up.message_id = message.pk
            follow_up.save(update_fields=["message_id"])
            from puente.complaints.tasks import followup_send

            enqueue(followup_send, follow_up.pk)
        record(
            action=AuditEvent.Action.CREATE, actor=actor, agency=agency, obj=follow_up,
            changes={"topic": [None, topic], "language": [None, language],
                     "channel": [None, channel], "status": [None, follow_up.status]},
        )  # fmt: skip
    if reason:
        raise FollowUpRefused(reason)
    return follow_up


def _message_sent(follow_up: FollowUp) -> bool:
    return Message.objects.filter(
        pk=follow_up.message_id, status=Message.Status.SENT
    ).exists()


def _forget_address(follow_up: FollowUp, *, sent: bool, now) -> None:
    follow_up.recipient = ""
    if sent:
        follow_up.status = FollowUp.Status.SENT
        follow_up.sent_at = follow_up.sent_at or now
    else:
        follow_up.status = FollowUp.Status.EXPIRED
    follow_up.save()
    if follow_up.message_id:
        # The outbox row keeps what was sent, not to whom; an unsent one is not sent.
        Message.objects.filter(pk=follow_up.message_id).update(recipient="(deleted)")
        if not sent:
            Message.objects.filter(
                pk=follow_up.message_id, status=Message.Status.PENDING
            ).update(status=Message.Status.FAILED, last_error="address deleted")


def followup_send(*, follow_up_id: int) -> bool:
    """Send a queued follow-up through the outbox and, once it is sent, delete the
    address from the follow-up and the outbox row. Safe to run twice. A failed try
    leaves both for the outbox's retries; `personal_data_purge` deletes the address
    when a retry has sent it or the retention period ends."""
    follow_up = FollowUp.objects.filter(pk=follow_up_id).first()
    if follow_up is None or not follow_up.message_id or not follow_up.recipient:
        return False
    message_send(message_id=follow_up.message_id)
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up_id)
        if follow_up.recipient and _message_sent(follow_up):
            _forget_address(follow_up, sent=True, now=timezone.now())
            return True
    return False
