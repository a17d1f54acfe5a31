"""Charts as Vega-Lite specs built with altair and rendered offline to SVG by vl-convert.

Every chart carries its title (shown by the page as the figure's caption, not drawn twice)
and its data as a table, so a page can show the picture and, next
to it, the same numbers for screen readers and for anyone who wants to read them. Rendering is
cached by the spec itself: the same data gives the same SVG without running Vega again.
"""

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache as cache_once, lru_cache
from typing import Any

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

# Dark enough on white for WCAG's 3:1 for graphics; the line series are told apart by dash too.
PALETTE = ["#1f5f8b", "#b5451b", "#2e7d32", "#6a3d9a", "#8a6d00", "#444444"]
FONT = "DejaVu Sans, sans-serif"
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Chart:
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    spec: dict = field(repr=False)

    @property
    def svg(self) -> SafeString:
        return mark_safe(render_svg(self.spec, title=self.title))  # noqa: S308 - vl-convert escapes the text it draws


def _config(chart):
    # Specs are built without altair's JSON-schema validation, which costs more than the
    # rest of a dashboard; the tests validate every shape this module makes instead.
    return chart.configure(font=FONT, background="white").configure_view(strokeWidth=0)


def bar_chart(
    data: Mapping[str, float] | Sequence[tuple[str, float]],
    *,
    title: str,
    category: str,
    value: str,
    sort_by_value: bool = True,
    width: int = 420,
) -> Chart:
    """Horizontal bars, one per category: the shape every count on a dashboard takes."""
    pairs = list(data.items()) if isinstance(data, Mapping) else list(data)
    if sort_by_value:
        pairs.sort(key=lambda kv: (-(kv[1] or 0), str(kv[0])))
    records = [{"category": str(k), "value": v} for k, v in pairs]
    spec = _with_data(
        _bar_template(str(category), str(value), width),
        records,
        height=max(24 * len(records), 40),
    )
    return Chart(title=title, columns=(category, value), rows=pairs, spec=spec)


def line_chart(
    records: Sequence[Mapping[str, Any]],
    *,
    title: str,
    x: str,
    y: str,
    series: str | None = None,
    x_title: str,
    y_title: str,
    series_title: str = "",
    width: int = 420,
) -> Chart:
    """A line per series over ordered periods (quarters, years): trends and goals against targets."""
    values = [dict(r) for r in records]
    template = _line_template(
        x, y, series, str(x_title), str(y_title), str(series_title), width
    )
    columns = (series_title, x_title, y_title) if series else (x_title, y_title)
    keys = (series, x, y) if series else (x, y)
    rows = [tuple(r.get(k) for k in keys) for r in values]
    return Chart(
        title=title, columns=columns, rows=rows, spec=_with_data(template, values)
    )


def grouped_bar_chart(
    records: Sequence[tuple[str, str, float]],
    *,
    title: str,
    category: str,
    series: str,
    value: str,
    domain: tuple[float, float] | None = None,
    width: int = 420,
) -> Chart:
    """Bars side by side per category, one per series (a score, last time's, the peers')."""
    values = [{"category": str(c), "series": str(s), "value": v} for c, s, v in records]
    categories = len({v["category"] for v in values})
    spec = _with_data(
        _grouped_template(str(category), str(series), str(value), domain, width),
        values,
        height=max(36 * categories, 40),
    )
    return Chart(
        title=title, columns=(category, series, value), rows=list(records), spec=spec
    )


# A chart's shape depends only on its titles and size; altair builds each shape once and the
# data goes into a copy of it, which keeps a dashboard of several charts fast. The shapes
# are kept in the shared cache too (by altair's version and the arguments): altair keeps
# about 20 MB in a process once imported, and a web worker must hold under 150 MB (issue
# 13), so a worker that finds the shape there never imports it.


@cache_once
def _altair_version() -> str:
    from importlib.metadata import version

    return version("altair")


