"""Survey results: shares with intervals, and small cells hidden everywhere, including
those that could be worked out from the totals."""

import re

import pytest

from puente.portal.selectors import survey_results
from puente.portal.tests.factories import SurveyResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.PUENTE_SMALL_CELL = 11


def _answers(agency, language, count, quarter="2026Q2", **answers):
    SurveyResponseFactory.create_batch(
        count, agency=agency, language=language, quarter=quarter, **answers
    )


def test_shares_and_intervals_per_language(agency_a):
    _answers(agency_a, "en", 16, safety=5)
    _answers(agency_a, "en", 12, safety=1)
    _answers(agency_a, "es", 12, safety=None)
    table = survey_results(agency=agency_a, by="language")
    assert table.groups == ["en", "es"]
    cell = table.rows["safety"]["en"]
    assert (cell.n, cell.agree, cell.share) == (28, 16, 16 / 28)
    low, high = cell.interval
    assert 0.39 < low < 16 / 28 < high < 0.74
    # Spanish answered every other question, not this one: an empty cell, not a hidden one.
    assert (
        table.rows["safety"]["es"].n == 0 and not table.rows["safety"]["es"].suppressed
    )
    assert table.totals["safety"].n == 28
    assert table.total_responses.n == 40


def test_a_small_language_and_the_cell_that_would_reveal_it_are_hidden(agency_a):
    _answers(agency_a, "en", 40)
    _answers(agency_a, "es", 30)
    _answers(agency_a, "so", 13)
    _answers(agency_a, "hmn", 4)
    table = survey_results(agency=agency_a, by="language")
    hidden = {g for g, cell in table.responses.items() if cell.suppressed}
    assert hidden == {"hmn", "so"}
    assert not table.total_responses.suppressed and table.total_responses.n == 87
    for key, row in table.rows.items():
        assert {g for g, c in row.items() if c.suppressed} == {"hmn", "so"}, key
        assert row["hmn"].share is None and row["hmn"].interval is None
    assert table.any_suppressed


def test_a_small_total_hides_everything(agency_a):
    _answers(agency_a, "en", 6)
    _answers(agency_a, "es", 3)
    table = survey_results(agency=agency_a, by="quarter")
    assert table.total_responses.suppressed
    assert all(cell.suppressed for cell in table.responses.values())
    assert all(cell.suppressed for cell in table.totals.values())


def test_quarters_in_order_and_other_agencies_never_count(agency_a, agency_b):
    _answers(agency_a, "en", 12, quarter="2026Q1")
    _answers(agency_a, "en", 12, quarter="2025Q4")
    _answers(agency_b, "en", 50, quarter="2026Q1")
    table = survey_results(agency=agency_a, by="quarter")
    assert table.groups == ["2025Q4", "2026Q1"]
    assert table.total_responses.n == 24


def test_the_public_page_shows_the_same_suppressed_figures(client, agency_a):
    _answers(agency_a, "en", 40, trust=5)
    _answers(agency_a, "es", 30, trust=2)
    _answers(agency_a, "so", 13)
    _answers(agency_a, "hmn", 4)
    html = client.get(f"/en/agencies/{agency_a.slug}/results/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "English Spanish Somali Hmong All" in text
    assert "Answers 40 30 — not shown — not shown 87" in text
    assert " 13 " not in text and " 4 " not in text
    assert "Trust the police 100%" in text
    arabic = client.get(f"/ar/agencies/{agency_a.slug}/results/")
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.content.decode()


def test_no_answers_yet(client, agency_a):
    html = client.get(f"/fr/agencies/{agency_a.slug}/results/").content.decode()
    assert "Il n’y a pas encore de réponse." in html
