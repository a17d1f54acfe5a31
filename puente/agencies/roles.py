"""Who may do what inside an agency or a program. The one place roles are defined.

Agency permissions come from the role × action table in `docs/roles.md` (read once, at
import); this module holds no permission of its own, so the page people read and the
rule the code applies cannot drift apart.
"""

import re
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

ROLES_TABLE = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


class AgencyRole(models.TextChoices):
    ADMIN = "admin", _("Agency admin")
    PUBLISHER = "publisher", _("Publisher")
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
IMPORT_CENSUS = "import_census"
VITAL_DOCUMENTS = "vital_documents"
PUBLISH = "publish"
APPROVE_POLICY = "approve_policy"
MANAGE_MEMBERS = "manage_members"
VIEW_AUDIT = "view_audit"
# Residents' complaints and certification requests hold personal details: only the
# people who handle them read the cases; everyone sees the quarterly figures (VIEW).
HANDLE_COMPLAINTS = "handle_complaints"
HANDLE_CERTIFICATIONS = "handle_certifications"
SET_CERTIFICATION_LIMIT = "set_certification_limit"


def read_table(text: str, name: str) -> list[list[str]]:
    """The rows (cells stripped) of the markdown table between `<!-- name:begin -->` and
    `<!-- name:end -->` in `text`, header and separator left out. ValueError if absent."""
    match = re.search(
        rf"<!-- {name}:begin -->(.*?)<!-- {name}:end -->", text, flags=re.DOTALL
    )
    if match is None:
        raise ValueError(f"docs/roles.md has no {name} table")
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in match.group(1).strip().splitlines()
        if line.strip().startswith("|")
    ]
    return rows[2:]


def _agency_permissions(text: str) -> dict[str, set[str]]:
    match = re.search(r"<!-- roles:begin -->\s*(\|.*?)\n", text, flags=re.DOTALL)
    if match is None:
        raise ValueError("docs/roles.md has no roles table")
    header = [cell.strip() for cell in match.group(1).strip().strip("|").split("|")]
    roles = header[1 : 1 + len(AgencyRole.values)]
    if sorted(roles) != sorted(AgencyRole.values):
        raise ValueError(
            f"docs/roles.md names roles {roles}, expected {AgencyRole.values}"
        )
    permissions = {}
    for row in read_table(text, "roles"):
        cells = row[1 : 1 + len(roles)]
        if any(cell not in ("yes", "no") for cell in cells):
            raise ValueError(f"docs/roles.md: each cell is yes or no, row {row[0]}")
        permissions[row[0]] = {
            role for role, cell in zip(roles, cells, strict=True) if cell == "yes"
        }
    return permissions


AGENCY_PERMISSIONS: dict[str, set[str]] = _agency_permissions(
    ROLES_TABLE.read_text(encoding="utf-8")
)

PROGRAM_PERMISSIONS: dict[str, set[str]] = {
    VIEW: set(ProgramRole.values),
    WRITE: set(ProgramRole.values),
    # Evaluators run the program: they choose its reviewers and editors.
    MANAGE_MEMBERS: {ProgramRole.EVALUATOR.value},
}


def agency_role_allows(role: str, permission: str) -> bool:
    return role in AGENCY_PERMISSIONS[permission]


def program_role_allows(role: str, permission: str) -> bool:
    return role in PROGRAM_PERMISSIONS[permission]
