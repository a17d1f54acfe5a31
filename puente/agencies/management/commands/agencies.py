from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from puente.agencies.registry import RegistryImportError, agencies_import_fbi


class Command(BaseCommand):
    help = (
        "Manage the agency registry. `agencies import FILE.csv` loads the FBI Crime "
        "Data Explorer agency list: it creates new agencies, updates known ones by "
        "ORI, and writes nothing if any line is wrong. Safe to run again."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Import an FBI CDE agency CSV.")
        load.add_argument("file", type=Path)

    def handle(self, *args, action: str, file: Path, **options):
        total = _count_lines(file)
        try:
            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                disable=options["verbosity"] == 0,
            ) as progress:
                task = progress.add_task("Importing agencies", total=total)
                result = agencies_import_fbi(
                    path=file, progress=lambda n: progress.advance(task, n)
                )
        except RegistryImportError as exc:
            shown = exc.problems[:50]
            more = len(exc.problems) - len(shown)
            message = "\n".join(shown)
            if more:
                message += f"\n… and {more} more problem(s)."
            raise CommandError(f"Nothing was imported.\n{message}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} agencies read: {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged."
            )
        )
        if result.format:
            self.stdout.write(result.format.describe())


def _count_lines(path: Path) -> int | None:
    try:
        with open(path, "rb") as handle:
            return max(sum(1 for _ in handle) - 1, 0)
    except OSError:
        return None
