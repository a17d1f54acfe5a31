"""How a practice's evidence reads on its page and in the national report.

The estimates are written by `insights` (through `services.evidence_replace`); this
module only turns a stored result into words, a chart and its table. The words never
claim more than the interval allows: a change is reported only when the 95% interval
leaves out zero, and a failed pre-trend test is said out loud.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _, gettext_lazy

from puente.practices.models import Evidence, Practice

PRE_TREND_ALPHA = 0.05
# key -> (what changes, as a noun phrase; is it a share in percent)
OUTCOMES: dict[str, tuple[Any, bool]] = {
    "trust": (gettext_lazy("the share of residents who trust the police"), True),
    "report": (gettext_lazy("the share of residents who would report a crime"), True),
    "fair": (gettext_lazy("the share of residents who feel treated fairly"), True),
    "contacts": (gettext_lazy("community contacts per quarter"), False),
}
ORDER = list(OUTCOMES)


def _n(value: float) -> str:
    return number_format(round(value, 1), decimal_pos=1)


def reading(result: dict[str, Any]) -> str:
    """One plain sentence for a stored estimate."""
    name, share = OUTCOMES.get(result["outcome"], (result["outcome"], False))
    values = {
        "outcome": name,
        "estimate": _n(abs(result["estimate"])),
        "signed": _n(result["estimate"]),
        "low": _n(result["ci_low"]),
        "high": _n(result["ci_high"]),
        "agencies": result["treated_agencies"],
    }
    if result["ci_low"] > 0:
        text = (
            _("Agencies that adopted it saw %(outcome)s rise by %(estimate)s points (95%% interval %(low)s to %(high)s) compared with similar agencies that had not yet adopted it.")
            if share
            else _("Agencies that adopted it saw %(outcome)s rise by %(estimate)s (95%% interval %(low)s to %(high)s) compared with similar agencies that had not yet adopted it.")
        )  # fmt: skip
    elif result["ci_high"] < 0:
        text = (
            _("Agencies that adopted it saw %(outcome)s fall by %(estimate)s points (95%% interval %(low)s to %(high)s) compared with similar agencies that had not yet adopted it.")
            if share
            else _("Agencies that adopted it saw %(outcome)s fall by %(estimate)s (95%% interval %(low)s to %(high)s) compared with similar agencies that had not yet adopted it.")
        )  # fmt: skip
    else:
        text = _(
            "No clear change in %(outcome)s: the estimate is %(signed)s, but the 95%% interval (%(low)s to %(high)s) includes no change."
        )
    return text % values


@dataclass
class EvidenceView:
    outcome: str
    label: str
    result: dict[str, Any]
    reading: str
    caution: str
    is_fictional: bool

    @property
    def estimate(self) -> str:
        return _n(self.result["estimate"])

    @property
    def ci_low(self) -> str:
        return _n(self.result["ci_low"])

    @property
    def ci_high(self) -> str:
        return _n(self.result["ci_high"])

    @property
    def shows_change(self) -> bool:
        return self.result["ci_low"] > 0 or self.result["ci_high"] < 0

    def chart(self):
        from puente.lib.charts import interval_chart

        return interval_chart(
            [
                {
                    "x": p["relative_quarter"],
                    "y": round(p["estimate"], 1),
                    "low": round(p["ci_low"], 1),
                    "high": round(p["ci_high"], 1),
                }
                for p in self.result["event_study"]
            ],  # fmt: skip
            title=_("%(outcome)s, quarter by quarter around adoption")
            % {"outcome": self.label},
            x_title=_("Quarters since adoption"),
            y_title=_("Change"),
            low_title=_("Interval, lower end"),
            high_title=_("Interval, upper end"),
        )


def _caution(result: dict[str, Any]) -> str:
    p = result.get("pre_trend_p")
    if p is not None and p < PRE_TREND_ALPHA:
        return _(
            "Caution: before they adopted it, these agencies were already moving differently from the comparison agencies (pre-trend test p = %(p)s), so the estimate may not be the practice's alone."
        ) % {"p": number_format(p, decimal_pos=3)}
    return ""


def evidence_views(practice: Practice) -> list[EvidenceView]:
    """The practice's stored evidence, in the order of `OUTCOMES`."""
    rows = sorted(
        Evidence.objects.filter(practice=practice),
        key=lambda e: ORDER.index(e.outcome) if e.outcome in ORDER else len(ORDER),
    )
    return [
        EvidenceView(
            outcome=e.outcome,
            label=str(OUTCOMES.get(e.outcome, (e.outcome,))[0]),
            result=e.result,
            reading=reading(e.result),
            caution=_caution(e.result),
            is_fictional=e.is_fictional,
        )
        for e in rows
    ]


def evidence_strength(practice_ids) -> dict[int, float]:
    """For ranking: per practice, the largest lower bound of a 95% interval among its
    outcomes in percent (survey shares), or 0 when no interval leaves out zero."""
    strength: dict[int, float] = {}
    for e in Evidence.objects.filter(practice_id__in=practice_ids):
        low = e.result["ci_low"] if OUTCOMES.get(e.outcome, ("", False))[1] else 0.0
        strength[e.practice_id] = max(strength.get(e.practice_id, 0.0), max(low, 0.0))
    return strength
