from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.audit.models import AuditEvent
from puente.audit.services import changed_fields, record
from puente.outreach.models import (
    CommunityContact,
    Liaison,
    PartnerOrganization,
    Setting,
    Topic,
)

EARLIEST = date(2000, 1, 1)


def check_contact(*, agency: Agency, values: dict[str, Any]) -> dict[str, str]:
    """Problems with one contact, by field; an empty dict when it can be stored."""
    problems = {}
    day = values.get("date")
    if day is None:
        problems["date"] = _("Give the date of the contact.")
    elif day > timezone.localdate():
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
    if values.get("setting") not in Setting.values:
        problems["setting"] = _("Choose where the contact took place.")
    topics = values.get("topics") or []
    if not topics or any(t not in Topic.values for t in topics):
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
