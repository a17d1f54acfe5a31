"""Published insights over HTTP, no token needed: the campaigns their program has
published, and each one's open-data tables, the same figures, merged and suppressed
the same way, as the open-data page's CSV files (insights/opendata.py)."""

from datetime import datetime
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from ninja import Router, Schema

from puente.insights import opendata, report, selectors
from puente.insights.access import get_campaign_for_viewer
from puente.lib.api import PUBLIC_READ, responses

router = Router(tags=["public"])

Table = Literal[opendata.TABLES]  # type: ignore[valid-type]


class PublishedOut(Schema):
    campaign: str
    name: str
    program: str
    published_at: datetime
    tables: list[str]


class TableOut(Schema):
    campaign: str
    table: str
    columns: list[str]
    rows: list[list[Any]]


class DictionaryOut(Schema):
    rows: list[list[str]]


@router.get(
    "/public/insights",
    response=responses({200: list[PublishedOut]}, (304,)),
    summary="Published campaigns",
)
def published(request):
    return [
        {
            "campaign": c.slug, "name": c.name, "program": c.program.slug,
            "published_at": c.publication.published_at, "tables": list(opendata.TABLES),
        }
        for c in selectors.published_campaigns()
    ]  # fmt: skip


@router.get(
    "/public/insights/{campaign}/open-data/{table}",
    response=responses({200: TableOut}, PUBLIC_READ),
    summary="One open-data table of a published campaign",
)
def open_data_table(request, campaign: str, table: Table):  # type: ignore[valid-type]
    """Every cell covers at least PUENTE_SMALL_CELL agencies; smaller groups are merged
    or suppressed as on the pages. Column meanings: /public/insights/dictionary."""
    found, _membership = get_campaign_for_viewer(AnonymousUser(), campaign)
    context = report.publication_context(campaign=found, with_charts=False)
    columns, rows = opendata.table_rows(table, context["trends"], context["map"])
    return {"campaign": found.slug, "table": table, "columns": columns, "rows": rows}


@router.get(
    "/public/insights/dictionary",
    response=responses({200: DictionaryOut}, (304,)),
    summary="The open-data dictionary: table, column, meaning",
)
def dictionary(request):
    """Meanings in the language of Accept-Language (English or Spanish)."""
    return {"rows": [list(map(str, row)) for row in opendata.dictionary()]}
