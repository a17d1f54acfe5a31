import json

from django.core.management.base import BaseCommand, CommandError

from puente.agencies.models import Agency
from puente.lib.quarters import Quarter
from puente.outreach.selectors import quarter_figures


class Command(BaseCommand):
    help = "Outreach figures. `outreach quarter --agency SLUG --quarter 2026Q3` prints the quarter's contact figures as JSON."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        quarter = sub.add_parser("quarter", help="An agency's figures for one quarter.")
        quarter.add_argument("--agency", required=True)
        quarter.add_argument("--quarter", required=True)
        quarter.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, action: str, **options):
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency {options['agency']}.")
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
