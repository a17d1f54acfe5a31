"""Statistics the dashboards use, from SciPy. SciPy is imported inside each function
(about 90 MB), so only the processes that compute a figure pay for it."""

SIGNIFICANCE = 0.05


def count_change_p_value(before: int, after: int) -> float | None:
    """Two-sided exact test that two Poisson counts over equal periods have the same
    rate: conditional on the total, `after` is Binomial(before + after, 1/2), so the
    p-value is SciPy's `binomtest(after, total, 0.5)`. None when both counts are 0.
    Raises ValueError for a negative count."""
    if before < 0 or after < 0:
        raise ValueError("counts cannot be negative")
    total = before + after
    if total == 0:
        return None
    from scipy.stats import binomtest

    return float(binomtest(after, total, 0.5).pvalue)


def is_meaningful_change(before: int, after: int) -> bool:
    p_value = count_change_p_value(before, after)
    return p_value is not None and p_value < SIGNIFICANCE


def wilson_interval(
    successes: int, total: int, confidence: float = 0.95
) -> tuple[float, float]:
    """The Wilson score interval for a proportion (Wilson 1927): it stays within 0 to 1
    and behaves well for small samples and proportions near 0 or 1. From SciPy:
    `binomtest(...).proportion_ci(method="wilson")`."""
    if total <= 0 or not 0 <= successes <= total:
        raise ValueError("need 0 <= successes <= total and total > 0")
    from scipy.stats import binomtest

    interval = binomtest(successes, total).proportion_ci(
        confidence_level=confidence, method="wilson"
    )
    return max(0.0, float(interval.low)), min(1.0, float(interval.high))
