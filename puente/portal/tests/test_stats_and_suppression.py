"""The rules behind every published figure, without a database."""

import pytest

from puente.lib.ical import CalendarEvent, calendar
from puente.lib.stats import wilson_interval
from puente.lib.suppression import suppressed_cells


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.PUENTE_SMALL_CELL = 11


def test_nothing_is_hidden_when_every_cell_is_large():
    assert suppressed_cells({"en": 40, "es": 12, "so": 11}) == set()


def test_a_lone_small_cell_takes_the_smallest_other_cell_with_it():
    # Somali alone hidden could be worked out as total - English - Spanish.
    assert suppressed_cells({"en": 40, "es": 30, "so": 13, "hmn": 4}) == {"hmn", "so"}


def test_hidden_cells_must_add_up_to_the_threshold():
    # Two small cells (3 + 4 = 7) would give away a group of 7: a third is hidden.
    assert suppressed_cells({"en": 40, "es": 30, "so": 3, "hmn": 4}) == {
        "so",
        "hmn",
        "es",
    }


def test_empty_cells_are_neither_hidden_nor_used_as_complements():
    assert suppressed_cells({"en": 40, "ko": 0, "so": 5, "es": 20}) == {"so", "es"}


def test_every_cell_small():
    assert suppressed_cells({"en": 3, "es": 2}) == {"en", "es"}


def test_the_threshold_comes_from_settings(settings):
    settings.PUENTE_SMALL_CELL = 3
    assert suppressed_cells({"en": 40, "so": 3}) == set()


def test_wilson_interval_known_values(db):
    low, high = wilson_interval(8, 10)
    assert round(low, 3) == 0.490 and round(high, 3) == 0.943
    assert wilson_interval(0, 10)[0] == pytest.approx(0.0, abs=1e-12)
    assert wilson_interval(10, 10)[1] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        wilson_interval(1, 0)


def test_icalendar_feeds_fold_escape_and_time_events():
    from datetime import date, datetime, time

    from icalendar import Calendar

    feed = calendar(
        name="Demo",
        events=[
            CalendarEvent("x@puente", date(2026, 8, 1), "Forum, <b>" + "é" * 60),
            CalendarEvent(
                "y@puente", date(2026, 8, 2), "Fair", starts=time(18), ends=time(20, 30)
            ),
        ],
        stamp=datetime(2026, 1, 1, 12),
        product="Puente",
        zone="America/Chicago",
    )
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))
    assert "DTSTART;VALUE=DATE:20260801\r\nDTEND;VALUE=DATE:20260802" in feed
    assert "SUMMARY:Forum\\, <b>" in feed
    assert "DTSTART;TZID=America/Chicago:20260802T180000" in feed
    assert "DTEND;TZID=America/Chicago:20260802T203000" in feed
    assert "BEGIN:VTIMEZONE" in feed and feed.endswith("END:VCALENDAR\r\n")
    # And it reads back as the same events.
    parsed = list(Calendar.from_ical(feed).walk("VEVENT"))
    assert [str(e["summary"])[:5] for e in parsed] == ["Forum", "Fair"]