def _shared_template(build):
    """`build(*args)`'s Vega-Lite shape, from this process's memo, else the shared
    cache, else built (by altair) and stored in both. Arguments are positional."""

    @lru_cache(maxsize=256)
    def template(*args) -> dict:
        digest = hashlib.sha256(json.dumps(args, default=str).encode()).hexdigest()
        key = f"chart-template:{_altair_version()}:{build.__name__}:{digest}"
        spec = cache.get(key)
        if spec is None:
            spec = build(*args)
            cache.set(key, spec, CACHE_SECONDS)
        return spec

    return template


def _with_data(template: dict, values: list[dict], **properties) -> dict:
    return {**template, "data": {"values": values}, **properties}


@_shared_template
def _bar_template(category: str, value: str, width: int) -> dict:
    import altair as alt

    chart = (
        alt.Chart(alt.Data(values=[]))
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y(
                "category:N", title=category, sort=None, axis=alt.Axis(labelLimit=280)
            ),
            # Large counts (70,000) side by side ran into each other: fewer ticks,
            # and any label that would still touch its neighbour is dropped.
            x=alt.X(
                "value:Q",
                title=value,
                axis=alt.Axis(tickCount=4, labelOverlap="greedy", labelFlush=True),
            ),
            tooltip=[
                alt.Tooltip("category:N", title=category),
                alt.Tooltip("value:Q", title=value),
            ],
        )
        .properties(width=width, height=40)
    )
    text = chart.mark_text(align="left", dx=3, color="#222").encode(
        text=alt.Text("value:Q")
    )
    return _config(chart + text).to_dict(validate=False)


@_shared_template
def _grouped_template(
    category: str,
    series: str,
    value: str,
    domain: tuple[float, float] | None,
    width: int,
) -> dict:
    import altair as alt

    scale = alt.Scale(domain=list(domain)) if domain else alt.Undefined
    chart = (
        alt.Chart(alt.Data(values=[]))
        .mark_bar()
        .encode(
            y=alt.Y(
                "category:N", title=category, sort=None, axis=alt.Axis(labelLimit=280)
            ),
            yOffset=alt.YOffset("series:N", sort=None),
            x=alt.X("value:Q", title=value, scale=scale),
            color=alt.Color(
                "series:N", title=series, sort=None, scale=alt.Scale(range=PALETTE)
            ),
            tooltip=[
                alt.Tooltip("category:N", title=category),
                alt.Tooltip("series:N", title=series),
                alt.Tooltip("value:Q", title=value),
            ],
        )
        .properties(width=width, height=40)
    )
    return _config(chart).to_dict(validate=False)


@_shared_template
def _line_template(
    x: str, y: str, series: str | None, x_title: str, y_title: str,
    series_title: str, width: int,
) -> dict:  # fmt: skip
    import altair as alt

    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:O", title=x_title, sort=None),
        "y": alt.Y(f"{y}:Q", title=y_title),
    }
    tooltip = [
        alt.Tooltip(f"{x}:O", title=x_title),
        alt.Tooltip(f"{y}:Q", title=y_title),
    ]
    if series:
        encoding["color"] = alt.Color(
            f"{series}:N", title=series_title, scale=alt.Scale(range=PALETTE)
        )
        encoding["strokeDash"] = alt.StrokeDash(f"{series}:N", title=series_title)
        tooltip.insert(0, alt.Tooltip(f"{series}:N", title=series_title))
    chart = (
        alt.Chart(alt.Data(values=[]))
        .mark_line(point=True, color=PALETTE[0])
        .encode(**encoding, tooltip=tooltip)
        .properties(width=width, height=220)
    )
    return _config(chart).to_dict(validate=False)


def chart_from_spec(
    spec: dict, *, title: str, columns: tuple[str, ...], rows: list[tuple]
) -> Chart:
    """For the few charts (maps, layered figures) that are easier to build by hand."""
    return Chart(title=title, columns=columns, rows=rows, spec=spec)


# The last charts drawn, in this process, by the same key as the shared cache: a dashboard
# shown again with the same figures takes its pictures from memory instead of one cache
# round trip of tens of kilobytes each. Keyed by content, so never stale.
_RECENT_SVG: OrderedDict[str, str] = OrderedDict()
_RECENT_SVG_SIZE = 64
_RECENT_SVG_LOCK = threading.Lock()  # web workers may run threads


