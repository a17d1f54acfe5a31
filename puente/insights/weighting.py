"""Weighting the trust survey to the community: raking to census margins.

Plain data, no database. Raking (iterative proportional fitting, Deming and Stephan
1940) adjusts each respondent's weight until the weighted shares of every question
(language spoken at home, age band) match the community's shares from the American
Community Survey (C16001/B16001 for language, B01001 for age), from `weightipy`'s RIM
engine. Weights are then trimmed at `cap` times the mean and rescaled to mean 1 (the
trimmed survey may miss the census margins by what was trimmed: weightipy's own cap
pushed the weight onto those who did not tell, so it is not used). A respondent who did not answer a question
keeps the sample's own share for "not told" on that question, so only those who told
are moved towards the census; nobody is dropped and nobody is invented.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

NOT_TOLD = "__not_told__"
CAP = 5.0


@dataclass(frozen=True)
class Weights:
    """Weights with mean 1 over the respondents, in their order; `design_effect` is
    Kish's 1 + CV² and `effective_n` = respondents / design_effect."""

    weights: list[float]
    design_effect: float
    effective_n: float
    dimensions: list[str]


def kish(weights: Sequence[float]) -> tuple[float, float]:
    """(design effect, effective sample size) of a set of weights (Kish 1965)."""
    total = sum(weights)
    squares = sum(w * w for w in weights)
    if not weights or total <= 0:
        return 1.0, 0.0
    effective = total * total / squares
    return len(weights) / effective, effective


def rake(
    respondents: Sequence[Mapping[str, str | None]],
    margins: Mapping[str, Mapping[str, float]],
    *,
    cap: float = CAP,
) -> Weights:
    """Weights that make the respondents match `margins`.

    `respondents`: one mapping per respondent from dimension (e.g. "language") to
    category or None (not told). `margins`: dimension -> category -> population count
    or share (scaled to sum 1 here). Categories nobody in the sample gave are left out
    and the rest rescaled (nobody can stand in for them); a dimension with fewer than
    two categories present is not used. Returns all-ones weights when nothing is used.
    """
    import pandas as pd
    from weightipy import Rim, weight

    count = len(respondents)
    frame = pd.DataFrame(index=range(count))
    targets: dict[str, dict[str, float]] = {}
    for dimension, population in margins.items():
        values = [r.get(dimension) or NOT_TOLD for r in respondents]
        values = [v if v in population or v == NOT_TOLD else NOT_TOLD for v in values]
        present = Counter(values)
        told = {c: float(p) for c, p in population.items() if present.get(c) and p > 0}
        if len(told) < 2:
            continue
        not_told = present.get(NOT_TOLD, 0) / count
        scale = sum(told.values())
        target = {c: 100 * (1 - not_told) * p / scale for c, p in told.items()}
        if not_told:
            target[NOT_TOLD] = 100 * not_told
        frame[dimension] = values
        targets[dimension] = target
    if not targets or count == 0:
        return Weights([1.0] * count, 1.0, float(count), [])
    scheme = Rim("survey", max_iterations=5000, convcrit=1e-7)
    scheme.set_targets([{d: t} for d, t in targets.items()])
    raw = weight(frame, scheme).to_numpy(dtype=float)
    raw = raw * count / raw.sum()
    for _ in range(50):
        if raw.max() <= cap * (1 + 1e-9):
            break
        raw = raw.clip(max=cap)
        raw = raw * count / raw.sum()
    weights = [float(w) for w in raw]
    design, effective = kish(weights)
    return Weights(weights, design, effective, list(targets))


def weighted_share(
    answers: Sequence[bool | None], weights: Sequence[float]
) -> float | None:
    """The weighted share of True among those who answered (None skipped)."""
    total = sum(w for a, w in zip(answers, weights, strict=True) if a is not None)
    if total <= 0:
        return None
    return sum(w for a, w in zip(answers, weights, strict=True) if a) / total


def weighted_margins(
    respondents: Sequence[Mapping[str, str | None]],
    weights: Sequence[float],
    dimension: str,
) -> dict[str, float]:
    """The weighted shares of each told category of `dimension` (not told left out)."""
    totals: Counter[str] = Counter()
    for respondent, w in zip(respondents, weights, strict=True):
        value = respondent.get(dimension)
        if value:
            totals[value] += w
    whole = sum(totals.values())
    return {k: v / whole for k, v in totals.items()} if whole else {}
