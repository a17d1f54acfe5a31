from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.agencies.models import (
    Agency,
    Membership,
    Program,
    ProgramMembership,
    WorkforceLanguage,
)
from puente.agencies.roles import AgencyRole, ProgramRole
from puente.audit.models import AuditEvent
from puente.audit.services import changed_fields, record

PROFILE_FIELDS = [
    "name", "city", "county", "population_served", "sworn_staff",
    "civilian_staff", "facts_year", "latitude", "longitude", "community_languages",
]  # fmt: skip


def _snapshot(obj, fields: list[str]) -> dict[str, Any]:
    return {field: getattr(obj, field) for field in fields}


@transaction.atomic
def agency_update_profile(*, actor, agency: Agency, data: dict[str, Any]) -> Agency:
    before = _snapshot(agency, PROFILE_FIELDS)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(agency, field, data[field])
    agency.full_clean()
    agency.save()
    changes = changed_fields(before, _snapshot(agency, PROFILE_FIELDS))
    if changes:
        record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            agency=agency,
            obj=agency,
            changes=changes,
        )
    return agency


@transaction.atomic
def membership_add(
    *, actor, agency: Agency, email: str, role: str, full_name: str = ""
) -> tuple[Membership, bool]:
    """Give the person with `email` a role in `agency`, creating their account
    (with no usable password) when they have none. Returns (membership, user_created).
    """
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    user_created = user is None
    if user_created:
        user = User.objects.create_user(email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if Membership.objects.filter(user=user, agency=agency).exists():
        raise ValidationError(
            _("%(email)s is already a member of this agency.") % {"email": email}
        )
    membership = Membership(user=user, agency=agency, role=role)
    membership.full_clean()
    membership.save()
    record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        agency=agency,
        obj=membership,
        changes={"role": [None, role], "user": [None, email]},
    )
    return membership, user_created


def _ensure_an_admin_remains(membership: Membership) -> None:
    others = Membership.objects.filter(
        agency_id=membership.agency_id, role=AgencyRole.ADMIN
    ).exclude(pk=membership.pk)
    if membership.role == AgencyRole.ADMIN and not others.exists():
        raise ValidationError(_("An agency needs at least one admin."))


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    if role not in AgencyRole.values:
        raise ValidationError(_("Choose a valid role."))
    if role == membership.role:
        return membership
    if role != AgencyRole.ADMIN:
        _ensure_an_admin_remains(membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        action=AuditEvent.Action.ROLE_CHANGE,
        actor=actor,
        agency=membership.agency,
        obj=membership,
        changes={"role": [old, role]},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    _ensure_an_admin_remains(membership)
    record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        agency=membership.agency,
        obj=membership,
        changes={
            "role": [membership.role, None],
            "user": [membership.user.email, None],
        },
    )
    membership.delete()


@transaction.atomic
def workforce_languages_replace(
    *, actor, agency: Agency, rows: list[dict[str, Any]]
) -> list[WorkforceLanguage]:
    """Replace the agency's table of staff language skills. Every row is checked before
    anything changes; a bad row leaves the stored table as it was."""
    from puente.lib.languages import is_known_language

    problems, seen = [], set()
    for number, row in enumerate(rows, start=1):
        language, level = row.get("language") or "", row.get("level") or ""
        staff, sworn = row.get("staff"), row.get("sworn")
        if not is_known_language(language):
            problems.append(_("Row %(n)s: unknown language.") % {"n": number})
        if level not in WorkforceLanguage.Level.values:
            problems.append(_("Row %(n)s: unknown level.") % {"n": number})
        if not isinstance(staff, int) or staff < 0:
            problems.append(
                _("Row %(n)s: give the number of staff, 0 or more.") % {"n": number}
            )
        elif sworn is not None and (
            not isinstance(sworn, int) or not 0 <= sworn <= staff
        ):
            problems.append(
                _("Row %(n)s: sworn officers must be between 0 and the staff count.")
                % {"n": number}
            )
        if (language, level) in seen:
            problems.append(
                _("Row %(n)s: this language and level appear twice.") % {"n": number}
            )
        seen.add((language, level))
    if problems:
        raise ValidationError(problems)
    before = {
        f"{w.language}/{w.level}": w.staff for w in agency.workforce_languages.all()
    }
    agency.workforce_languages.all().delete()
    created = WorkforceLanguage.objects.bulk_create(
        WorkforceLanguage(
            agency=agency, language=r["language"], level=r["level"],
            staff=r["staff"], sworn=r.get("sworn"),
        )
        for r in rows if r["staff"]
    )  # fmt: skip
    after = {f"{w.language}/{w.level}": w.staff for w in created}
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, agency=agency, obj=agency,
        changes={"workforce_languages": [before, after]},
    )  # fmt: skip
    return created


# A program's team: its evaluators (who run campaigns and review) and editors.
@transaction.atomic
def program_membership_add(
    *, actor, program: Program, email: str, role: str, full_name: str = ""
) -> tuple[ProgramMembership, bool]:
    """Give the person with `email` a role in `program`, creating their account (no
    usable password) when they have none. Returns (membership, user_created).
    Raises ValidationError if they are already on the team."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    user_created = user is None
    if user_created:
        user = User.objects.create_user(email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if ProgramMembership.objects.filter(user=user, program=program).exists():
        raise ValidationError(
            _("%(email)s is already on this program's team.") % {"email": email}
        )
    membership = ProgramMembership(user=user, program=program, role=role)
    membership.full_clean()
    membership.save()
    record(
        action=AuditEvent.Action.CREATE, actor=actor, obj=membership,
        changes={"role": [None, role], "user": [None, email], "program": program.slug},
    )  # fmt: skip
    return membership, user_created


def _ensure_an_evaluator_remains(membership: ProgramMembership) -> None:
    others = ProgramMembership.objects.filter(
        program_id=membership.program_id, role=ProgramRole.EVALUATOR
    ).exclude(pk=membership.pk)
    if membership.role == ProgramRole.EVALUATOR and not others.exists():
        raise ValidationError(_("A program needs at least one evaluator."))


@transaction.atomic
def program_membership_change_role(
    *, actor, membership: ProgramMembership, role: str
) -> ProgramMembership:
    if role not in ProgramRole.values:
        raise ValidationError(_("Choose a valid role."))
    if role == membership.role:
        return membership
    _ensure_an_evaluator_remains(membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, obj=membership,
        changes={"role": [old, role]},
    )  # fmt: skip
    return membership


@transaction.atomic
def program_membership_remove(*, actor, membership: ProgramMembership) -> None:
    _ensure_an_evaluator_remains(membership)
    record(
        action=AuditEvent.Action.DELETE, actor=actor, obj=membership,
        changes={"role": [membership.role, None], "user": [membership.user.email, None]},
    )  # fmt: skip
    membership.delete()
