import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import to_locale

PORTAL_DIR = Path(__file__).resolve().parents[2]
# Files only staff see (in the staff languages); the other portal languages skip them.
STAFF_ONLY = [
    "tests/*", "migrations/*", "management/*", "templates/portal/workspace/*",
    "workspace_*.py", "models.py", "services.py", "admin.py", "apps.py", "demo.py",
]  # fmt: skip


def public_locales() -> list[str]:
    staff = {code for code, _name in settings.LANGUAGES}
    return [to_locale(c) for c in settings.PORTAL_LANGUAGES if c not in staff]


def staff_locales() -> list[str]:
    return [to_locale(c) for c, _n in settings.LANGUAGES if c != settings.LANGUAGE_CODE]


class Command(BaseCommand):
    help = (
        "Refresh the portal's catalogs (puente/portal/locale/) from its source: the staff "
        "languages get every string of the app, each other portal language only those of "
        "the public pages. Run after changing a portal string and after adding a portal "
        "language; then translate the new entries. Needs GNU gettext (xgettext)."
    )

    def handle(self, *args, **options):
        here = os.getcwd()
        os.chdir(PORTAL_DIR)
        try:
            common = {"no_location": True, "no_obsolete": True, "verbosity": 0}
            call_command(
                "makemessages",
                locale=staff_locales(),
                ignore_patterns=["tests/*", "migrations/*"],
                **common,
            )
            call_command(
                "makemessages",
                locale=public_locales(),
                ignore_patterns=STAFF_ONLY,
                **common,
            )
        finally:
            os.chdir(here)
        self.stdout.write(f"Catalogs refreshed in {PORTAL_DIR / 'locale'}.")
