"""The language-access page in Chromium: its chart reads as an image with a name, its
figures as tables, and axe-core finds no violation, in English and Spanish."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from puente.conftest import browser_sign_in
from puente.language_access import services
from puente.language_access.census import DATA_DIR
from puente.language_access.models import VitalDocument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_page_passes_axe(
    browser, live_server, agency_a, member_a, password, prefix
):
    name = "acs1_2018_C16001_state.csv"
    services.jurisdictions_import(
        actor=None, agency=agency_a, files=[(name, (DATA_DIR / name).read_bytes())],
        geoids=["27"],
    )  # fmt: skip
    services.vital_document_create(
        actor=None, agency=agency_a, kind=VitalDocument.Kind.COMPLAINT_FORM
    )
    page = browser.new_page()
    try:
        browser_sign_in(page, live_server.url, member_a.email, password)
        page.goto(
            f"{live_server.url}{prefix}/workspace/{agency_a.slug}/language-access/"
        )
        assert page.locator("html").get_attribute("lang") == (prefix.strip("/") or "en")
        assert page.locator("figure.chart svg[role=img]").count() >= 1
        assert page.get_by_role("table").count() >= 2
        results = Axe().run(page)
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
        ]
        assert violations == []
    finally:
        page.close()
