"""In Chromium, without JavaScript: a resident files a complaint in Arabic and in Somali,
keeps the private link, and follows the case there as staff answer it; axe-core finds
no violation on the form and the status page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from puente.complaints import services
from puente.complaints.models import Complaint
from puente.conftest import browser_sign_in

# Every app named, so that the flush after each test cascades on PostgreSQL too (its
# search vectors refer to the search entries), as in puente/tests/test_fleet.py.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=settings.INSTALLED_APPS),
]


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.PUENTE_FEEDBACK_MIN_SECONDS = 0


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def _axe(page) -> list:
    context = page.context.browser.new_context()
    other = context.new_page()
    other.goto(page.url)
    results = Axe().run(other)
    context.close()
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize(
    ("language", "link", "kind", "story", "send", "received", "closed", "reply"),
    [
        ("ar", "تقديم شكوى أو إشادة", "شكوى", "لم يستدعِ الضابط مترجمًا.", "إرسال",
         "تم الاستلام", "مغلقة", "نعتذر. تحدثنا مع الضابط."),
        ("so", "Gudbi cabasho ama ammaan", "Cabasho", "Sarkaalku turjubaan uma yeerin.", "Dir",
         "Waa la helay", "Waa la xiray", "Waan ka xumahay. Waxaan la hadalnay sarkaalka."),
    ],
)  # fmt: skip
def test_a_resident_files_and_follows_a_complaint(
    page, live_server, agency_a, member_a, language, link, kind, story, send,
    received, closed, reply,
):  # fmt: skip
    page.goto(f"{live_server.url}/{language}/agencies/{agency_a.slug}/")
    page.get_by_role("link", name=link).click()
    page.wait_for_url(f"**/{language}/agencies/{agency_a.slug}/complaints/new/")
    assert page.locator("html").get_attribute("dir") == (
        "rtl" if language == "ar" else "ltr"
    )
    assert _axe(page) == []
    page.get_by_label(kind, exact=True).check()
    page.locator("textarea").fill(story)
    page.get_by_role("button", name=send).click()
    page.wait_for_url(f"**/{language}/agencies/{agency_a.slug}/complaints/*/?new=1")
    complaint = Complaint.objects.get()
    assert (complaint.language, complaint.what_happened) == (language, story)
    assert complaint.case_number in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".case-status").inner_text() == received
    assert story not in page.content()
    private_link = page.url.split("?")[0]
    assert _axe(page) == []

    # Staff answer in the resident's language, with the translation noted, and close.
    services.complaint_reply(
        actor=member_a, complaint=complaint, reply=reply, language=language,
        translation="Language line (fictional vendor)",
    )  # fmt: skip
    services.complaint_update(
        actor=member_a, complaint=complaint, status="closed", assigned_to=None,
        due_on=None, outcome="sustained",
    )  # fmt: skip
    page.goto(private_link)
    assert page.locator(".case-status").inner_text() == closed
    assert reply in page.locator(".reply").inner_text()
    assert page.locator(".reply").get_attribute("lang") == language


def test_the_staff_pages_pass_axe_in_spanish(
    browser, live_server, agency_a, member_a, password
):
    from datetime import date

    from puente.complaints.tests.factories import ComplaintFactory

    case = ComplaintFactory(
        agency=agency_a, language="ar", what_happened="لم يستدعِ الضابط مترجمًا."
    )
    services.certification_request_create(
        actor=None, agency=agency_a, form="u", received_on=date(2026, 1, 5),
        requester_kind="victim", crime="stalking", language="es",
    )  # fmt: skip
    page = browser.new_page()
    try:
        browser_sign_in(page, live_server.url, member_a.email, password)
        base = f"{live_server.url}/es/workspace/{agency_a.slug}"
        for path in (
            "/complaints/summary/", "/complaints/", f"/complaints/{case.uuid}/",
            "/certifications/", "/certifications/new/", "/follow-ups/",
            "/language-access/interpreters/", "/language-access/interpreters/import/",
            "/portal/translations/import/",
        ):  # fmt: skip
            response = page.goto(base + path)
            # The page itself, not a sign-in step or a refusal, is what axe checks.
            assert response.status == 200 and page.url == base + path, path
            assert page.locator("html").get_attribute("lang") == "es"
            results = Axe().run(page)
            violations = [
                (v["id"], [n["target"] for n in v["nodes"]][:3])
                for v in results.response["violations"]
            ]
            assert violations == [], path
    finally:
        page.close()
