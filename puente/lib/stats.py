"""Statistics the dashboards use, from SciPy."""

from scipy.stats import binomtest

SIGNIFICANCE = 0.05


def count_change_p_value(before: int, after: int) -> float | None:
    """Two-sided exact test that two Poisson counts over equal periods have the same
    rate: conditional on the total, `after` is Binomial(before + after, 1/2)."""
    if before < 0 or after < 0:
        raise ValueError("counts cannot be negative")
    total = before + after
    if total == 0:
        return None
    return float(binomtest(after, total, 0.5).pvalue)


def is_meaningful_change(before: int, after: int) -> bool:
    p_value = count_change_p_value(before, after)
    return p_value is not None and p_value < SIGNIFICANCE
