import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from puente.language_access.census import AcsError, read_acs, select_geographies
from puente.language_access.rules import SafeHarbor, analyse


class Command(BaseCommand):
    help = (
        "Language access from Census tables C16001 or B16001. `language-access report --acs "
        "FILE [--acs FILE ...] --geoid GEOID [--geoid ...] --format json` prints the DOJ "
        "safe-harbor analysis of those geographies, summed. A pure computation: it needs no "
        "agency in the database. `language-access import-ages FILE [FILE ...] --agency "
        "SLUG` loads ACS table B01001 (sex by age) for the agency's jurisdictions, to "
        "which the trust survey is weighted."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser(
            "report", help="The safe-harbor analysis of one or more geographies."
        )
        report.add_argument("--acs", action="append", required=True, metavar="FILE")
        report.add_argument("--geoid", action="append", required=True)
        report.add_argument("--format", choices=["json"], default="json")
        report.add_argument(
            "--vintage",
            type=int,
            help="The ACS year, when the file names do not carry it.",
        )

        ages = sub.add_parser(
            "import-ages", help="Load B01001 for an agency's jurisdictions."
        )
        ages.add_argument("files", nargs="+", metavar="FILE")
        ages.add_argument("--agency", required=True, metavar="SLUG")
        ages.add_argument("--vintage", type=int)

    def handle(self, *args, action: str, **options):
        if action == "import-ages":
            return self._import_ages(**options)
        tables = []
        try:
            for name in options["acs"]:
                path = Path(name)
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise CommandError(f"Cannot read {name}: {exc.strerror}") from None
                tables.append(
                    read_acs(data, filename=path.name, vintage=options["vintage"])
                )
            table, vintage, geographies = select_geographies(tables, options["geoid"])
        except AcsError as exc:
            raise CommandError(str(exc)) from None
        suppressed = [g.geoid for g in geographies if g.population_5_plus.is_gap]
        if suppressed:
            raise CommandError(
                f"The population 5 and over is suppressed for {', '.join(suppressed)}."
            )
        analysis = analyse(
            geographies, table=table, vintage=vintage, rule=SafeHarbor.from_settings()
        )
        self.stdout.write(json.dumps(analysis.as_dict(), ensure_ascii=False, indent=2))

    def _import_ages(self, *, files, agency, vintage, **_options):
        from puente.agencies.models import Agency
        from puente.language_access.services import age_figures_import

        found = Agency.objects.filter(slug=agency).first()
        if found is None:
            raise CommandError(f"No agency with the slug {agency}.")
        contents = []
        for name in files:
            path = Path(name)
            try:
                contents.append((path.name, path.read_bytes()))
            except OSError as exc:
                raise CommandError(f"Cannot read {name}: {exc.strerror}") from None
        try:
            created = age_figures_import(
                actor=None, agency=found, files=contents, vintage=vintage
            )
        except AcsError as exc:
            raise CommandError(str(exc)) from None
        geoids = sorted({row.geoid for row in created})
        self.stdout.write(
            f"Loaded the adults by age of {len(geoids)} geographies: {', '.join(geoids)}"
        )
