import csv
import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from puente.agencies.models import Program
from puente.assessments.models import AgencyScore, Campaign, Instrument
from puente.assessments.response_columns import response_columns
from puente.assessments.services import (
    campaign_create,
    current_instrument,
    instrument_load,
    responses_import,
)
from puente.lib.spreadsheets import SpreadsheetError, read_table

DEMO_PROGRAM = "demo-national-assessment-fictional"


class Command(BaseCommand):
    help = (
        "The assessment instruments, responses and scores. "
        "`instrument` exports an instrument as JSON or XLSForm; `load-instrument` loads one "
        "from a JSON or XLSForm file; `import-responses` loads paper responses (CSV or XLSX, "
        "all or nothing) into a campaign and scores it; `scores` prints a campaign's scores."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("instrument", help="Export an instrument.")
        export.add_argument("--instrument", help="Its slug (default: the current one).")
        export.add_argument("--version", type=int, dest="instrument_version")
        export.add_argument("--format", choices=["json", "xlsform"], default="json")
        export.add_argument("--output", type=Path)
        load = sub.add_parser(
            "load-instrument", help="Load an instrument version from JSON or XLSForm."
        )
        load.add_argument("file", type=Path)
        load.add_argument("--not-current", action="store_true")
        responses = sub.add_parser(
            "import-responses", help="Import responses from CSV or XLSX."
        )
        responses.add_argument("file", type=Path)
        responses.add_argument("--campaign", required=True)
        responses.add_argument("--create", action="store_true")
        responses.add_argument("--program", default=DEMO_PROGRAM)
        due = sub.add_parser(
            "send-due", help="Send the campaign emails due today (run daily)."
        )
        due.add_argument(
            "--campaign", help="One campaign (default: every open or upcoming one)."
        )
        scores = sub.add_parser("scores", help="A campaign's scores per agency.")
        scores.add_argument("--campaign", required=True)
        scores.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, action: str, **options):
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _instrument(
        self,
        instrument=None,
        instrument_version=None,
        format="json",
        output=None,
        **options,
    ):
        try:
            if instrument_version:
                found = Instrument.objects.get(
                    slug=instrument or current_instrument().slug,
                    version=instrument_version,
                )
            else:
                found = current_instrument(instrument)
        except Instrument.DoesNotExist:
            raise CommandError(
                f"No instrument {instrument or ''} {instrument_version or ''}".strip()
            ) from None
        if format == "json":
            data = (
                json.dumps(found.spec, ensure_ascii=False, indent=2) + "\n"
            ).encode()
        else:
            from puente.assessments.xlsform import spec_to_xlsform

            data = spec_to_xlsform(found.spec)
        if output:
            output.write_bytes(data)
            self.stdout.write(f"Wrote {output}")
        elif format == "json":
            self.stdout.write(data.decode(), ending="")
        else:
            sys.stdout.buffer.write(data)

    def _load_instrument(self, file: Path, not_current=False, **options):
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            if not content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
                from puente.assessments.xlsform import XLSFormError, xlsform_to_spec

                try:
                    spec = xlsform_to_spec(content)
                except XLSFormError as exc:
                    raise CommandError(
                        "Nothing was loaded.\n" + "\n".join(exc.problems)
                    ) from None
            else:
                spec = json.loads(content)
            instrument = instrument_load(spec=spec, make_current=not not_current)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file} is not valid JSON: {exc}") from None
        except ValidationError as exc:
            raise CommandError(
                "Nothing was loaded.\n" + "\n".join(exc.messages)
            ) from None
        self.stdout.write(
            f"Loaded {instrument.slug} version {instrument.version} ({len(spec['items'])} items)."
        )

    def _import_responses(
        self, file: Path, campaign: str, create=False, program=DEMO_PROGRAM, **options
    ):
        found = Campaign.objects.filter(slug=campaign).first()
        if found is None:
            if not create:
                raise CommandError(f"No campaign {campaign}; add --create to make it.")
            owner = Program.objects.filter(slug=program).first()
            if owner is None:
                raise CommandError(f"No program {program}.")
            try:
                found = campaign_create(
                    program=owner,
                    instrument=current_instrument(),
                    slug=slugify(campaign),
                    name=campaign,
                )
            except (ValidationError, Instrument.DoesNotExist) as exc:
                raise CommandError(
                    " ".join(getattr(exc, "messages", [str(exc)]))
                ) from None
        try:
            table = read_table(file)
            count = responses_import(campaign=found, table=table)
        except SpreadsheetError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from None
        except ValidationError as exc:
            shown = exc.messages[:100]
            more = len(exc.messages) - len(shown)
            raise CommandError(
                "Nothing was imported.\n"
                + "\n".join(shown)
                + (f"\n… and {more} more." if more else "")
            ) from None
        self.stdout.write(
            f"Imported {count} responses into {found.slug} and scored it."
        )
        if table.format:
            self.stdout.write(table.format.describe())
        items = {item["id"]: item for item in found.instrument.spec["items"]}
        ignored = response_columns(table.columns, items).ignored
        if ignored:
            self.stdout.write(
                f"Ignored {len(ignored)} metadata columns: {', '.join(ignored)}."
            )

    def _send_due(self, campaign=None, **options):
        from django.conf import settings

        from puente.assessments.campaigns import campaign_send_due

        campaigns = Campaign.objects.exclude(status=Campaign.Status.CLOSED)
        if campaign:
            campaigns = Campaign.objects.filter(slug=campaign)
            if not campaigns.exists():
                raise CommandError(f"No campaign {campaign}.")
        for found in campaigns:
            sent = campaign_send_due(campaign=found, base_url=settings.PUENTE_BASE_URL)
            self.stdout.write(
                f"{found.slug}: {sent.prenotices} pre-notices, {sent.invitations} invitations, "
                f"{sent.reminders} reminders; {sent.skipped_without_address} agencies have no address."
            )

    def _scores(self, campaign: str, format="json", **options):
        from puente.assessments.scoring import perception_gap

        found = (
            Campaign.objects.filter(slug=campaign).select_related("instrument").first()
        )
        if found is None:
            raise CommandError(f"No campaign {campaign}.")
        principles = found.instrument.spec["principles"]
        by_agency: dict[str, dict] = {}
        for score in (
            AgencyScore.objects.filter(campaign=found)
            .select_related("agency")
            .order_by("agency__slug")
        ):
            by_agency.setdefault(score.agency.slug, {})[score.group] = score
        rows = []
        for slug, groups in by_agency.items():
            police, partner = groups.get("police"), groups.get("partner")
            if police is None:
                continue
            rows.append(
                {
                    "agency": slug,
                    "principles": police.principle_scores,
                    "composite": police.composite,
                    "responses": police.responses,
                    "by_respondent_type": {
                        group: {
                            "principles": s.principle_scores,
                            "composite": s.composite,
                            "responses": s.responses,
                        }
                        for group, s in groups.items()
                        if group not in ("police",)
                    },
                    "perception_gap": perception_gap(
                        police.principle_scores, partner.principle_scores
                    )
                    if partner
                    else None,
                }
            )
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "campaign": found.slug,
                        "principles": principles,
                        "agencies": rows,
                    },
                    indent=2,
                )
            )
            return
        writer = csv.writer(self.stdout)
        writer.writerow(["agency", *principles, "composite", "responses"])
        for row in rows:
            writer.writerow(
                [
                    row["agency"],
                    *(row["principles"].get(k) for k in principles),
                    row["composite"],
                    row["responses"],
                ]
            )
