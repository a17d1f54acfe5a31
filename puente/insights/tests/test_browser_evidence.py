"""The evidence on a practice's page, the practices an agency runs and the weighted
survey, in Chromium: axe-core finds no violation, in English and Spanish."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from puente.conftest import browser_sign_in
from puente.insights import evidence
from puente.language_access import services as language_services
from puente.language_access.census import DATA_DIR
from puente.portal.models import SurveyResponse
from puente.practices.models import Status
from puente.practices.services import adoption_record, evidence_replace, practice_save
from puente.principles.services import principles_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_evidence_pages_pass_axe(browser, live_server, agency_a, member_a, password):
    principles_sync()  # an earlier browser test emptied the database
    practice = practice_save(
        actor=None, slug="liaison", status=Status.PUBLISHED,
        data={"category": "liaison_program", "principles": ["root-causes"]},
        texts={"en": {"title": "Civilian community liaison", "summary": "s",
                      "description": "d", "outcomes": ""}},
    )  # fmt: skip
    panel, _truth = evidence.simulate(1)
    result = evidence.estimate(panel, min_treated=3).as_dict() | {"outcome": "trust"}
    evidence_replace(practice=practice, results=[result], is_fictional=True)
    adoption_record(
        agency=agency_a, practice=practice, started_on=datetime.date(2025, 4, 1)
    )
    name = "acs1_2018_C16001_state.csv"
    language_services.jurisdictions_import(
        actor=None, agency=agency_a, files=[(name, (DATA_DIR / name).read_bytes())],
        geoids=["27"],
    )  # fmt: skip
    SurveyResponse.objects.bulk_create(
        SurveyResponse(agency=agency_a, quarter="2026Q2", language="es",
                       home_language=("es", "en", "")[k % 3], trust=1 + k % 5)
        for k in range(30)
    )  # fmt: skip
    page = browser.new_page()
    try:
        browser_sign_in(page, live_server.url, member_a.email, password)
        for prefix in ("", "/es"):
            for path in (
                "/library/practices/liaison/",
                f"/workspace/{agency_a.slug}/practices/running/",
                f"/workspace/{agency_a.slug}/survey/weighted/",
            ):
                page.goto(f"{live_server.url}{prefix}{path}")
                violations = [
                    (v["id"], [n["target"] for n in v["nodes"]][:3])
                    for v in Axe().run(page).response["violations"]
                ]
                assert violations == [], prefix + path
        page.goto(f"{live_server.url}/library/practices/liaison/")
        assert page.locator("section.evidence figure.chart svg[role=img]").count() == 1
        assert "Evidence from 18 agencies" in page.locator("main").inner_text()
    finally:
        page.close()
