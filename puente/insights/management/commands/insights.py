import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from puente.assessments.models import Campaign
from puente.insights import report, selectors


class Command(BaseCommand):
    help = (
        "A campaign's publication. `report` writes the report (PDF or HTML, English or "
        "Spanish) to a file; `trends` prints the national trends as JSON, with small "
        "cells merged or suppressed as on the published pages. Both work whether or not "
        "the campaign is published: the operator decides where the output goes."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        made = sub.add_parser("report", help="Write a campaign's report.")
        made.add_argument("--campaign", required=True)
        made.add_argument("--format", choices=["pdf", "html"], default="pdf")
        made.add_argument("--language", choices=["en", "es"], default="en")
        made.add_argument("--output", type=Path, required=True)
        trends = sub.add_parser("trends", help="Print a campaign's national trends.")
        trends.add_argument("--campaign", required=True)
        trends.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, action: str, **options):
        try:
            campaign = Campaign.objects.select_related("instrument", "program").get(
                slug=options["campaign"]
            )
        except Campaign.DoesNotExist:
            raise CommandError(f"No campaign {options['campaign']!r}.") from None
        options["campaign"] = campaign
        getattr(self, "_" + action)(**options)

    def _report(self, *, campaign, format, language, output, **options):
        if format == "pdf":
            output.write_bytes(report.report_pdf(campaign=campaign, language=language))
        else:
            output.write_text(
                report.report_html(campaign=campaign, language=language),
                encoding="utf-8",
            )
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote {output}")

    def _trends(self, *, campaign, **options):
        data = selectors.campaign_trends(campaign=campaign).as_dict()
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
