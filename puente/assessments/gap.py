"""The gap between how an agency's police and its community partners score it.

Plain data, no database (the p-values, from `lib.stats`, are kept in the shared
cache). Per principle: the mean score from police respondents and
from community partners, the gap (police minus partners), and a permutation test of
the difference in means (SciPy's `permutation_test`, two independent groups, exact when
the groups are small enough to list every relabelling). A permutation test assumes
nothing about the shape of the scores, which matters with a handful of respondents.
The items that drive a gap are those asked of both groups whose share of points
earned differs most between them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean

from puente.assessments.scoring import ScoreResult

SIGNIFICANCE = 0.05
MIN_GROUP = 2
RESAMPLES = 9999
DRIVERS = 3


@dataclass
class Driver:
    item_id: str
    police_share: float  # percent of the item's points earned, police mean
    partner_share: float
    difference: float
    label: str = ""  # the question's wording, filled in by the page


@dataclass
class PrincipleGap:
    key: str
    police_n: int
    partner_n: int
    police_mean: float | None = None
    partner_mean: float | None = None
    gap: float | None = None
    p_value: float | None = None
    drivers: list[Driver] = field(default_factory=list)
    principle: object = None  # the Principle row, filled in by the page

    @property
    def tested(self) -> bool:
        return self.p_value is not None

    @property
    def larger_than_chance(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANCE


def _shares(
    results: Sequence[ScoreResult], key: str, same: Mapping[str, str]
) -> dict[str, list[float]]:
    shares: dict[str, list[float]] = {}
    for result in results:
        for item in result.items:
            possible = item.possible.get(key)
            if possible:
                earned = min(item.earned.get(key, 0.0), possible)
                item_id = same.get(item.item_id, item.item_id)
                shares.setdefault(item_id, []).append(100 * earned / possible)
    return shares


def agency_gap(
    police: Sequence[ScoreResult],
    partners: Sequence[ScoreResult],
    principles: Sequence[str],
    compares_with: Mapping[str, str] | None = None,
) -> list[PrincipleGap]:
    """One `PrincipleGap` per principle. Results must come from `Scorer.score(...,
    explain=True)`; `compares_with` maps a partner question to the police question it
    mirrors (the instrument's `compares_with`), so the two count as one for drivers. With fewer than MIN_GROUP scores in either group, only the counts
    are given: no means (one partner's answers would be that partner's) and no test."""
    from puente.lib.stats import mean_difference_p_values

    gaps = []
    tests: list[tuple[PrincipleGap, list[float], list[float]]] = []
    for key in principles:
        a = [r.principles[key] for r in police if r.principles.get(key) is not None]
        b = [r.principles[key] for r in partners if r.principles.get(key) is not None]
        gap = PrincipleGap(key, len(a), len(b))
        gaps.append(gap)
        if len(a) < MIN_GROUP or len(b) < MIN_GROUP:
            continue
        gap.police_mean = round(fmean(a), 1)
        gap.partner_mean = round(fmean(b), 1)
        gap.gap = round(fmean(a) - fmean(b), 1)
        if len(set(a + b)) > 1:
            tests.append((gap, a, b))
        else:
            gap.p_value = 1.0
        police_shares = _shares(police, key, {})
        partner_shares = _shares(partners, key, compares_with or {})
        drivers = [
            Driver(item, round(fmean(police_shares[item]), 1),
                   round(fmean(partner_shares[item]), 1),
                   round(fmean(police_shares[item]) - fmean(partner_shares[item]), 1))
            for item in police_shares.keys() & partner_shares.keys()
        ]  # fmt: skip
        drivers.sort(key=lambda d: (-abs(d.difference), d.item_id))
        gap.drivers = [d for d in drivers if d.difference][:DRIVERS]
    # Every principle's test in one batch: one SciPy child process at most.
    p_values = mean_difference_p_values(
        [(a, b) for _gap, a, b in tests], resamples=RESAMPLES, seed=20100
    )
    for (gap, _a, _b), p_value in zip(tests, p_values, strict=True):
        gap.p_value = p_value
    return gaps
