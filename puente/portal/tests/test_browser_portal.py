"""The portal in Chromium: a resident answers the survey in Arabic and in Spanish, with
no account and no JavaScript needed, and axe-core finds no violation in three languages."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from puente.outreach.tests.factories import EventFactory, LiaisonFactory
from puente.portal import services
from puente.portal.models import Section, SurveyResponse
from puente.portal.tests.factories import SurveyResponseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.PUENTE_FEEDBACK_MIN_SECONDS = 0


@pytest.fixture
def portal(agency_a):
    services.portal_settings_update(
        actor=None, agency=agency_a, non_emergency_phone="555-0100",
        feedback_open=True, documents=[],
    )  # fmt: skip
    services.portal_text_publish(
        actor=None, agency=agency_a, section=Section.POLICY, language="en",
        body="Officers do not ask about immigration status.",
    )  # fmt: skip
    services.portal_text_publish(
        actor=None, agency=agency_a, section=Section.POLICY, language="ar",
        body="لا يسأل الضباط عن وضع الهجرة.",
    )  # fmt: skip
    LiaisonFactory(agency=agency_a, name="Lía Ortega", languages=["es", "ar"])
    EventFactory(agency=agency_a, title="Community forum",
                 date=timezone.localdate() + timedelta(days=10))  # fmt: skip
    SurveyResponseFactory.create_batch(12, agency=agency_a, language="en")
    SurveyResponseFactory.create_batch(3, agency=agency_a, language="ar")
    return agency_a


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(
    ("language", "agree", "send", "thanks"),
    [
        ("ar", "أوافق بشدة", "أرسل إجاباتي", "شكرًا لك"),
        ("es", "Muy de acuerdo", "Enviar mis respuestas", "Gracias"),
    ],
)
def test_a_resident_sends_feedback_without_javascript(
    page, live_server, portal, language, agree, send, thanks
):
    page.goto(f"{live_server.url}/{language}/agencies/{portal.slug}/")
    page.locator("#feedback a.button").click()
    page.wait_for_url(f"**/{language}/agencies/{portal.slug}/feedback/")
    assert page.locator("html").get_attribute("dir") == (
        "rtl" if language == "ar" else "ltr"
    )
    page.locator("fieldset").first.get_by_label(agree, exact=True).check()
    page.locator("textarea").fill("<b>شكرا</b> gracias")
    page.get_by_role("button", name=send).click()
    page.wait_for_url(f"**/{language}/agencies/{portal.slug}/feedback/thanks/")
    assert page.get_by_role("heading", level=1).inner_text() == thanks
    saved = SurveyResponse.objects.get(comment="<b>شكرا</b> gracias")
    assert (saved.language, saved.safety) == (language, 5)


@pytest.mark.parametrize("language", ["es", "ar", "so"])
@pytest.mark.parametrize("page_path", ["", "feedback/", "results/"])
def test_portal_pages_have_no_axe_violations(
    browser, live_server, portal, language, page_path
):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/agencies/{portal.slug}/{page_path}")
    results = Axe().run(page)
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    context.close()
    assert violations == []
