"""iCalendar (RFC 5545) feeds, written with the `icalendar` library: escaping, line
folding, time zones (a VTIMEZONE for every zone used) and CRLF are its business.

An event with a start time is timed in `zone` (an IANA name, e.g. America/Chicago),
or, with no zone, in "floating" local time (RFC 5545 3.3.5: 18:00 wherever the
reader is), which is what an agency means when it gives no zone; one without a start
time is all-day."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: date
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    starts: time | None = None
    ends: time | None = None


def calendar(
    *,
    name: str,
    events: Iterable[CalendarEvent],
    stamp: datetime,
    product: str,
    zone: str | None = None,
) -> str:
    """A VCALENDAR with one VEVENT per event; `stamp` is the UTC time of the feed.
    A timed event without an end time lasts one hour (RFC 5545 would make it last no
    time at all, which calendars show badly)."""
    from icalendar import Calendar, Event

    tz = ZoneInfo(zone) if zone else None
    cal = Calendar()
    cal.add("prodid", f"-//{product}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if item.starts is None:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
        else:
            start = datetime.combine(item.day, item.starts, tzinfo=tz)
            end = (
                datetime.combine(item.day, item.ends, tzinfo=tz)
                if item.ends is not None
                else start + timedelta(hours=1)
            )
            event.add("dtstart", start)
            event.add("dtend", end)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical().decode("utf-8")
