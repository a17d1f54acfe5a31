"""Statistics the pages show, from SciPy: issue 17 asks for `binomtest`'s Wilson interval
and exact test, so no figure here is our own copy of a formula.

SciPy, once imported, keeps about 75 MB in the process for its life (issue 13: a web
worker must hold under 150 MB). Every figure here is a pure function of its inputs (a
few integers, or lists of scores for the tests of `insights.trends` and
`assessments.gap`), so it is kept in the shared cache by its inputs (and SciPy's
version), without expiry, and in a small memo of this process. The figures a page misses are computed all at once
in ONE child Python process (`stats_scipy.py`, which loads only SciPy), as
`lib.charts` draws charts; a process that has SciPy loaded already (the Celery worker,
commands, tests) computes them itself. Pages ask for all their figures in one batch
(`wilson_intervals`, `count_change_p_values`, `wilcoxon_p_values`,
`mean_difference_p_values`), never one child per figure.
"""

import hashlib
import json
import subprocess
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import cache as once
from pathlib import Path

from django.core.cache import cache

SIGNIFICANCE = 0.05
# Seconds the child may take: importing SciPy alone takes 1 to 3 s on a busy machine.
CHILD_TIMEOUT = 60
_CHILD = Path(__file__).with_name("stats_scipy.py")

# The figures this process used last, by cache key: a page shown again needs no cache
# round trip. Keyed by the inputs, so never stale.
_MEMO: OrderedDict[str, object] = OrderedDict()
_MEMO_SIZE = 4096
_MEMO_LOCK = threading.Lock()  # web workers may run threads


def count_change_p_values(
    pairs: Iterable[tuple[int, int]],
) -> dict[tuple[int, int], float | None]:
    """{(before, after): p-value} for each pair of counts: the two-sided exact test that
    two Poisson counts over equal periods have the same rate. Conditional on the total,
    `after` is Binomial(before + after, 1/2), so the p-value is SciPy's
    `binomtest(after, before + after, 0.5).pvalue`; None when both counts are 0.
    Raises ValueError for a negative count, RuntimeError if SciPy's child process fails."""
    pairs = {(_count(before), _count(after)) for before, after in pairs}
    keys = {
        (before, after): f"count-change:{after}:{before + after}"
        for before, after in pairs
        if before + after
    }
    values = _figures(
        "count_change",
        {key: [after, before + after] for (before, after), key in keys.items()},
    )
    return {pair: values[keys[pair]] if pair in keys else None for pair in pairs}


def count_change_p_value(before: int, after: int) -> float | None:
    """One pair's p-value of `count_change_p_values` (which see); a page with several
    should ask for them together."""
    return count_change_p_values([(before, after)])[(before, after)]


def is_significant(p_value: float | None) -> bool:
    """True when a p-value is below SIGNIFICANCE (0.05); False for None (no test)."""
    return p_value is not None and p_value < SIGNIFICANCE


def is_meaningful_change(before: int, after: int) -> bool:
    return is_significant(count_change_p_value(before, after))


