"""A person adds an authenticator app in Chromium and signs in with it (issue 14)."""

import time
from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(secret: str, *, later: int = 0) -> str:
    """What an authenticator app shows for the key on the page, `later` seconds on."""
    raw = secret.replace(" ", "")
    key = b32decode(raw + "=" * (-len(raw) % 8))
    return f"{totp(key, t0=0, step=30, digits=6, drift=0) if not later else _at(key, later):06d}"


def _at(key: bytes, later: int) -> int:
    from django_otp.oath import TOTP

    generator = TOTP(key, step=30, t0=0, digits=6)
    generator.time = time.time() + later
    return generator.token()


def _axe_violations(page) -> list:
    results = Axe().run(page)
    return [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
    ]


def test_enrol_an_authenticator_app_then_sign_in_with_it(
    browser, live_server, member_a, password
):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    base = live_server.url
    # The password alone leads to setting up a second factor, nowhere else.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(member_a.email)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/security/**")
    assert _axe_violations(page) == []
    page.get_by_role("link", name="Add an authenticator app").click()
    page.wait_for_url("**/accounts/security/app/**")
    assert page.get_by_role("img", name="QR code of the key").count() == 1
    assert _axe_violations(page) == []
    secret = page.get_by_test_id("totp-secret").inner_text()
    enrolled_with = _code(secret)
    page.get_by_label("Code").fill(enrolled_with)
    page.get_by_role("button", name="Add the app").click()
    assert page.get_by_role("heading", name="Your recovery codes").is_visible()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="I have kept them").click()
    page.wait_for_url("**/workspace/**")

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/workspace/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Email address").fill(member_a.email)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/mfa/**")
    assert _axe_violations(page) == []
    # The code used to enrol is spent (that very code: on a slow machine the app may
    # show the next one by now); the app's next code (within the allowed clock drift)
    # signs in.
    page.get_by_label("Code").fill(enrolled_with)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_text("The code was not accepted.").is_visible()
    # After a wrong code django-otp makes the next try wait a second (throttling).
    page.wait_for_timeout(1500)
    page.get_by_label("Code").fill(_code(secret, later=30))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/workspace/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    context.close()


def test_add_a_passkey_then_sign_in_with_it(
    browser, live_server, member_a, password, settings
):
    from django_otp_webauthn.models import WebAuthnCredential

    from puente.conftest import browser_sign_in

    # Passkeys belong to a domain and need a secure context: http://localhost is one.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    # Chromium's virtual authenticator stands in for a phone or a security key.
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    base = live_server.url
    browser_sign_in(page, base, member_a.email, password)
    page.goto(f"{base}/accounts/security/")
    page.get_by_role("button", name="Add a passkey").click()
    for _try in range(50):
        if WebAuthnCredential.objects.filter(user=member_a, confirmed=True).exists():
            break
        page.wait_for_timeout(200)
    assert WebAuthnCredential.objects.filter(user=member_a, confirmed=True).count() == 1

    page.goto(f"{base}/workspace/")
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/login/?next=/workspace/")
    page.get_by_label("Email address").fill(member_a.email)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/mfa/**")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url("**/workspace/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    context.close()
