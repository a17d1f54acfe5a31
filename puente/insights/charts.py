"""The publication's charts, as Vega-Lite specs rendered offline to SVG by `lib.charts`.
Only figures that passed small-cell merging reach these functions' data."""

from django.utils.translation import gettext as _

from puente.insights.geo import STATE_FIPS, state_shapes
from puente.insights.selectors import CampaignColumn, MapData, PrincipleSummary
from puente.insights.trends import Gap
from puente.lib.charts import FONT, PALETTE, Chart, chart_from_spec, line_chart

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
CONFIG = {
    "font": FONT,
    "background": "white",
    "view": {"strokeWidth": 0},
    "axis": {"labelLimit": 260},
}
# Choropleth bands of the response rate, light to dark, with grey for states not shown.
RATE_BANDS = [
    (0.0, "#d9e7f1"),
    (0.25, "#9cc3dd"),
    (0.5, "#4f8fbf"),
    (0.75, "#1f5f8b"),
]
NOT_SHOWN = "#e6e6e6"
NO_INVITES = "#ffffff"


def _spec(**parts) -> dict:
    return {"$schema": SCHEMA, "config": CONFIG, **parts}


def distribution_chart(principles: list[PrincipleSummary]) -> Chart:
    """Per principle, the middle half of agencies' scores as a bar, the median as a tick
    and the mean as a dot."""
    shown = [p for p in principles if not p.summary.suppressed]
    records = [
        {
            "principle": p.name,
            "q1": p.summary.q1,
            "q3": p.summary.q3,
            "median": p.summary.median,
            "mean": p.summary.mean,
            "n": p.summary.n,
        }
        for p in shown
    ]
    y = {
        "field": "principle",
        "type": "nominal",
        "title": None,
        "sort": None,
    }
    x_title = _("Score (0 to 100)")
    spec = _spec(
        data={"values": records},
        width=380,
        height=max(26 * len(records), 40),
        layer=[
            {
                "mark": {"type": "bar", "color": "#9cc3dd", "height": 14},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "q1",
                        "type": "quantitative",
                        "title": x_title,
                        "scale": {"domain": [0, 100]},
                    },
                    "x2": {"field": "q3"},
                },
            },
            {
                "mark": {
                    "type": "tick",
                    "color": PALETTE[0],
                    "thickness": 3,
                    "size": 18,
                },
                "encoding": {"y": y, "x": {"field": "median", "type": "quantitative"}},
            },
            {
                "mark": {
                    "type": "point",
                    "filled": True,
                    "color": PALETTE[1],
                    "size": 40,
                },
                "encoding": {"y": y, "x": {"field": "mean", "type": "quantitative"}},
            },
        ],
    )
    return chart_from_spec(
        spec,
        title=_(
            "Scores per principle: middle half of agencies (bar), median (line) and mean (dot)"
        ),
        columns=(
            _("Principle"),
            _("Agencies"),
            _("Mean"),
            _("Median"),
            _("First quartile"),
            _("Third quartile"),
        ),
        rows=[
            (r["principle"], r["n"], r["mean"], r["median"], r["q1"], r["q3"])
            for r in records
        ],
    )


def key_answers_chart(key_answers) -> Chart:
    shown = [
        (a.label, a.overall.percent, a.overall.n)
        for a in key_answers
        if a.overall is not None and not a.overall.suppressed
    ]
    records = [{"label": label, "percent": pct} for label, pct, _n in shown]
    spec = _spec(
        data={"values": records},
        width=300,
        height=max(26 * len(records), 40),
        layer=[
            {
                "mark": {"type": "bar", "color": PALETTE[0]},
                "encoding": {
                    "y": {
                        "field": "label",
                        "type": "nominal",
                        "title": None,
                        "sort": None,
                    },
                    "x": {
                        "field": "percent",
                        "type": "quantitative",
                        "title": _("Share of agencies (%)"),
                        "scale": {"domain": [0, 100]},
                    },
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 3, "color": "#222"},
                "encoding": {
                    "y": {"field": "label", "type": "nominal", "sort": None},
                    "x": {"field": "percent", "type": "quantitative"},
                    "text": {"field": "percent", "type": "quantitative"},
                },
            },
        ],
    )
    return chart_from_spec(
        spec,
        title=_("Share of responding agencies with each practice"),
        columns=(_("Practice"), _("Share of agencies (%)"), _("Agencies")),
        rows=shown,
    )