def render_svg(spec: dict, *, title: str = "") -> str:
    """The SVG for a Vega-Lite spec, cached by the spec's content (and the title)."""
    payload = json.dumps(spec, sort_keys=True, default=str)
    key = "chart-svg:" + hashlib.sha256(payload.encode()).hexdigest()
    with _RECENT_SVG_LOCK:
        svg = _RECENT_SVG.get(key + title)
        if svg is not None:
            _RECENT_SVG.move_to_end(key + title)
            return svg
    svg = cache.get(key)
    if svg is None:
        svg = _accessible(_vegalite_to_svg(payload), title)
        cache.set(key, svg, CACHE_SECONDS)
    with _RECENT_SVG_LOCK:
        _RECENT_SVG[key + title] = svg
        while len(_RECENT_SVG) > _RECENT_SVG_SIZE:
            _RECENT_SVG.popitem(last=False)
    return svg


# vl-convert's JavaScript engine, once loaded, keeps about 100 MB in the process for
# its life (issue 13: a web worker must hold under 150 MB). Charts are drawn in a child
# process instead, and their SVG kept in the shared cache, so each is drawn once.
_RENDER = (
    "import sys, json, vl_convert; "
    "sys.stdout.write(vl_convert.vegalite_to_svg(json.loads(sys.stdin.read())))"
)


def _vegalite_to_svg(payload: str) -> str:
    """The SVG text for a Vega-Lite spec given as JSON text, drawn by vl-convert in a
    child Python process. RuntimeError with vl-convert's message if it fails."""
    import subprocess
    import sys

    done = subprocess.run(  # noqa: S603 - our own interpreter and code, spec on stdin
        [sys.executable, "-c", _RENDER],
        input=payload, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"vl-convert failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def _accessible(svg: str, title: str) -> str:
    """Vega draws a graphics-document; give it a role and a name, and drop the XML prolog so it
    can sit inline in HTML. The data table beside it carries the numbers."""
    from django.utils.html import escape

    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    return re.sub(
        r"^<svg\b",
        f'<svg role="img" aria-label="{escape(title)}" focusable="false"',
        svg,
        count=1,
    )


def interval_chart(
    records: Sequence[Mapping[str, Any]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    low_title: str,
    high_title: str,
    width: int = 420,
) -> Chart:
    """Points with their intervals over ordered positions, and a line at zero: an
    event study. `records` have `x` (label), `y`, `low` and `high`."""
    import altair as alt

    values = [
        {"x": str(r["x"]), "y": r["y"], "low": r["low"], "high": r["high"]}
        for r in records
    ]
    x = alt.X("x:O", title=str(x_title), sort=None)
    tooltip = [
        alt.Tooltip("x:O", title=str(x_title)),
        alt.Tooltip("y:Q", title=str(y_title), format=".1f"),
        alt.Tooltip("low:Q", title=str(low_title), format=".1f"),
        alt.Tooltip("high:Q", title=str(high_title), format=".1f"),
    ]
    base = alt.Chart(alt.Data(values=[]))
    rule = base.mark_rule(color=PALETTE[0]).encode(
        x=x, y=alt.Y("low:Q", title=str(y_title)), y2="high:Q"
    )
    point = base.mark_point(filled=True, size=50, color=PALETTE[0]).encode(
        x=x, y="y:Q", tooltip=tooltip
    )
    zero = (
        alt.Chart(alt.Data(values=[{"zero": 0}]))
        .mark_rule(color=PALETTE[5], strokeDash=[4, 4])
        .encode(y="zero:Q")
    )
    layered = alt.layer(rule, point, zero).properties(width=width, height=220)
    spec = _config(layered).to_dict(validate=False)
    spec["layer"][0]["data"] = {"values": values}
    spec["layer"][1]["data"] = {"values": values}
    rows = [(v["x"], v["y"], v["low"], v["high"]) for v in values]
    return Chart(
        title=title,
        columns=(x_title, y_title, low_title, high_title),
        rows=rows,
        spec=spec,
    )
