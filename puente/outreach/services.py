import json
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.audit.models import AuditEvent
from puente.audit.services import changed_fields, record
from puente.lib.figures_cache import figures_changed
from puente.lib.languages import is_known_language
from puente.outreach.models import (
    EARLIEST,
    AdvisoryMember,
    CommunityContact,
    Liaison,
    PartnerOrganization,
    Setting,
    Topic,
)

# Fixed lists as sets: the enums' `values` build a new list on every access.
_SETTINGS = frozenset(Setting.values)
_TOPICS = frozenset(Topic.values)


def check_contact(
    *, agency: Agency, values: dict[str, Any], today: date | None = None
) -> dict[str, str]:
    """Problems with one contact, by field; an empty dict when it can be stored.
    `today` (the agency's local date, by default now) bounds the date; a batch passes
    it once."""
    problems = {}
    day = values.get("date")
    if day is None:
        problems["date"] = _("Give the date of the contact.")
    elif day > (today or timezone.localdate()):
        problems["date"] = _("The date is in the future.")
    elif day < EARLIEST:
        problems["date"] = _("The date is before 2000.")
    liaison = values.get("liaison")
    if not isinstance(liaison, Liaison) or liaison.agency_id != agency.pk:
        problems["liaison"] = _("Choose a liaison of this agency.")
    partner = values.get("partner")
    if partner is not None and (
        not isinstance(partner, PartnerOrganization) or partner.agency_id != agency.pk
    ):
        problems["partner"] = _("Choose a partner organization of this agency.")
    if values.get("setting") not in _SETTINGS:
        problems["setting"] = _("Choose where the contact took place.")
    topics = values.get("topics") or []
    if not topics or any(t not in _TOPICS for t in topics):
        problems["topics"] = _("Choose at least one topic from the list.")
    if not values.get("language"):
        problems["language"] = _("Give the language used.")
    return problems


@transaction.atomic
def contact_log(*, actor, agency: Agency, values: dict[str, Any]) -> CommunityContact:
    problems = check_contact(agency=agency, values=values)
    if problems:
        raise ValidationError(problems)
    contact = CommunityContact.objects.create(
        agency=agency, created_by=actor, date=values["date"], liaison=values["liaison"],
        setting=values["setting"], partner=values.get("partner"), language=values["language"],
        interpreter_used=bool(values.get("interpreter_used")), topics=list(values["topics"]),
        follow_up_needed=bool(values.get("follow_up_needed")),
    )  # fmt: skip
    record(action=AuditEvent.Action.CREATE, actor=actor, agency=agency, obj=contact)
    return contact


def _values(instance) -> dict[str, Any]:
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in {"id", "uuid", "agency", "created_at", "updated_at"}
    }


@transaction.atomic
def record_save(*, actor, agency: Agency, form) -> models.Model:
    """Save one of the agency's records from a valid model form, and audit what changed.
    The form limits every related choice to the agency; the record is tied to it here."""
    instance = form.instance
    creating = instance.pk is None
    before = {} if creating else _values(type(instance).objects.get(pk=instance.pk))
    if any(f.name == "agency" for f in instance._meta.fields):
        instance.agency = agency
    instance = form.save()
    if creating:
        record(
            action=AuditEvent.Action.CREATE, actor=actor, agency=agency, obj=instance
        )
    else:
        changes = changed_fields(before, _values(instance))
        if changes:
            record(
                action=AuditEvent.Action.UPDATE, actor=actor, agency=agency,
                obj=instance, changes=changes,
            )  # fmt: skip
    return instance


@transaction.atomic
def record_delete(*, actor, agency: Agency, instance: models.Model) -> None:
    record(action=AuditEvent.Action.DELETE, actor=actor, agency=agency, obj=instance)
    instance.delete()
    figures_changed(agency_id=agency.pk)


# Retention