def wilson_intervals(
    pairs: Iterable[tuple[int, int]], confidence: float = 0.95
) -> dict[tuple[int, int], tuple[float, float]]:
    """{(successes, total): (low, high)} for each pair: the Wilson score interval for a
    proportion (Wilson 1927), which stays within 0 to 1 and behaves well for small
    samples and proportions near 0 or 1. From SciPy:
    `binomtest(successes, total).proportion_ci(confidence_level=confidence,
    method="wilson")`, clipped to [0, 1]. Raises ValueError unless 0 <= successes <=
    total and total > 0, RuntimeError if SciPy's child process fails."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    pairs = {(_count(successes), _count(total)) for successes, total in pairs}
    for successes, total in pairs:
        if total <= 0 or successes > total:
            raise ValueError("need 0 <= successes <= total and total > 0")
    keys = {pair: f"wilson:{confidence!r}:{pair[0]}:{pair[1]}" for pair in pairs}
    values = _figures(
        "wilson", {key: [*pair, confidence] for pair, key in keys.items()}
    )
    return {pair: tuple(values[key]) for pair, key in keys.items()}


def wilson_interval(
    successes: int, total: int, confidence: float = 0.95
) -> tuple[float, float]:
    """One pair's interval of `wilson_intervals` (which see); a page with several should
    ask for them together."""
    return wilson_intervals([(successes, total)], confidence)[(successes, total)]


def wilcoxon_p_values(samples: Sequence[Sequence[float]]) -> list[float]:
    """One p-value per sample of paired differences, in order: SciPy's
    `wilcoxon(differences).pvalue` (Wilcoxon signed-rank test that the differences are
    centred on zero). Raises ValueError for an empty sample or one of only zeros
    (SciPy's own rule), RuntimeError if SciPy's child process fails."""
    wanted = [[float(x) for x in sample] for sample in samples]
    for sample in wanted:
        if not any(sample):
            raise ValueError("wilcoxon needs a non-zero difference")
    return _by_content("wilcoxon", wanted)


def mean_difference_p_values(
    groups: Sequence[tuple[Sequence[float], Sequence[float]]],
    *,
    resamples: int = 9999,
    seed: int = 20100,
) -> list[float]:
    """One p-value per pair of independent groups (a, b), in order: SciPy's two-sided
    `permutation_test` of mean(a) - mean(b) (`permutation_type="independent"`, exact
    when every relabelling can be listed within `resamples`, else that many random
    ones drawn from `seed`, so the same groups always give the same p-value). Raises
    ValueError for an empty group, RuntimeError if SciPy's child process fails."""
    wanted = []
    for a, b in groups:
        if not a or not b:
            raise ValueError("each group needs a value")
        wanted.append([[float(x) for x in a], [float(x) for x in b], resamples, seed])
    return _by_content("mean_difference", wanted)


def _by_content(kind: str, wanted: list[list]) -> list:
    """`_figures` for inputs that are lists of numbers: keyed by a digest of the
    inputs, answered in their order."""
    keys = [
        f"{kind}:" + hashlib.sha256(json.dumps(args).encode()).hexdigest()
        for args in wanted
    ]
    values = _figures(kind, dict(zip(keys, wanted, strict=True)))
    return [values[key] for key in keys]


def _count(value) -> int:
    if isinstance(value, bool) or int(value) != value or value < 0:
        raise ValueError("counts must be whole numbers, not negative")
    return int(value)


@once
def _cache_prefix() -> str:
    # A new SciPy may differ in the last digits: its figures are computed afresh.
    from importlib.metadata import version

    return f"stats:scipy-{version('scipy')}:"


def _figures(kind: str, wanted: dict[str, list]) -> dict[str, object]:
    """{key: figure} for `wanted` ({key: the arguments of `stats_scipy.compute`'s
    `kind`}): from this process's memo, then the shared cache, then SciPy for the rest,
    all in one call."""
    found: dict[str, object] = {}
    with _MEMO_LOCK:
        for key in wanted:
            if key in _MEMO:
                _MEMO.move_to_end(key)
                found[key] = _MEMO[key]
    missing = [key for key in wanted if key not in found]
    if missing:
        prefix = _cache_prefix()
        cached = cache.get_many([prefix + key for key in missing])
        fresh = {key: cached[prefix + key] for key in missing if prefix + key in cached}
        missing = [key for key in missing if key not in fresh]
        if missing:
            answer = _compute({kind: [wanted[key] for key in missing]})[kind]
            computed = dict(zip(missing, answer, strict=True))
            cache.set_many({prefix + k: v for k, v in computed.items()}, timeout=None)
            fresh |= computed
        found |= fresh
        with _MEMO_LOCK:
            _MEMO.update(fresh)
            while len(_MEMO) > _MEMO_SIZE:
                _MEMO.popitem(last=False)
    return found


def _compute(request: dict) -> dict:
    """`stats_scipy.compute(request)`, in this process when it has SciPy loaded already,
    else in a child Python process. RuntimeError with the child's message if it fails."""
    if "scipy.stats" in sys.modules:
        from puente.lib import stats_scipy

        return stats_scipy.compute(request)
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script, data on stdin
            [sys.executable, "-P", str(_CHILD)],
            input=json.dumps(request), capture_output=True, text=True,
            timeout=CHILD_TIMEOUT,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RuntimeError(f"SciPy's child process did not answer: {exc}") from exc
    if done.returncode != 0:
        raise RuntimeError(
            f"SciPy's child process failed: {done.stderr.strip()[-500:] or done.returncode}"
        )
    try:
        return json.loads(done.stdout)
    except ValueError as exc:
        raise RuntimeError(
            f"SciPy's child process gave no answer: {done.stdout[:200]!r}"
        ) from exc
