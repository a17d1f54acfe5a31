"""The API tokens page in Chromium, on a phone-sized screen: a token is created and
shown once, revoked, and axe-core finds no violation, in English and Spanish."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from puente.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_create_and_revoke_a_token_on_a_phone(
    browser, live_server, member_a, password, prefix
):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        browser_sign_in(page, live_server.url, member_a.email, password)
        page.goto(f"{live_server.url}{prefix}/accounts/api-tokens/")
        page.locator("#id_name").fill("CAD export")
        page.locator("#id_read_only").check()
        page.locator("main form.stacked-form button[type=submit]").click()
        secret = page.locator("code.token-secret").inner_text()
        assert secret.startswith("pnt_")
        # Nothing wider than the phone's screen, the long token included.
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => "
            "e.getBoundingClientRect().right > 361).map(e => e.tagName + '.' + "
            "e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
            ".slice(0, 8)"
        )
        assert width <= 360, wide
        results = Axe().run(page)
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
        ]
        assert violations == []
        page.locator("main .card form button").click()
        assert page.locator("code.token-secret").count() == 0
        assert page.locator("main .card").filter(has_text="CAD export").count() == 1
    finally:
        page.close()
