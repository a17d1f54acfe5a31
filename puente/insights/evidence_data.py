"""Panels for the evidence estimator, read from the database, and the refresh that
stores each practice's estimates through `practices.services.evidence_replace`.

A panel covers the last `QUARTERS` complete quarters up to the latest quarter with
data. An agency is in a practice's panel when it has the outcome in every one of those
quarters; its adoption quarter is the quarter its (first) adoption of the practice
started. An agency that stopped the practice within the window is left out: the
estimator assumes that, once adopted, a practice stays. An agency that started another
library practice within the window is left out too, so that one practice's effect is
neither credited to another nor counted against it through the comparison group.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from puente.insights import evidence
from puente.lib.quarters import Quarter
from puente.lib.suppression import small_cell_threshold
from puente.outreach.models import CommunityContact
from puente.portal.models import SurveyResponse
from puente.portal.survey import AGREE
from puente.practices.models import Adoption, Practice, Status
from puente.practices.services import evidence_replace

QUARTERS = 12


@dataclass(frozen=True)
class Outcome:
    """An outcome the estimates cover; how it reads is `practices.evidence.OUTCOMES`."""

    key: str
    survey_field: str | None = None  # None: community contacts per quarter


OUTCOMES = [
    Outcome("trust", "trust"),
    Outcome("report", "report"),
    Outcome("fair", "fair"),
    Outcome("contacts"),
]
OUTCOME_BY_KEY = {o.key: o for o in OUTCOMES}


def _survey_cells(field: str) -> dict[tuple[int, int], tuple[float, int]]:
    """(agency id, quarter index) -> (percent agreeing, answers)."""
    rows = (
        SurveyResponse.objects.filter(**{f"{field}__isnull": False})
        .values("agency_id", "quarter")
        .annotate(n=Count("pk"), agree=Count("pk", filter=Q(**{f"{field}__in": AGREE})))
    )
    cells = {}
    for row in rows:
        try:
            index = evidence.quarter_index(row["quarter"])
        except evidence.PanelError:
            continue
        cells[(row["agency_id"], index)] = (100 * row["agree"] / row["n"], row["n"])
    return cells


def _contact_cells() -> dict[tuple[int, int], tuple[float, int]]:
    rows = (
        CommunityContact.objects.annotate(y=ExtractYear("date"), m=ExtractMonth("date"))
        .values("agency_id", "y", "m")
        .annotate(n=Count("pk"))
    )
    cells: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0])
    for row in rows:
        cells[(row["agency_id"], row["y"] * 4 + (row["m"] - 1) // 3)][0] += row["n"]
    return {key: (float(value[0]), 1) for key, value in cells.items()}


def outcome_cells(outcome: Outcome) -> dict[tuple[int, int], tuple[float, int]]:
    if outcome.survey_field:
        return _survey_cells(outcome.survey_field)
    return _contact_cells()


def practice_panel(
    practice: Practice, outcome: Outcome, cells=None, *, today=None
) -> tuple[evidence.Panel, set[int]]:
    """The panel for one practice and outcome, and the ids of the agencies in it.
    Quarters with no figure (for an agency) leave that agency out."""
    cells = outcome_cells(outcome) if cells is None else cells
    if not cells:
        return evidence.Panel([], [], [], {outcome.key: []}), set()
    current = evidence.quarter_index(str(Quarter.of(today or _today())))
    last = min(max(q for _a, q in cells), current - 1)
    quarters = list(range(last - QUARTERS + 1, last + 1))
    by_agency: dict[int, dict[int, tuple[float, int]]] = defaultdict(dict)
    for (agency_id, quarter), value in cells.items():
        if quarters[0] <= quarter <= last:
            by_agency[agency_id][quarter] = value
    adoptions: dict[int, list[Adoption]] = defaultdict(list)
    for adoption in Adoption.objects.filter(practice=practice).order_by("started_on"):
        adoptions[adoption.agency_id].append(adoption)
    others = {
        a.agency_id
        for a in Adoption.objects.exclude(practice=practice).filter(
            started_on__gt=Quarter.parse(evidence.quarter_label(quarters[0])).end,
            started_on__lte=Quarter.parse(evidence.quarter_label(last)).end,
        )
    }
    agency, quarter, adopted, values, weights = [], [], [], [], []
    included = set()
    for agency_id, series in sorted(by_agency.items()):
        if len(series) < len(quarters) or agency_id in others:
            continue
        own = adoptions.get(agency_id, [])
        start = None
        if own:
            first = own[0]
            if any(
                a.ended_on
                and evidence.quarter_index(str(Quarter.of(a.ended_on))) <= last
                for a in own
            ):
                continue
            start = evidence.quarter_index(str(Quarter.of(first.started_on)))
        included.add(agency_id)
        for q in quarters:
            value, n = series[q]
            agency.append(str(agency_id))
            quarter.append(q)
            adopted.append(start)
            values.append(round(value, 4))
            weights.append(float(n))
    panel = evidence.Panel(
        agency, quarter, adopted, {outcome.key: values},
        weights if outcome.survey_field else None,
    )  # fmt: skip
    return panel, included


def _today():
    from django.utils import timezone

    return timezone.localdate()


def practice_estimates(
    practice: Practice, cells_by_outcome=None, *, today=None
) -> list[dict]:
    """Every outcome's estimate for `practice` (as dicts); outcomes with too few
    adopters or a panel that cannot be estimated are left out."""
    results = []
    for outcome in OUTCOMES:
        cells = (cells_by_outcome or {}).get(outcome.key)
        panel, _agencies = practice_panel(practice, outcome, cells, today=today)
        if not panel.agency:
            continue
        try:
            estimate = evidence.estimate(
                panel, outcome.key, min_treated=small_cell_threshold()
            )
        except evidence.PanelError:
            continue
        if estimate is not None:
            results.append(estimate.as_dict())
    return results


def evidence_refresh(*, today=None) -> int:
    """Recompute the evidence of every published practice that some agency runs and
    store it. Returns how many estimates were stored."""
    from puente.agencies.models import Agency

    cells = {o.key: outcome_cells(o) for o in OUTCOMES}
    stored = 0
    practices = Practice.objects.filter(status=Status.PUBLISHED)
    for practice in practices:
        if not Adoption.objects.filter(practice=practice).exists():
            evidence_replace(practice=practice, results=[], is_fictional=False)
            continue
        results = practice_estimates(practice, cells, today=today)
        adopters = Adoption.objects.filter(practice=practice).values("agency")
        fictional = not Agency.objects.filter(
            pk__in=adopters, is_fictional=False
        ).exists()
        evidence_replace(practice=practice, results=results, is_fictional=fictional)
        stored += len(results)
    return stored
