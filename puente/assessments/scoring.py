"""Scores per principle, in plain Python over plain data (no database).

For one response, each principle's score is the points its answers earned,
as a share of the points the best answers to the same items would have earned,
times 100. Only items the respondent was asked count: items for another
respondent type, and items hidden by skip logic, are left out of both sides.
A required item left unanswered earns nothing. The composite is the mean of the
principle scores, weighted by the instrument version's weights.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

CHOICE_TYPES = ("single", "multiple", "yesno")


@dataclass(frozen=True)
class ItemExplanation:
    item_id: str
    answer: Any
    earned: dict[str, float]
    possible: dict[str, float]


@dataclass
class ScoreResult:
    principles: dict[str, float | None]
    composite: float | None
    items: list[ItemExplanation] = field(default_factory=list)


@dataclass(frozen=True)
class _Item:
    id: str
    type: str
    respondent_types: frozenset[str]
    relevant_item: str | None
    relevant_values: frozenset[str]
    option_points: Mapping[str, Mapping[str, float]]
    possible: Mapping[str, float]


class Scorer:
    """Scores responses to one instrument version; build it once, reuse it."""

    def __init__(self, spec: Mapping[str, Any]):
        self.principles: list[str] = list(spec["principles"])
        weights = spec.get("weights") or {}
        self.weights = {key: float(weights.get(key, 1)) for key in self.principles}
        self.items: dict[str, _Item] = {}
        for raw in spec["items"]:
            options = {
                str(o["value"]): {
                    k: float(v) for k, v in (o.get("points") or {}).items()
                }
                for o in raw.get("options") or []
            }
            possible: dict[str, float] = {}
            for points in options.values():
                for key, value in points.items():
                    if raw["type"] == "multiple":
                        possible[key] = possible.get(key, 0.0) + value
                    else:
                        possible[key] = max(possible.get(key, 0.0), value)
            relevant = raw.get("relevant") or {}
            self.items[raw["id"]] = _Item(
                id=raw["id"],
                type=raw["type"],
                respondent_types=frozenset(raw.get("respondent_types") or []),
                relevant_item=relevant.get("item"),
                relevant_values=frozenset(relevant.get("in") or []),
                option_points=options,
                possible={k: v for k, v in possible.items() if v > 0},
            )

    def is_asked(
        self, item_id: str, answers: Mapping[str, Any], respondent_type: str
    ) -> bool:
        """Whether the respondent sees the item, following skip logic back through
        the items it depends on."""
        item = self.items[item_id]
        if respondent_type not in item.respondent_types:
            return False
        if item.relevant_item is None:
            return True
        if not self.is_asked(item.relevant_item, answers, respondent_type):
            return False
        return bool(_chosen(answers.get(item.relevant_item)) & item.relevant_values)

    def score(
        self, answers: Mapping[str, Any], respondent_type: str, *, explain: bool = False
    ) -> ScoreResult:
        earned_total = dict.fromkeys(self.principles, 0.0)
        possible_total = dict.fromkeys(self.principles, 0.0)
        explanations = []
        for item in self.items.values():
            if not item.possible or not self.is_asked(
                item.id, answers, respondent_type
            ):
                continue
            answer = answers.get(item.id)
            earned: dict[str, float] = {}
            for value in _chosen(answer):
                for key, points in item.option_points.get(value, {}).items():
                    earned[key] = earned.get(key, 0.0) + points
            for key, points in item.possible.items():
                possible_total[key] += points
                earned_total[key] += min(earned.get(key, 0.0), points)
            if explain:
                explanations.append(
                    ItemExplanation(item.id, answer, earned, dict(item.possible))
                )
        principles = {
            key: (
                round(100 * earned_total[key] / possible_total[key], 1)
                if possible_total[key]
                else None
            )
            for key in self.principles
        }
        return ScoreResult(principles, self.composite(principles), explanations)

    def composite(self, principles: Mapping[str, float | None]) -> float | None:
        weighted = [
            (self.weights[k], v)
            for k, v in principles.items()
            if v is not None and self.weights.get(k)
        ]
        total = sum(w for w, _ in weighted)
        if not total:
            return None
        return round(sum(w * v for w, v in weighted) / total, 1)


def _chosen(answer: Any) -> frozenset[str]:
    if answer is None or answer == "":
        return frozenset()
    if isinstance(answer, list | tuple | set | frozenset):
        return frozenset(str(a) for a in answer)
    return frozenset({str(answer)})


def mean_scores(
    results: Iterable[Mapping[str, float | None]], principles: list[str]
) -> dict[str, float | None]:
    """Per principle, the mean over results that have a score for it."""
    collected: dict[str, list[float]] = {key: [] for key in principles}
    for result in results:
        for key in principles:
            value = result.get(key)
            if value is not None:
                collected[key].append(value)
    return {
        key: (round(fmean(values), 1) if values else None)
        for key, values in collected.items()
    }


def perception_gap(
    police: Mapping[str, float | None], partner: Mapping[str, float | None]
) -> dict[str, float | None]:
    """Police score minus the partners' score, per principle (positive: police see themselves more favourably)."""
    return {
        key: (
            round(police[key] - partner[key], 1)
            if police.get(key) is not None and partner.get(key) is not None
            else None
        )
        for key in police
    }
