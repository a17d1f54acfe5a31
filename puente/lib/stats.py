"""Statistics the dashboards use, in plain Python (checked against SciPy in the tests)."""

import math
from statistics import NormalDist

SIGNIFICANCE = 0.05


def count_change_p_value(before: int, after: int) -> float | None:
    """Two-sided exact test that two Poisson counts over equal periods have the same
    rate: conditional on the total, `after` is Binomial(before + after, 1/2).

    The p-value is SciPy's `binomtest(after, total, 0.5)` (outcomes no likelier than the
    one seen), computed here in plain Python: Binomial(n, 1/2) is symmetric, so it is
    twice the lower tail up to min(after, before), capped at 1. Summing in log space
    keeps large totals exact enough and spares every web process SciPy (~90 MB)."""
    if before < 0 or after < 0:
        raise ValueError("counts cannot be negative")
    total = before + after
    if total == 0:
        return None
    low = min(before, after)
    if 2 * low == total:
        return 1.0
    return min(1.0, 2 * _binomial_half_lower_tail(low, total))


def _binomial_half_lower_tail(k: int, n: int) -> float:
    """P(X <= k) for X ~ Binomial(n, 1/2), k < n / 2: the terms fall away from the
    mean, so the sum runs downwards from k and stops once they no longer count."""
    log_half_n = n * math.log(0.5)
    log_term = (
        math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + log_half_n
    )
    total = 0.0
    term = math.exp(log_term)
    i = k
    while i >= 0:
        total += term
        if term < total * 1e-17:
            break
        # C(n, i-1) / C(n, i) = i / (n - i + 1)
        term *= i / (n - i + 1)
        i -= 1
    return total


def is_meaningful_change(before: int, after: int) -> bool:
    p_value = count_change_p_value(before, after)
    return p_value is not None and p_value < SIGNIFICANCE


def wilson_interval(
    successes: int, total: int, confidence: float = 0.95
) -> tuple[float, float]:
    """The Wilson score interval for a proportion (Wilson 1927): it stays within 0 to 1
    and behaves well for small samples and proportions near 0 or 1."""
    if total <= 0 or not 0 <= successes <= total:
        raise ValueError("need 0 <= successes <= total and total > 0")
    # The standard library's inverse normal (Wichura's AS 241, as SciPy's) spares
    # the public portal's processes SciPy.
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = (
        z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    )
    return max(0.0, centre - half), min(1.0, centre + half)
