"""The published pages pass axe-core in Chromium, in English and in Spanish."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from puente.insights.services import campaign_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(build):
    for n in range(12):
        build.add(
            answers={"out_liaison": "yes", "mon_written_policy": "no"},
            police={"train": 40 + n}, partner={"train": 30},
            consent=n < 3, stage="selected" if n < 2 else "surveyed",
            name=f"Agency {n:02d} PD (fictional)",
        )  # fmt: skip
    campaign_publish(campaign=build.campaign)
    return build


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_published_pages_have_no_axe_violations(
    browser, live_server, published, prefix
):
    campaign = published.campaign
    profile = published.agencies[0]
    page = browser.new_page()
    try:
        for path in (
            "/insights/",
            f"/insights/{campaign.slug}/",
            f"/insights/{campaign.slug}/report/",
            f"/insights/{campaign.slug}/profiles/{profile.slug}/",
        ):
            response = page.goto(f"{live_server.url}{prefix}{path}")
            assert response.status == 200, path
            results = Axe().run(page)
            violations = [
                (v["id"], [n["target"] for n in v["nodes"]][:3])
                for v in results.response["violations"]
            ]
            assert violations == [], (path, violations)
    finally:
        page.close()
