import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from puente.agencies.models import Agency
from puente.lib.quarters import Quarter
from puente.lib.spreadsheets import SpreadsheetError
from puente.outreach import imports
from puente.outreach.selectors import quarter_figures


class Command(BaseCommand):
    help = (
        "Outreach figures and imports. `outreach quarter --agency SLUG --quarter 2026Q3` "
        "prints the quarter's figures as JSON; `outreach import contacts|events FILE "
        "--agency SLUG` imports a CSV or XLSX file, all or nothing."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        quarter = sub.add_parser("quarter", help="An agency's figures for one quarter.")
        quarter.add_argument("--agency", required=True)
        quarter.add_argument("--quarter", required=True)
        quarter.add_argument("--format", choices=["json"], default="json")
        load = sub.add_parser(
            "import", help="Import contacts or events from CSV or XLSX."
        )
        load.add_argument("kind", choices=["contacts", "events"])
        load.add_argument("file", type=Path)
        load.add_argument("--agency", required=True)

    def handle(self, *args, action: str, **options):
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency {options['agency']}.")
        if action == "import":
            return self._import(agency, options["kind"], options["file"])
        try:
            quarter = Quarter.parse(options["quarter"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            json.dumps(
                quarter_figures(agency=agency, quarter=quarter),
                ensure_ascii=False,
                indent=2,
            )
        )

    def _import(self, agency: Agency, kind: str, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        run = imports.contacts_import if kind == "contacts" else imports.events_import
        try:
            result = run(actor=None, agency=agency, path=path)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from None
        except imports.ImportRejected as exc:
            for problem in exc.result.problems:
                self.stderr.write(str(problem))
            hidden = exc.result.problem_count - len(exc.result.problems)
            if hidden:
                self.stderr.write(f"... and {hidden} more problems.")
            raise CommandError(
                f"Nothing was imported: {exc.result.problem_count} problems in "
                f"{exc.result.rows} rows."
            ) from None
        self.stdout.write(f"Imported {result.rows} {kind} into {agency.name}.")
        if result.format:
            self.stdout.write(result.format.describe())
