"""The SciPy side of `puente.lib.stats`: every figure is SciPy's own.

Run as a script in a child process (`python -P stats_scipy.py`, a request as JSON on
stdin, the answer as JSON on stdout), or imported by a process that has SciPy loaded
already. It imports nothing of Puente or Django, so the child only loads SciPy.
"""

import json
import sys

from scipy.stats import binomtest


def compute(request: dict) -> dict:
    """Answer a request, each list in the order asked.

    `request`: {"wilson": [[successes, total, confidence], ...], "count_change":
    [[after, total], ...]} (either may be missing). Returns {"wilson": [[low, high],
    ...], "count_change": [p_value, ...]}. Inputs are checked by `lib.stats`; SciPy
    raises ValueError for impossible ones."""
    return {
        "wilson": [_wilson(*args) for args in request.get("wilson", [])],
        "count_change": [
            float(binomtest(after, total, 0.5).pvalue)
            for after, total in request.get("count_change", [])
        ],
    }


def _wilson(successes: int, total: int, confidence: float) -> list[float]:
    interval = binomtest(successes, total).proportion_ci(
        confidence_level=confidence, method="wilson"
    )
    return [max(0.0, float(interval.low)), min(1.0, float(interval.high))]


if __name__ == "__main__":
    json.dump(compute(json.load(sys.stdin)), sys.stdout)
