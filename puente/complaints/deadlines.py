"""How long an agency has to answer a U or T visa certification request: the one table of
state limits, each entry with the statute that sets it. Plain Python, no database.

Only limits a cited statute states are here. Several of these statutes set a shorter
limit when the requester is in removal proceedings; that turns on immigration status,
which Puente never stores, so only the general limit is kept (an agency that learns of
such a case handles it outside Puente). An agency admin can set the agency's own limit,
which replaces the state's (`CertificationSettings`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

U_VISA = "u"  # Form I-918 Supplement B
T_VISA = "t"  # Form I-914 Supplement B


@dataclass(frozen=True)
class StateLimit:
    state: str
    form: str
    days: int  # calendar days from receipt
    citation: str
    source: str


STATE_LIMITS: tuple[StateLimit, ...] = (
    StateLimit(
        "CA", U_VISA, 90, "Cal. Penal Code § 679.10",
        "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?sectionNum=679.10.&lawCode=PEN",
    ),
    StateLimit(
        "CA", T_VISA, 90, "Cal. Penal Code § 679.11",
        "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?sectionNum=679.11.&lawCode=PEN",
    ),
    StateLimit(
        "WA", U_VISA, 90, "Rev. Code Wash. § 7.98.020",
        "https://app.leg.wa.gov/RCW/default.aspx?cite=7.98.020",
    ),
    StateLimit(
        "WA", T_VISA, 90, "Rev. Code Wash. § 7.98.020",
        "https://app.leg.wa.gov/RCW/default.aspx?cite=7.98.020",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Deadline:
    days: int
    citation: str  # the statute, or "" for the agency's own limit
    own: bool  # set by the agency rather than a statute


def state_limit(state: str, form: str) -> StateLimit | None:
    return next((x for x in STATE_LIMITS if x.state == state and x.form == form), None)


def deadline_for(*, state: str, form: str, own_days: int | None) -> Deadline | None:
    """The agency's own limit when it set one, else its state's, else None (no limit)."""
    if own_days:
        return Deadline(days=own_days, citation="", own=True)
    limit = state_limit(state, form)
    if limit is None:
        return None
    return Deadline(days=limit.days, citation=limit.citation, own=False)


def due_date(received_on: date, days: int) -> date:
    return received_on + timedelta(days=days)


def flag(*, due_on: date | None, decided: bool, today: date, near_days: int) -> str:
    """'' (no flag), 'near' (due within `near_days`) or 'past' (due date passed), for
    a request still waiting for a decision."""
    if due_on is None or decided:
        return ""
    if today > due_on:
        return "past"
    if (due_on - today).days <= near_days:
        return "near"
    return ""
