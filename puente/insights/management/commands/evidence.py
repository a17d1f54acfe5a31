import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from puente.insights import evidence
from puente.lib.suppression import small_cell_threshold


class Command(BaseCommand):
    help = (
        "Evidence of what a practice changes, from a panel file, with no database. "
        "`estimate --panel FILE.csv [--outcome NAME] --format json` prints the "
        "staggered-adoption estimate (Callaway and Sant'Anna), its 95% interval, the "
        "event-study path and a pre-trend test. The panel has one row per agency and "
        "quarter: agency, quarter (2026Q3), adopted (quarter, empty if never), one "
        "column per outcome and optionally n. Prints nothing but an explanation when "
        "fewer agencies adopted than PUENTE_SMALL_CELL. `panel --practice SLUG "
        "--outcome NAME --output FILE.csv` writes a practice's panel from the "
        "database, so the estimate can be checked; `refresh` recomputes the evidence "
        "shown on the practice pages (run it after each quarter)."
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        made = sub.add_parser("estimate", help="Estimate from a panel CSV file.")
        made.add_argument("--panel", type=Path, required=True)
        made.add_argument("--outcome")
        made.add_argument("--format", choices=["json"], default="json")
        panel = sub.add_parser("panel", help="Write a practice's panel as CSV.")
        panel.add_argument("--practice", required=True)
        panel.add_argument("--outcome", required=True)
        panel.add_argument("--output", type=Path, required=True)
        sub.add_parser("refresh", help="Recompute every practice's evidence.")

    def handle(self, *args, action: str, **options):
        getattr(self, "_" + action)(**options)

    def _refresh(self, **options):
        from puente.insights.evidence_data import evidence_refresh

        stored = evidence_refresh()
        if options["verbosity"] > 0:
            self.stdout.write(f"Stored {stored} estimates.")

    def _panel(self, *, practice: str, outcome: str, output: Path, **options):
        from puente.insights.evidence_data import OUTCOME_BY_KEY, practice_panel
        from puente.practices.models import Practice

        found = Practice.objects.filter(slug=practice).first()
        if found is None:
            raise CommandError(_("No practice %(slug)s.") % {"slug": practice})
        if outcome not in OUTCOME_BY_KEY:
            raise CommandError(
                _("No outcome %(name)s; choose one of %(names)s.")
                % {"name": outcome, "names": ", ".join(OUTCOME_BY_KEY)}
            )
        data, _agencies = practice_panel(found, OUTCOME_BY_KEY[outcome])
        output.write_text(evidence.panel_to_csv(data), encoding="utf-8")
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote {output}")

    def _estimate(self, *, panel: Path, outcome, **options):
        try:
            size = panel.stat().st_size
        except OSError:
            raise CommandError(
                _("Cannot read the panel %(path)s.") % {"path": panel}
            ) from None
        if size > evidence.MAX_BYTES:
            raise CommandError(_("The panel is larger than 20 MB."))
        try:
            data = evidence.read_panel_csv(panel.read_bytes())
            result = evidence.estimate(
                data, outcome, min_treated=small_cell_threshold()
            )
        except evidence.PanelError as error:
            raise CommandError(str(error)) from None
        if result is None:
            raise CommandError(
                _(
                    "Fewer than %(threshold)s agencies adopted within the panel: no "
                    "estimate is shown for so few (PUENTE_SMALL_CELL)."
                )
                % {"threshold": small_cell_threshold()}
            )
        self.stdout.write(json.dumps(result.as_dict(), indent=2))
