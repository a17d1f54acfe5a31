"""A campaign's pages on a 360 px phone: nothing wider than the screen."""

import pytest
from django.urls import reverse

from puente.agencies.tests.factories import AgencyFactory
from puente.assessments.models import Campaign, CampaignAgency
from puente.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDEST = (
    "[...document.querySelectorAll('body *')].filter(e => "
    "e.getBoundingClientRect().right > 361).map(e => e.tagName + '.' + "
    "e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)"
)


def test_the_campaign_agency_list_fits_a_phone(
    browser, live_server, evaluator, program, instrument, password
):
    """Found at 360 px: the search form ran to 398 px, its button off the screen."""
    campaign = Campaign.objects.create(
        program=program, instrument=instrument, name="Spring (fictional)", slug="spring"
    )
    CampaignAgency.objects.create(
        campaign=campaign, agency=AgencyFactory(name="North PD (fictional)")
    )
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        browser_sign_in(page, live_server.url, evaluator.email, password)
        for prefix in ("", "/es"):
            path = reverse(
                "assessments:campaign_agencies",
                kwargs={"slug": program.slug, "campaign": campaign.slug},
            )
            page.goto(f"{live_server.url}{prefix}{path}")
            assert "North PD" in page.inner_text("main")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, page.evaluate(WIDEST)
    finally:
        page.close()