def gap_chart(gap: list[tuple[str, Gap]]) -> Chart:
    """Police and community-partner means per principle, joined by a line."""
    shown = [(name, g) for name, g in gap if not g.suppressed]
    police, partners = _("Police"), _("Community partners")
    records = []
    for name, g in shown:
        records.append({"principle": name, "group": police, "score": g.police})
        records.append({"principle": name, "group": partners, "score": g.partner})
    y = {"field": "principle", "type": "nominal", "title": None, "sort": None}
    spec = _spec(
        data={"values": records},
        width=340,
        height=max(26 * len(shown), 40),
        layer=[
            {
                "mark": {"type": "line", "color": "#888888"},
                "encoding": {
                    "y": y,
                    "x": {"field": "score", "type": "quantitative"},
                    "detail": {"field": "principle", "type": "nominal"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "score",
                        "type": "quantitative",
                        "title": _("Mean score (0 to 100)"),
                        "scale": {"domain": [0, 100]},
                    },
                    "color": {
                        "field": "group",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": [police, partners], "range": PALETTE[:2]},
                    },
                    "shape": {
                        "field": "group",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": [police, partners],
                            "range": ["circle", "square"],
                        },
                    },
                },
            },
        ],
    )
    return chart_from_spec(
        spec,
        title=_("How police and their community partners score the same agencies"),
        columns=(
            _("Principle"),
            _("Agencies"),
            _("Police mean"),
            _("Partner mean"),
            _("Gap"),
        ),
        rows=[(name, g.n, g.police, g.partner, g.gap) for name, g in shown],
    )


def comparison_chart(columns: list[CampaignColumn], names: dict[str, str]) -> Chart:
    records = []
    for column in columns:
        for key, summary in column.principles.items():
            if not summary.suppressed:
                records.append(
                    {
                        "campaign": column.campaign.name,
                        "principle": names.get(key, key),
                        "mean": summary.mean,
                    }
                )
    return line_chart(
        records,
        title=_("Mean score per principle, campaign by campaign"),
        x="campaign",
        y="mean",
        series="principle",
        x_title=_("Campaign"),
        y_title=_("Mean score (0 to 100)"),
        series_title=_("Principle"),
        width=360,
    )


def _band_color(rate: float) -> str:
    color = RATE_BANDS[0][1]
    for low, band in RATE_BANDS:
        if rate >= low:
            color = band
    return color


def map_chart(data: MapData) -> Chart:
    """US states coloured by response rate (states with too few invited agencies in grey)
    and a dot for each respondent that agreed to be named."""
    bands = []
    for cell in data.states:
        fips = STATE_FIPS.get(cell.key)
        if fips is None:
            continue
        if cell.suppressed:
            bands.append({"id": fips, "fill": NOT_SHOWN})
        else:
            bands.append({"id": fips, "fill": _band_color(cell.yes / cell.n)})
    points = [
        {
            "name": p.name,
            "longitude": float(p.longitude),
            "latitude": float(p.latitude),
        }
        for p in data.points
    ]
    spec = _spec(
        width=620,
        height=380,
        projection={"type": "albersUsa"},
        layer=[
            {
                "data": {
                    "values": state_shapes(),
                    "format": {"type": "topojson", "feature": "states"},
                },
                "transform": [
                    {
                        "lookup": "id",
                        "from": {
                            "data": {"values": bands},
                            "key": "id",
                            "fields": ["fill"],
                        },
                        "default": NO_INVITES,
                    }
                ],
                "mark": {"type": "geoshape", "stroke": "#7a7a7a", "strokeWidth": 0.5},
                "encoding": {
                    "fill": {"field": "fill", "type": "nominal", "scale": None}
                },
            },
            {
                "data": {"values": points},
                "mark": {
                    "type": "circle",
                    "size": 22,
                    "color": PALETTE[1],
                    "opacity": 0.85,
                    "stroke": "white",
                    "strokeWidth": 0.5,
                },
                "encoding": {
                    "longitude": {"field": "longitude", "type": "quantitative"},
                    "latitude": {"field": "latitude", "type": "quantitative"},
                },
            },
        ],
    )
    return chart_from_spec(
        spec,
        title=_(
            "Map of respondents: agencies that agreed to be named (dots) and response rates by state"
        ),
        columns=(_("Agency"), _("State"), _("Latitude"), _("Longitude")),
        rows=[
            (p.name, p.state, float(p.latitude), float(p.longitude))
            for p in data.points
        ],
    )


def rate_legend() -> list[tuple[str, str]]:
    """(colour, meaning) for the map's key, drawn in HTML next to it."""
    return [
        (RATE_BANDS[0][1], _("fewer than a quarter responded")),
        (RATE_BANDS[1][1], _("a quarter to under half responded")),
        (RATE_BANDS[2][1], _("half to under three quarters responded")),
        (RATE_BANDS[3][1], _("three quarters or more responded")),
        (NOT_SHOWN, _("too few invited agencies to show")),
        (NO_INVITES, _("no agency invited")),
    ]
