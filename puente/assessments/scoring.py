"""Scores per principle, in plain Python over plain data (no database).

For one response, each principle's score is the points its answers earned,
as a share of the points the best answers to the same items would have earned,
times 100. Only items the respondent was asked count: items for another
respondent type, and items hidden by skip logic, are left out of both sides.
A required item left unanswered earns nothing. The composite is the mean of the
principle scores, weighted by the instrument version's weights.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
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

    # Many responses at once (a campaign): the same rules as `score`, over arrays.

    @cached_property
    def _table(self) -> "_Table":
        return _Table(self)

    def score_table(self, responses: Sequence[tuple[Mapping[str, Any], str]]):
        """Principle scores of many (answers, respondent type) pairs at once, equal to what
        `score` gives each one: a float array of shape (len(responses), len(principles)),
        columns in `self.principles` order, NaN where `score` gives None. Needs NumPy."""
        return self._table.scores(responses)

    def group_means(self, scores, members: Sequence[Sequence[int]]):
        """Per group of rows of `scores` (an array from `score_table`), what `mean_scores`
        gives: an array of shape (len(members), len(principles)), NaN for None."""
        import numpy as np

        k = len(self.principles)
        means = np.full((len(members), k), np.nan)
        single = [g for g, rows in enumerate(members) if len(rows) == 1]
        if single:
            # The mean of one score is the score, already rounded.
            means[single] = scores[[members[g][0] for g in single]]
        for g, rows in enumerate(members):
            if len(rows) > 1:
                block = scores[list(rows)]
                for j in range(k):
                    present = [v for v in block[:, j].tolist() if not math.isnan(v)]
                    if present:
                        means[g, j] = math.fsum(present) / len(present)  # fmean
                means[g] = _round1(np, means[g])
        return means

    def composite_table(self, scores):
        """`composite` of each row of a scores array: shape (rows,), NaN for None."""
        import numpy as np

        numerator = np.zeros(len(scores))
        denominator = np.zeros(len(scores))
        for j, key in enumerate(self.principles):
            weight = self.weights[key]
            if not weight:
                continue
            column = scores[:, j]
            present = ~np.isnan(column)
            # Summed principle by principle, in the same order as `composite`.
            numerator += np.where(present, weight * np.nan_to_num(column), 0.0)
            denominator += np.where(present, weight, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.where(denominator != 0, numerator / denominator, np.nan)
        return _round1(np, values)

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


def _round1(np, values):
    """Python's `round(v, 1)` of each value of a float array (NaN stays NaN). NumPy's own
    rounding scales by ten first and so differs on values such as 0.35, which Python rounds
    from the exact binary value; a campaign has few distinct scores, so each is rounded once."""
    if not values.size:
        return values
    distinct, inverse = np.unique(values.ravel(), return_inverse=True)
    rounded = np.array([round(v, 1) for v in distinct.tolist()], dtype=float)
    return rounded[inverse].reshape(values.shape)


class _Table:
    """A Scorer's items as arrays: one column per option of every choice item."""

    def __init__(self, scorer: Scorer):
        import numpy as np

        self.principles = scorer.principles
        where = {key: j for j, key in enumerate(self.principles)}
        self.columns: dict[str, dict[str, int]] = {}
        self.types: dict[str, int] = {}
        spans: dict[str, tuple[int, int]] = {}
        width = 0
        for item in scorer.items.values():
            if item.option_points:
                values = list(item.option_points)
                self.columns[item.id] = {v: width + c for c, v in enumerate(values)}
                spans[item.id] = (width, width + len(values))
                width += len(values)
            for kind in item.respondent_types:
                self.types.setdefault(kind, len(self.types))
        self.width = width
        # Per item, in the spec's order: which respondent types see it, the item and
        # option columns its skip logic tests, and for a scored item its option columns,
        # their points and its possible points (one row per option, one column per principle).
        self.steps = []
        positions = {item_id: i for i, item_id in enumerate(scorer.items)}
        for item in scorer.items.values():
            asked_of = np.zeros(len(self.types) + 1, dtype=bool)
            for kind in item.respondent_types:
                asked_of[self.types[kind]] = True
            relevant = None
            if item.relevant_item is not None:
                wanted = [
                    c
                    for v, c in self.columns.get(item.relevant_item, {}).items()
                    if v in item.relevant_values
                ]
                relevant = (positions[item.relevant_item], np.array(wanted, dtype=int))
            scoring = None
            if item.possible:
                start, end = spans[item.id]
                points = np.zeros((end - start, len(self.principles)))
                for c, option in enumerate(item.option_points.values()):
                    for key, value in option.items():
                        points[c, where[key]] = value
                possible = np.zeros(len(self.principles))
                scored = np.zeros(len(self.principles), dtype=bool)
                for key, value in item.possible.items():
                    possible[where[key]], scored[where[key]] = value, True
                scoring = (start, end, points, possible, scored)
            self.steps.append((asked_of, relevant, scoring))

    def chosen(self, responses):
        """(responses, option columns) bool array: the options each response chose, as
        `_chosen` reads an answer (values compared as text)."""
        import numpy as np

        rows: list[int] = []
        cols: list[int] = []
        add_row, add_col = rows.append, cols.append
        columns = self.columns
        for r, (answers, _kind) in enumerate(responses):
            for item_id, answer in answers.items():
                options = columns.get(item_id)
                if options is None or answer is None:
                    continue
                if answer.__class__ is str:
                    if answer and (c := options.get(answer)) is not None:
                        add_row(r)
                        add_col(c)
                elif isinstance(answer, list | tuple | set | frozenset):
                    for value in answer:
                        if (c := options.get(str(value))) is not None:
                            add_row(r)
                            add_col(c)
                elif (c := options.get(str(answer))) is not None:
                    add_row(r)
                    add_col(c)
        chosen = np.zeros((len(responses), self.width), dtype=bool)
        chosen[np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)] = True
        return chosen

    def scores(self, responses):
        import numpy as np

        n, k = len(responses), len(self.principles)
        unknown = len(self.types)  # a respondent type no item is asked of
        kinds = np.array(
            [self.types.get(kind, unknown) for _answers, kind in responses],
            dtype=np.intp,
        )
        chosen = self.chosen(responses)
        asked = np.zeros((n, len(self.steps)), dtype=bool)
        earned = np.zeros((n, k))
        possible = np.zeros((n, k))
        for i, (asked_of, relevant, scoring) in enumerate(self.steps):
            seen = asked_of[kinds]
            if relevant is not None:
                depends_on, wanted = relevant
                seen &= asked[:, depends_on] & chosen[:, wanted].any(axis=1)
            asked[:, i] = seen
            if scoring is None:
                continue
            start, end, points, best, scored = scoring
            got = chosen[:, start:end].astype(float) @ points
            capped = np.where(scored, np.minimum(got, best), 0.0)
            # Added item by item in the spec's order, as `score` adds them, so the sums
            # are the same floats.
            earned += np.where(seen[:, None], capped, 0.0)
            possible += np.where(seen[:, None], best, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = np.where(possible != 0, 100 * earned / possible, np.nan)
        return _round1(np, shares)


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
