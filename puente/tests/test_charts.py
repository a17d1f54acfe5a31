"""The chart helper: Vega-Lite specs rendered offline to SVG, with a title and the data."""

import xml.etree.ElementTree as ET

import jsonschema
import pytest
from altair.vegalite.v6.schema.core import load_schema
from django.template.loader import render_to_string

from puente.lib import charts

# Rendered SVGs are kept in the shared cache, which without Redis is a database table.
pytestmark = pytest.mark.django_db


def test_bar_chart_renders_svg_with_name_and_sorted_data():
    chart = charts.bar_chart(
        {"Spanish": 40, "Vietnamese": 12, "Somali": 3},
        title="Contacts by language",
        category="Language",
        value="Contacts",
    )
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own SVG
    assert root.tag.endswith("svg")
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Contacts by language"
    texts = [t.text for t in root.iter() if t.tag.endswith("text")]
    assert "Spanish" in texts and "Somali" in texts and "40" in texts
    assert chart.rows == [("Spanish", 40), ("Vietnamese", 12), ("Somali", 3)]


def test_labels_from_users_cannot_inject_markup():
    chart = charts.bar_chart(
        {"<script>alert(1)</script>": 2}, title='A "title" <b>', category="c", value="v"
    )
    svg = str(chart.svg)
    assert "<script" not in svg and "<b>" not in svg
    ET.fromstring(svg)  # noqa: S314 - still well-formed


def test_line_chart_keeps_series_in_the_data_table():
    chart = charts.line_chart(
        [
            {"quarter": "2026Q2", "series": "Target", "n": 10},
            {"quarter": "2026Q2", "series": "Actual", "n": 7},
        ],
        title="Goal",
        x="quarter",
        y="n",
        series="series",
        x_title="Quarter",
        y_title="Count",
        series_title="Series",
    )
    assert chart.columns == ("Series", "Quarter", "Count")
    assert ("Actual", "2026Q2", 7) in chart.rows
    assert "2026Q2" in str(chart.svg)


def test_include_shows_figure_table_and_empty_state():
    chart = charts.bar_chart({"A": 1}, title="T", category="Cat", value="Val")
    html = render_to_string("includes/chart.html", {"chart": chart})
    assert "<figcaption>T</figcaption>" in html
    assert '<th scope="row">A</th>' in html and "<td>1</td>" in html
    empty = charts.bar_chart({}, title="Empty", category="Cat", value="Val")
    html = render_to_string("includes/chart.html", {"chart": empty})
    assert "No data for this period." in html and "<svg" not in html


def test_every_shape_is_a_valid_vega_lite_spec():
    specs = [
        charts.bar_chart({"A": 1, "B": 2}, title="T", category="C", value="V").spec,
        charts.line_chart(
            [{"q": "2026Q2", "n": 1}], title="T", x="q", y="n", x_title="Q", y_title="N"
        ).spec,
        charts.line_chart(
            [{"q": "2026Q2", "s": "a", "n": 1}], title="T", x="q", y="n", series="s",
            x_title="Q", y_title="N", series_title="S",
        ).spec,
        charts.grouped_bar_chart(
            [("Train", "You", 40), ("Train", "Peers", 55)], title="T", category="P",
            series="S", value="Score", domain=(0, 100),
        ).spec,
    ]  # fmt: skip
    for spec in specs:
        jsonschema.validate(spec, load_schema())
