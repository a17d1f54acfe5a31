"""Every page fits a 360 px phone: Chromium walks the site as each kind of demo user
and fails on any page wider than the screen (sideways scrolling). Tables may scroll
inside their own box; the page itself may not."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from puente.assessments.services import national_instrument_load
from puente.conftest import browser_sign_in
from puente.operations.demo import DEMO_PASSWORD, demo_load
from puente.principles.services import principles_sync
from puente.tests.crawl import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 360
USERS = [None, "admin@riverbend.example", "evaluator@program.example"]
SEEDS = [
    "/",
    "/workspace/",
    "/workspace/riverbend-pd-fictional/",
    "/insights/",
    "/library/",
    "/agencies/",
    "/principles/",
    "/en/agencies/riverbend-pd-fictional/",
    "/ar/agencies/riverbend-pd-fictional/",
    "/so/agencies/riverbend-pd-fictional/",
]
# Where the overflow comes from: the widest elements that stick out of the screen.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
            && !e.closest('.table-wrap, .table-scroll, pre'))
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def _fetcher(page, base: str, too_wide: dict):
    """Open each url in `page`, noting in `too_wide` how far it sticks out."""

    def fetch(url: str) -> tuple[int, str, str]:
        try:
            response = page.goto(f"{base}{url}")
        except PlaywrightError:  # a file download, not a page
            return 0, "", ""
        content_type = response.headers.get("content-type", "") if response else ""
        if response is None or "html" not in content_type:
            return (response.status if response else 0), content_type, ""
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        if overflow > 0:
            too_wide[url] = [f"+{overflow}px", *page.evaluate(WIDEST)]
        return response.status, content_type, page.content()

    return fetch


@pytest.fixture
def demo(db):
    principles_sync()
    national_instrument_load()
    demo_load()


def test_every_page_fits_a_360_px_phone(browser, live_server, demo):
    from puente.agencies.models import Program

    program = Program.objects.get(is_fictional=True)
    seeds = [*SEEDS, f"/programs/{program.slug}/"]
    too_wide: dict[str, list[str]] = {}
    visited = 0
    for email in USERS:
        context = browser.new_context(
            viewport={"width": WIDTH, "height": 740}, locale="en-US"
        )
        page = context.new_page()
        if email:
            # Both steps, so the crawl reaches the pages behind the second factor.
            browser_sign_in(page, live_server.url, email, DEMO_PASSWORD)

        fetch = _fetcher(page, live_server.url, too_wide)
        visited += len(crawl(fetch, seeds, limit=120, text_files=False))
        context.close()
    assert visited > 150, "the crawl reached too few pages to mean anything"
    assert not too_wide, "\n".join(
        f"{url} {why}" for url, why in sorted(too_wide.items())
    )
