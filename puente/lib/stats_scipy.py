"""The SciPy side of `puente.lib.stats`: every figure is SciPy's own.

Run as a script in a child process (`python -P stats_scipy.py`, a request as JSON on
stdin, the answer as JSON on stdout), or imported by a process that has SciPy loaded
already. It imports nothing of Puente or Django, so the child only loads SciPy.
"""

import json
import sys

import numpy as np
from scipy.stats import binomtest, permutation_test, wilcoxon


def compute(request: dict) -> dict:
    """Answer a request, each list in the order asked.

    `request`: {"wilson": [[successes, total, confidence], ...], "count_change":
    [[after, total], ...], "wilcoxon": [[difference, ...], ...], "mean_difference":
    [[[a, ...], [b, ...], resamples, seed], ...]} (any may be missing). Returns the
    same keys, each with a list: [low, high] per Wilson interval, a p-value per test.
    Inputs are checked by `lib.stats`; SciPy raises ValueError for impossible ones."""
    return {
        "wilson": [_wilson(*args) for args in request.get("wilson", [])],
        "count_change": [
            float(binomtest(after, total, 0.5).pvalue)
            for after, total in request.get("count_change", [])
        ],
        "wilcoxon": [
            float(wilcoxon(differences).pvalue)
            for differences in request.get("wilcoxon", [])
        ],
        "mean_difference": [
            _mean_difference_p(*args) for args in request.get("mean_difference", [])
        ],
    }


def _wilson(successes: int, total: int, confidence: float) -> list[float]:
    interval = binomtest(successes, total).proportion_ci(
        confidence_level=confidence, method="wilson"
    )
    return [max(0.0, float(interval.low)), min(1.0, float(interval.high))]


def _difference(a, b, axis):
    return np.mean(a, axis=axis) - np.mean(b, axis=axis)


def _mean_difference_p(a: list, b: list, resamples: int, seed: int) -> float:
    test = permutation_test(
        (a, b), _difference, permutation_type="independent", vectorized=True,
        n_resamples=resamples, alternative="two-sided", rng=seed,
    )  # fmt: skip
    return float(test.pvalue)


if __name__ == "__main__":
    json.dump(compute(json.load(sys.stdin)), sys.stdout)
