"""Who may do what inside an agency or a program. The one place roles are defined."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyRole(models.TextChoices):
    ADMIN = "admin", _("Agency admin")
    STAFF = "staff", _("Staff")
    LIAISON = "liaison", _("Liaison")
    ANALYST = "analyst", _("Analyst")
    VIEWER = "viewer", _("Viewer (read-only)")


class ProgramRole(models.TextChoices):
    EVALUATOR = "evaluator", _("Evaluator")
    EDITOR = "editor", _("Editor")


VIEW = "view"
WRITE = "write"
CHANGE_PROFILE = "change_profile"
MANAGE_MEMBERS = "manage_members"
VIEW_AUDIT = "view_audit"
# Residents' complaints and certification requests hold personal details: only the
# people who handle them read the cases; everyone sees the quarterly figures (VIEW).
HANDLE_COMPLAINTS = "handle_complaints"
HANDLE_CERTIFICATIONS = "handle_certifications"
SET_CERTIFICATION_LIMIT = "set_certification_limit"

_WRITERS = {AgencyRole.ADMIN, AgencyRole.STAFF, AgencyRole.LIAISON, AgencyRole.ANALYST}

AGENCY_PERMISSIONS: dict[str, set[str]] = {
    VIEW: set(AgencyRole.values),
    WRITE: {role.value for role in _WRITERS},
    CHANGE_PROFILE: {AgencyRole.ADMIN.value, AgencyRole.STAFF.value},
    MANAGE_MEMBERS: {AgencyRole.ADMIN.value},
    VIEW_AUDIT: {AgencyRole.ADMIN.value},
    HANDLE_COMPLAINTS: {AgencyRole.ADMIN.value, AgencyRole.STAFF.value},
    HANDLE_CERTIFICATIONS: {AgencyRole.ADMIN.value, AgencyRole.STAFF.value},
    SET_CERTIFICATION_LIMIT: {AgencyRole.ADMIN.value},
}

PROGRAM_PERMISSIONS: dict[str, set[str]] = {
    VIEW: set(ProgramRole.values),
    WRITE: set(ProgramRole.values),
}


def agency_role_allows(role: str, permission: str) -> bool:
    return role in AGENCY_PERMISSIONS[permission]


def program_role_allows(role: str, permission: str) -> bool:
    return role in PROGRAM_PERMISSIONS[permission]
