"""Shares whose agreeing or disagreeing answers are too few are not shown, and no hidden
count can be worked out from what is shown (issue 14, Lakeview 2026Q4: 71 answers and
"feel safe 91%" told that 6 did not)."""

import random

import pytest

from puente.lib.suppression import share_is_publishable, suppressed_shares
from puente.portal.selectors import QUESTION_KEYS, survey_results
from puente.portal.tests.factories import SurveyResponseFactory

THRESHOLD = 11


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.PUENTE_SMALL_CELL = THRESHOLD


def test_a_share_with_a_small_part_or_complement_is_not_publishable():
    assert share_is_publishable(65, 71) is False  # 6 disagree
    assert share_is_publishable(5, 71) is False  # 5 agree
    assert share_is_publishable(40, 71) is True
    assert share_is_publishable(71, 71) is True  # nobody disagrees: no small cell


def _recoverable(shown: dict, hidden: dict, total: tuple[int, int] | None) -> dict:
    """What an attacker learns about each hidden group's agreeing count from the shown
    shares, the shown group sizes and the total: {group: (lowest, highest)} possible."""
    ranges = {}
    for group, (_agree, n) in hidden.items():
        low, high = 0, n
        if total is not None:
            rest = total[0] - sum(agree for agree, _n in shown.values())
            others = sum(m for g, (_a, m) in hidden.items() if g != group)
            low, high = max(low, rest - others), min(high, rest)
        ranges[group] = (low, high)
    return ranges


def _check_row(cells: dict[str, tuple[int, int]]):
    total = (sum(a for a, _n in cells.values()), sum(n for _a, n in cells.values()))
    hidden_keys, total_hidden = suppressed_shares(cells, total)
    shown = {k: v for k, v in cells.items() if k not in hidden_keys}
    hidden = {k: v for k, v in cells.items() if k in hidden_keys}
    for agree, n in shown.values():
        assert share_is_publishable(agree, n)
    if not total_hidden:
        assert share_is_publishable(*total)
    ranges = _recoverable(shown, hidden, None if total_hidden else total)
    for group, (low, high) in ranges.items():
        agree, n = cells[group]
        assert low <= agree <= high
        # Neither the agreeing count nor its complement can be pinned down.
        assert high > low, (group, cells)


def test_lakeview_2026q4_and_every_random_row_resist_recovery():
    _check_row({"2026Q3": (40, 60), "2026Q4": (65, 71), "2027Q1": (30, 55)})
    rng = random.Random(14)
    for _row in range(2000):
        groups = rng.randint(1, 6)
        cells = {}
        for g in range(groups):
            n = rng.randint(THRESHOLD, 90)
            cells[f"g{g}"] = (
                rng.choice(
                    [rng.randint(0, n), rng.randint(0, 12), n - rng.randint(0, 12)]
                ),
                n,
            )
        cells = {k: (max(0, min(a, n)), n) for k, (a, n) in cells.items()}
        _check_row(cells)


@pytest.mark.django_db
def test_the_public_results_page_hides_the_lakeview_share(client, agency_a):
    # 71 answers in 2026Q4, 65 feel safe (agree), 6 do not; 60 in 2026Q3, 40 agree.
    for quarter, n, agree in (("2026Q3", 60, 40), ("2026Q4", 71, 65)):
        for i in range(n):
            SurveyResponseFactory(
                agency=agency_a, quarter=quarter, safety=5 if i < agree else 1
            )
    table = survey_results(agency=agency_a, by="quarter")
    safety = table.rows["safety"]
    assert safety["2026Q4"].share is None and safety["2026Q4"].interval is None
    # Q3 alone would give Q4 away through the total: both are hidden, and the total
    # (105 of 131; 26 disagree) is shown.
    assert safety["2026Q3"].share is None
    assert table.totals["safety"].share == pytest.approx(105 / 131)
    page = client.get(f"/en/agencies/{agency_a.slug}/results/").content.decode()
    assert "92%" not in page and "91.5" not in page
    assert set(table.rows) == set(QUESTION_KEYS)
