from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def _catalog_dirs() -> list[Path]:
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    dirs += sorted(settings.BASE_DIR.glob("*/locale"))
    return [d for d in dirs if d.is_dir()]


class Command(BaseCommand):
    help = (
        "Compile every .po catalog of the project into the .mo file Django reads. "
        "Uses Babel, so it works where GNU gettext is not installed; a catalog "
        "whose .mo is newer is skipped. Run after editing translations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet: bool = False, **options):
        compiled = 0
        for directory in _catalog_dirs():
            for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if (
                    mo_path.exists()
                    and mo_path.stat().st_mtime >= po_path.stat().st_mtime
                ):
                    continue
                locale = po_path.parent.parent.name
                try:
                    with open(po_path, "rb") as handle:
                        catalog = read_po(handle, locale=locale.replace("-", "_"))
                except Exception as exc:  # noqa: BLE001 - Babel raises many kinds
                    raise CommandError(f"{po_path}: {exc}") from exc
                with open(mo_path, "wb") as handle:
                    write_mo(handle, catalog)
                compiled += 1
        if not quiet or compiled:
            self.stdout.write(f"Compiled {compiled} catalog(s).")
