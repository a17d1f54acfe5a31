"""Issue 15: in the report's PDF no page ends with a heading; the heading goes over with
what it introduces (the `break-after: avoid` rule of insights/report_document.html).
Checked on WeasyPrint's laid-out boxes: the lowest content on each page must not be a
heading's line."""

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import (
    LineBox,
    MarginBox,
    ReplacedBox,
    TextBox,
)

from puente.insights.report import report_pages
from puente.insights.tests.test_pages import filled  # noqa: F401 - a fixture

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _text(box) -> str:
    if isinstance(box, TextBox):
        return box.text
    return "".join(_text(child) for child in getattr(box, "children", []))


def _lowest(box, tags, found):
    """Keep in found[0] the (bottom, ancestor tags, box) of the lowest line with text or
    image on the page, ignoring the page's margin boxes (page numbers) and boxes taken out
    of the flow (visually hidden)."""
    if isinstance(box, MarginBox) or box.style["position"] in ("absolute", "fixed"):
        return
    tags = (*tags, box.element_tag)
    if isinstance(box, ReplacedBox) or (
        isinstance(box, LineBox) and _text(box).strip()
    ):
        bottom = box.position_y + box.margin_height()
        if found[0] is None or bottom >= found[0][0]:
            found[0] = (bottom, tags, box)
        return
    for child in getattr(box, "children", []):
        _lowest(child, tags, found)


def pages_ending_with_a_heading(document) -> list[tuple[int, str]]:
    """(page number, heading text) for each page but the last whose lowest content is a
    line of a heading."""
    ending = []
    for number, page in enumerate(document.pages[:-1], start=1):
        found = [None]
        _lowest(page._page_box, (), found)
        if found[0] and HEADINGS & set(found[0][1]):
            ending.append((number, _text(found[0][2]).strip()))
    return ending


def _filler(rule: str) -> str:
    paragraphs = "".join(f"<p>Paragraph {n} of the section.</p>" for n in range(9))
    return (
        f"<style>@page {{ size: 8cm 8cm; margin: 1cm }} p {{ margin: 0 0 0.2cm }} "
        f"h2 {{ margin: 0; font-size: 12pt }} {rule}</style>"
        f"{paragraphs}<h2>Next section</h2><p>What the heading introduces.</p>"
    )


def test_the_check_finds_a_heading_left_at_the_foot_of_a_page():
    """The check can fail: without the rule, the heading of this page-sized sample
    stays at the foot of page 2; with the report's rule, it goes over."""
    # WeasyPrint's own style sheet already avoids a break after headings: undo it.
    alone = HTML(string=_filler("h2 { break-after: auto }")).render()
    assert pages_ending_with_a_heading(alone) == [(2, "Next section")]
    kept = HTML(string=_filler("h2 { break-after: avoid }")).render()
    assert pages_ending_with_a_heading(kept) == []
    assert len(kept.pages) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_page_of_the_report_ends_with_a_heading(filled, language):  # noqa: F811
    document = report_pages(campaign=filled, language=language)
    assert len(document.pages) > 5
    assert pages_ending_with_a_heading(document) == []
