"""Statistics the dashboards and the portal use, in plain Python: SciPy would add about
75 MB to every web worker that shows one of these figures (issue 13). The tests check
both against SciPy."""

import math
from statistics import NormalDist

SIGNIFICANCE = 0.05


def count_change_p_value(before: int, after: int) -> float | None:
    """Two-sided exact test that two Poisson counts over equal periods have the same
    rate: conditional on the total, `after` is Binomial(before + after, 1/2), so the
    p-value is that of SciPy's `binomtest(after, total, 0.5)`: the distribution being
    symmetric, twice the lower tail at min(before, after), at most 1. None when both
    counts are 0. Raises ValueError for a negative count."""
    if before < 0 or after < 0:
        raise ValueError("counts cannot be negative")
    total = before + after
    if total == 0:
        return None
    low = min(before, after)
    if 2 * low == total:
        return 1.0
    # P(X = low) in logs, then the tail summed downwards, each term from the last.
    term = math.exp(
        math.lgamma(total + 1) - math.lgamma(low + 1) - math.lgamma(total - low + 1)
        - total * math.log(2)
    )  # fmt: skip
    tail = 0.0
    for k in range(low, -1, -1):
        tail += term
        if term < tail * 1e-17:
            break
        term *= k / (total - k + 1)
    return min(1.0, 2 * tail)


def is_meaningful_change(before: int, after: int) -> bool:
    p_value = count_change_p_value(before, after)
    return p_value is not None and p_value < SIGNIFICANCE


def wilson_interval(
    successes: int, total: int, confidence: float = 0.95
) -> tuple[float, float]:
    """The Wilson score interval for a proportion (Wilson 1927): it stays within 0 to 1
    and behaves well for small samples and proportions near 0 or 1. The same as SciPy's
    `binomtest(...).proportion_ci(method="wilson")` (no continuity correction)."""
    if total <= 0 or not 0 <= successes <= total:
        raise ValueError("need 0 <= successes <= total and total > 0")
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    share, z2 = successes / total, z * z
    centre = (share + z2 / (2 * total)) / (1 + z2 / total)
    half = (
        z / (1 + z2 / total)
        * math.sqrt(share * (1 - share) / total + z2 / (4 * total * total))
    )  # fmt: skip
    return max(0.0, centre - half), min(1.0, centre + half)
