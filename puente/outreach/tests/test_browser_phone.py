"""A liaison logs a contact on a phone-sized screen, in Chromium."""

import pytest

from puente.conftest import browser_sign_in
from puente.outreach.models import CommunityContact
from puente.outreach.tests.factories import LiaisonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def test_log_a_contact_on_a_phone(phone, live_server, member_a, agency_a, password):
    agency_a.community_languages = ["so", "es"]
    agency_a.save()
    LiaisonFactory(agency=agency_a, name="Lía Ortega", user=member_a)
    browser_sign_in(phone, live_server.url, member_a.email, password)
    phone.goto(f"{live_server.url}/workspace/{agency_a.slug}/outreach/contacts/new/")
    # The page fits the screen: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_label("Faith-based organization").tap()
    phone.get_by_label("Reporting a crime").tap()
    phone.get_by_label("An interpreter helped").tap()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Save the contact").tap()
    assert "Contact saved" in phone.locator("main").inner_text()
    contact = CommunityContact.objects.get()
    assert (
        contact.setting,
        contact.topics,
        contact.language,
        contact.interpreter_used,
        contact.liaison.name,
    ) == ("faith", ["reporting"], "so", True, "Lía Ortega")


def test_the_dashboard_charts_are_accessible(
    browser, live_server, member_a, agency_a, password
):
    """The quarter's dashboard with its SVG charts passes axe-core, and each chart's
    numbers can be read in its data table."""
    from datetime import date

    from axe_playwright_python.sync_playwright import Axe

    from puente.outreach.tests.factories import ContactFactory

    liaison = LiaisonFactory(agency=agency_a, name="Lía Ortega", user=member_a)
    for language in ("so", "so", "es"):
        ContactFactory(liaison=liaison, date=date(2026, 8, 3), language=language)
    page = browser.new_page()
    browser_sign_in(page, live_server.url, member_a.email, password)
    page.goto(f"{live_server.url}/workspace/{agency_a.slug}/outreach/?quarter=2026Q3")
    chart = page.get_by_role("img", name="Contacts by language")
    assert chart.count() == 1
    page.get_by_text("Data table: Contacts by language").click()
    table = page.get_by_role("table", name="Contacts by language")
    assert table.get_by_role("row", name="Somali 2").count() == 1
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.close()