def personal_data_expired(*, today: date | None = None) -> list[dict[str, Any]]:
    """People's details kept past PUENTE_RETENTION_DAYS after their record became inactive."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.PUENTE_RETENTION_DAYS)
    found = []
    partners = (
        PartnerOrganization.objects.filter(
            status=PartnerOrganization.Status.INACTIVE, inactive_since__lte=cutoff
        )
        .exclude(contact_name="", contact_email="", contact_phone="")
        .select_related("agency")
    )
    for partner in partners:
        found.append({"kind": "partner contact person", "object": partner,
                      "agency": partner.agency, "since": partner.inactive_since})  # fmt: skip
    members = (
        AdvisoryMember.objects.filter(left_on__lte=cutoff)
        .exclude(name=FORMER_MEMBER)
        .select_related("agency")
    )
    for member in members:
        found.append({"kind": "former advisory-board member", "object": member,
                      "agency": member.agency, "since": member.left_on})  # fmt: skip
    return found


FORMER_MEMBER = "—"


@transaction.atomic
def personal_data_purge(*, today: date | None = None) -> int:
    """Remove the details `personal_data_expired` lists; the records themselves stay, so
    counts and history are kept without the person."""
    expired = personal_data_expired(today=today)
    for item in expired:
        obj = item["object"]
        if isinstance(obj, PartnerOrganization):
            obj.contact_name = obj.contact_email = obj.contact_phone = ""
            obj.save(update_fields=["contact_name", "contact_email", "contact_phone"])
        else:
            obj.name, obj.affiliation, obj.show_publicly = FORMER_MEMBER, "", False
            obj.save(update_fields=["name", "affiliation", "show_publicly"])
        record(
            action=AuditEvent.Action.UPDATE, actor=None, actor_label="retention",
            agency=item["agency"], obj=obj, changes={"personal_data": ["kept", "removed"]},
        )  # fmt: skip
    return len(expired)


# The follow-up queue: contacts a liaison marked as needing a follow-up.
@transaction.atomic
def contact_follow_up_assign(
    *, actor, contact: CommunityContact, assignee
) -> CommunityContact:
    """Give the follow-up of `contact` to `assignee` (a member of the contact's agency).
    Raises ValidationError if the contact needs none or it is already done."""
    if not contact.follow_up_needed or contact.follow_up_done_at is not None:
        raise ValidationError(_("This contact has no follow-up waiting."))
    before = contact.follow_up_assignee.email if contact.follow_up_assignee else None
    contact.follow_up_assignee = assignee
    contact.save(update_fields=["follow_up_assignee"])
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, agency=contact.agency, obj=contact,
        changes={"follow_up_assignee": [before, assignee.email]},
    )  # fmt: skip
    return contact


@transaction.atomic
def contact_follow_up_done(*, actor, contact: CommunityContact) -> CommunityContact:
    """Mark the follow-up of `contact` done now. Raises ValidationError if none waits."""
    if not contact.follow_up_needed or contact.follow_up_done_at is not None:
        raise ValidationError(_("This contact has no follow-up waiting."))
    contact.follow_up_done_at = timezone.now()
    contact.save(update_fields=["follow_up_done_at"])
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, agency=contact.agency, obj=contact,
        changes={"follow_up_done_at": [None, contact.follow_up_done_at.isoformat()]},
    )  # fmt: skip
    return contact


BULK_MAX = 5000


@transaction.atomic
def contact_bulk_log(*, actor, agency: Agency, rows: list[dict[str, Any]]) -> list[int]:
    """Log many contacts at once, all or nothing; returns the new contacts' ids in the
    order of `rows`. Each row is checked by `check_contact`, with `liaison` and
    `partner` given as ids of this agency's records, and its language must be a known
    code as in the CSV import; ValidationError {"<row>.<field>": [message]} on any
    problem (nothing is stored). One audit event for the batch, as for an import. At
    most BULK_MAX rows. Written through the CSV import's sink (COPY on PostgreSQL,
    issue 16), so it must run in a transaction, as `transaction.atomic` here ensures."""
    from puente.outreach.imports import contact_sink

    if not rows or len(rows) > BULK_MAX:
        raise ValidationError(
            {"contacts": _("Send from 1 to %(max)d contacts.") % {"max": BULK_MAX}}
        )
    liaisons = {lia.pk: lia for lia in Liaison.objects.filter(agency=agency)}
    partners = {p.pk: p for p in PartnerOrganization.objects.filter(agency=agency)}
    today = timezone.localdate()
    languages: dict[Any, bool] = {}
    topics_json: dict[tuple, str] = {}
    problems: dict[str, str] = {}
    contacts = []
    for number, row in enumerate(rows):
        values = {
            **row,
            "liaison": liaisons.get(row.get("liaison")),
            "partner": (
                partners.get(row["partner"], False)
                if row.get("partner") is not None
                else None
            ),
        }
        found = check_contact(agency=agency, values=values, today=today)
        language = values.get("language")
        if language not in languages:
            # The COPY text format takes the code as it is: only a known code, which
            # never holds a tab, a newline or a backslash, may reach it.
            languages[language] = isinstance(language, str) and is_known_language(
                language
            )
        if "language" not in found and not languages[language]:
            found["language"] = _(
                "“%(value)s” is not a language code such as es or so."
            ) % {"value": str(language)[:40]}
        for field, message in found.items():
            problems[f"{number}.{field}"] = message
        if problems:
            continue
        topics = tuple(values["topics"])
        if topics not in topics_json:
            topics_json[topics] = json.dumps(list(topics))
        partner = values["partner"]
        contacts.append(
            (
                values["date"], values["liaison"].pk, values["setting"],
                partner.pk if partner else None, language,
                bool(values.get("interpreter_used")), topics_json[topics],
                bool(values.get("follow_up_needed")),
            )
        )  # fmt: skip
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        with contact_sink(
            agency=agency.pk, actor=getattr(actor, "pk", None), keep_ids=True
        ) as sink:
            for contact in contacts:
                sink.write(contact)
        ids = sink.ids()
        figures_changed(agency_id=agency.pk)  # COPY and bulk inserts send no signal
        record(
            action=AuditEvent.Action.IMPORT, actor=actor, agency=agency,
            changes={"contacts": [None, len(ids)], "through": [None, "api"]},
        )  # fmt: skip
    return ids
