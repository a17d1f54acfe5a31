from datetime import date

import pytest

from puente.lib.quarters import Quarter
from puente.lib.stats import count_change_p_value, is_meaningful_change


def test_quarters():
    q = Quarter.parse("2026q3")
    assert (q.start, q.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert (
        str(q.previous()) == "2026Q2"
        and str(Quarter.parse("2026Q1").previous()) == "2025Q4"
    )
    assert Quarter.of(date(2026, 12, 31)) == Quarter(2026, 4)
    with pytest.raises(ValueError, match="not a quarter"):
        Quarter.parse("2026Q5")


def test_the_exact_poisson_test(db):
    # 10 then 30: P(X >= 30 or X <= 10 | n=40, p=1/2) = 0.00222 (two-sided binomial).
    assert count_change_p_value(10, 30) == pytest.approx(0.002221, abs=1e-5)
    assert is_meaningful_change(10, 30)
    # 20 then 26 is within noise.
    assert count_change_p_value(20, 26) == pytest.approx(0.4614, abs=1e-3)
    assert not is_meaningful_change(20, 26)
    assert count_change_p_value(0, 0) is None


@pytest.mark.parametrize(
    "before,after",
    [(0, 1), (1, 0), (3, 3), (10, 30), (20, 26), (0, 40), (250, 310), (4000, 4150),
     (120_000, 121_500), (7, 0), (1, 1), (50, 51)],
)  # fmt: skip
def test_the_exact_test_agrees_with_scipy(db, before, after):
    from scipy.stats import binomtest

    expected = binomtest(after, before + after, 0.5).pvalue
    assert count_change_p_value(before, after) == pytest.approx(
        expected, rel=1e-9, abs=1e-15
    )
