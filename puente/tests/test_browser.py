"""Real pages in Debian's headless Chromium, driven by Playwright."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from puente.assessments.services import national_instrument_load
from puente.conftest import browser_sign_in
from puente.operations.demo import DEMO_PASSWORD, demo_load
from puente.principles.services import principles_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(db):
    """The real demo data, as `make demo` loads it."""
    principles_sync()  # the previous browser test emptied the database
    national_instrument_load()
    demo_load()


def test_sign_in_switch_to_spanish_open_the_dashboard_and_sign_out(
    page, live_server, demo
):
    browser_sign_in(page, live_server.url, "admin@riverbend.example", DEMO_PASSWORD)
    # One agency, no program: straight to its dashboard.
    page.wait_for_url(f"{live_server.url}/workspace/riverbend-pd-fictional/")

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url(f"{live_server.url}/es/workspace/riverbend-pd-fictional/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Panel"

    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Iniciar sesión").first.is_visible()
    page.goto(f"{live_server.url}/es/workspace/riverbend-pd-fictional/")
    assert "/accounts/login/" in page.url


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(page, live_server):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "path",
    ["/", "/es/", "/agencies/", "/es/agencies/", "/principles/", "/accounts/login/"],
)
def test_public_pages_have_no_axe_violations(page, live_server, path, agency_a):
    page.goto(f"{live_server.url}{path}")
    results = Axe().run(page)
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert violations == []


def test_the_directory_works_without_javascript(
    browser, live_server, agency_a, agency_b
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/agencies/")
    page.get_by_label("Name, city, county or ORI").fill("Betatown")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/agencies/?q=Betatown*")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Betatown" in rows.first.inner_text()
    context.close()
