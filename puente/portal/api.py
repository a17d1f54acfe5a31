"""The public portal over HTTP, no token needed: an agency's published portal content
in one of the portal languages, and the trust survey's results with small cells
suppressed exactly as on the results page (portal.selectors.survey_results)."""

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Router, Schema

from puente.agencies.models import Agency
from puente.lib.api import PUBLIC_READ, responses
from puente.portal import selectors

router = Router(tags=["public"])

PortalLanguage = Literal[tuple(settings.PORTAL_LANGUAGES)]  # type: ignore[valid-type]


class SectionOut(Schema):
    section: str
    body: str
    language: str
    version: int
    published_at: datetime | None
    fallback: bool
    outdated: bool


class NamedOut(Schema):
    name: str
    languages: list[str] = []


class PublicEventOut(Schema):
    title: str
    kind: str
    date: date
    place: str
    languages: list[str]


class MinutesOut(Schema):
    date: date
    minutes: str


class PartnerOut(Schema):
    name: str
    kind: str


class PracticeOut(Schema):
    slug: str
    title: str


class PortalOut(Schema):
    """What the public agency page shows, in `language` (sections fall back to
    English, marked `fallback`)."""

    agency: str
    language: str
    sections: list[SectionOut]
    liaisons: list[NamedOut]
    upcoming_events: list[PublicEventOut]
    advisory_members: list[NamedOut]
    minutes: list[MinutesOut]
    partners: list[PartnerOut]
    practices: list[PracticeOut]


@router.get(
    "/public/agencies/{slug}/portal/{language}",
    response=responses({200: PortalOut}, PUBLIC_READ),
    summary="An agency's public portal content in one language",
)
def portal_content(request, slug: str, language: PortalLanguage):  # type: ignore[valid-type]
    agency = get_object_or_404(Agency, slug=slug)
    with translation.override(language):
        page = selectors.agency_page(agency=agency, language=language)
        return {
            "agency": agency.slug,
            "language": language,
            "sections": [text.__dict__ for text in page["texts"].values() if text],
            "liaisons": [
                {"name": lia.name, "languages": list(lia.languages or [])}
                for lia in page["liaisons"]
            ],
            "upcoming_events": [
                {
                    "title": e.title,
                    "kind": e.kind,
                    "date": e.date,
                    "place": e.place,
                    "languages": list(e.languages or []),
                }
                for e in page["events"]
            ],  # fmt: skip
            "advisory_members": [{"name": m.name} for m in page["advisory_members"]],
            "minutes": [
                {"date": m.date, "minutes": m.minutes} for m in page["minutes"]
            ],
            "partners": [{"name": p.name, "kind": p.kind} for p in page["partners"]],
            "practices": [
                {"slug": practice.slug, "title": getattr(text, "title", "") or ""}
                for practice, text in page["practices"]
            ],
        }


class CellOut(Schema):
    """A suppressed cell gives no count: `suppressed` is true and the rest null."""

    suppressed: bool
    n: int | None
    agree: int | None
    share: float | None
    interval: list[float] | None


class SurveyResultsOut(Schema):
    agency: str
    by: str
    small_cell: int
    groups: list[str]
    responses: dict[str, CellOut]
    total_responses: CellOut
    questions: dict[str, dict[str, CellOut]]
    totals: dict[str, CellOut]


def _cell(cell) -> dict:
    if cell.suppressed:
        return {"suppressed": True, "n": None, "agree": None, "share": None,
                "interval": None}  # fmt: skip
    interval = cell.interval
    return {
        "suppressed": False, "n": cell.n, "agree": cell.agree, "share": cell.share,
        "interval": list(interval) if interval else None,
    }  # fmt: skip


@router.get(
    "/public/agencies/{slug}/survey-results",
    response=responses({200: SurveyResultsOut}, PUBLIC_READ),
    summary="What residents told the agency's trust survey, small cells suppressed",
)
def survey_results(request, slug: str, by: Literal["quarter", "language"] = "quarter"):
    """The results page's table: agreement per question by quarter (last 8) or by
    language, with Wilson intervals; cells under PUENTE_SMALL_CELL responses, and any
    cell derivable from the totals, are suppressed."""
    agency = get_object_or_404(Agency, slug=slug)
    table = selectors.survey_results(agency=agency, by=by)
    return {
        "agency": agency.slug,
        "by": by,
        "small_cell": settings.PUENTE_SMALL_CELL,
        "groups": table.groups,
        "responses": {k: _cell(c) for k, c in table.responses.items()},
        "total_responses": _cell(table.total_responses),
        "questions": {
            q: {g: _cell(c) for g, c in row.items()} for q, row in table.rows.items()
        },
        "totals": {k: _cell(c) for k, c in table.totals.items()},
    }
