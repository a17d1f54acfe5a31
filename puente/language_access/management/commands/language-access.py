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
        "agency in the database."
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

    def handle(self, *args, action: str, **options):
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
