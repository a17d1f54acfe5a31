"""The field pages on a phone without signal, in Chromium (docs/offline.md).

Playwright's offline switch (`context.set_offline`) cuts the page and its service
worker from the network; 127.0.0.1 is a secure context, so the worker runs."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from puente.conftest import browser_sign_in
from puente.outreach.models import CommunityContact, DeviceSubmission
from puente.outreach.tests.factories import LiaisonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        locale="en-US", service_workers="allow",
    )  # fmt: skip
    yield context
    context.close()


def _sign_in(page, base, user, password):
    browser_sign_in(page, base, user.email, password)
    page.wait_for_url("**/workspace/**")


def _open_form(page, base, agency):
    page.goto(f"{base}/workspace/{agency.slug}/outreach/contacts/new/")
    # The service worker runs and the field pages are kept on the phone.
    page.wait_for_selector("html[data-offline-ready='true']")


def _log(page, setting, topic, waiting):
    page.get_by_label(setting).check()
    page.get_by_label(topic).check()
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_selector(f"html[data-offline-queue='{waiting}']")


def _no_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_three_contacts_logged_offline_survive_a_reload_and_are_stored_once(
    phone, live_server, member_a, agency_a, password
):
    LiaisonFactory(agency=agency_a, name="Lía Ortega", user=member_a)
    page = phone.new_page()
    base = live_server.url
    _sign_in(page, base, member_a, password)
    _open_form(page, base, agency_a)

    phone.set_offline(True)
    _log(page, "Faith-based organization", "Reporting a crime", 1)
    assert "Saved on this phone" in page.locator("#offline-status").inner_text()
    _log(page, "School", "Victim services", 2)
    _log(page, "Business or restaurant", "Crime prevention", 3)
    assert page.locator("#offline-count").inner_text() == "3 waiting to send"
    assert CommunityContact.objects.count() == 0

    # Reloaded without a connection: the page comes from the phone, the queue survives.
    page.reload()
    page.wait_for_selector("html[data-offline-queue='3']")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Log a community contact"
    )
    assert page.locator("#offline-items li").count() == 3
    assert "Faith-based organization" in page.locator("#offline-items").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _no_violations(page)
    # The other field pages were kept too.
    page.goto(f"{base}/workspace/{agency_a.slug}/outreach/field/contacts/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your recent contacts"
    _no_violations(page)

    queued = page.evaluate("PuenteQueue.list()")
    assert len({item["uuid"] for item in queued}) == 3

    # The connection returns: everything is sent, and stored exactly once.
    phone.set_offline(False)
    page.wait_for_selector("html[data-offline-queue='0']")
    page.goto(f"{base}/workspace/{agency_a.slug}/outreach/contacts/new/")
    page.wait_for_selector("html[data-offline-queue='0']")
    assert sorted(CommunityContact.objects.values_list("setting", flat=True)) == [
        "business", "faith", "school",
    ]  # fmt: skip
    assert {str(r.client_uuid) for r in DeviceSubmission.objects.all()} == {
        item["uuid"] for item in queued
    }
    # An answer lost on the way: the phone sends the first one again. Still stored once.
    page.evaluate("item => PuenteQueue.put(item)", queued[0])
    again = page.evaluate("PuenteQueue.sendAll()")
    assert (again["state"], again["sent"]) == ("done", 1)
    assert CommunityContact.objects.count() == 3
    assert page.locator("#offline-count").is_hidden()
    page.goto(f"{base}/workspace/{agency_a.slug}/outreach/field/contacts/")
    assert page.locator("tbody tr").count() == 3


def test_refused_expired_and_signing_out(
    phone, live_server, member_a, agency_a, password
):
    """A contact refused by the server stays with its reason until corrected; one sent
    after the session ended waits for the next sign-in; signing out asks first."""
    lia = LiaisonFactory(agency=agency_a, name="Lía Ortega", user=member_a)
    LiaisonFactory(agency=agency_a, name="Tomás Reyes")
    page = phone.new_page()
    base = live_server.url
    _sign_in(page, base, member_a, password)
    _open_form(page, base, agency_a)

    phone.set_offline(True)
    _log(page, "Phone", "Complaint", 1)
    lia.active = False  # deactivated while the phone was offline
    lia.save()
    phone.set_offline(False)
    reason = page.get_by_text("Liaison: Lía Ortega is no longer an active liaison.")
    reason.wait_for()
    assert page.locator("#offline-count").inner_text() == "1 waiting to send"
    assert CommunityContact.objects.count() == 0
    _no_violations(page)

    # Corrected: the form is filled in again, another liaison chosen, saved again.
    page.get_by_role("button", name="Correct").click()
    assert page.get_by_label("Phone").is_checked()
    page.get_by_label("Liaison").select_option(label="Tomás Reyes")
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_selector("html[data-offline-queue='0']")
    contact = CommunityContact.objects.get()
    assert (contact.liaison.name, contact.setting) == ("Tomás Reyes", "phone")

    # The session ends while a contact waits: it is kept, and sent after signing in.
    phone.set_offline(True)
    page.get_by_label("Liaison").select_option(label="Tomás Reyes")
    _log(page, "School", "Complaint", 1)
    phone.clear_cookies()
    phone.set_offline(False)
    page.get_by_text("Sign in again to send what is waiting").wait_for()
    assert page.locator("html").get_attribute("data-offline-queue") == "1"
    _sign_in(page, base, member_a, password)
    page.goto(f"{base}/workspace/{agency_a.slug}/outreach/contacts/new/")
    page.wait_for_selector("html[data-offline-queue='0']")
    assert CommunityContact.objects.count() == 2

    # A refused contact waits; signing out asks before discarding it.
    phone.set_offline(True)
    page.get_by_label("Liaison").select_option(label="Tomás Reyes")
    page.get_by_label("Date").fill("1999-12-31")
    _log(page, "School", "Complaint", 1)
    phone.set_offline(False)
    page.get_by_text("Date: The date is before 2000.").wait_for()
    page.get_by_role("button", name="Sign out").click()
    dialog = page.get_by_role("dialog", name="Sign out and discard what is waiting?")
    assert "1 record saved on this phone has not been sent" in dialog.inner_text()
    _no_violations(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    assert page.locator("html").get_attribute("data-offline-queue") == "1"
    page.get_by_role("button", name="Sign out").click()
    with page.expect_navigation():
        dialog.get_by_role("button", name="Sign out and discard").click()
    assert page.get_by_role("link", name="Sign in").first.is_visible()
    # Nothing of the field pages is left on the phone.
    left = page.evaluate(
        """async () => {
            const names = await caches.keys();
            const db = await new Promise((ok) => {
                const r = indexedDB.open("puente-offline", 1);
                r.onsuccess = () => ok(r.result);
            });
            const count = await new Promise((ok) => {
                const r = db.transaction("queue").objectStore("queue").count();
                r.onsuccess = () => ok(r.result);
            });
            return {caches: names.filter((n) => n.startsWith("puente-")), count};
        }"""
    )
    assert left == {"caches": [], "count": 0}
    assert CommunityContact.objects.count() == 2


def test_the_forms_work_without_javascript(
    browser, live_server, member_a, agency_a, password
):
    from datetime import timedelta

    from django.utils import timezone

    from puente.outreach.tests.factories import EventFactory

    LiaisonFactory(agency=agency_a, name="Lía Ortega", user=member_a)
    event = EventFactory(agency=agency_a, title="Feria de salud (fictional)",
                         date=timezone.localdate() - timedelta(days=1))  # fmt: skip
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    base = live_server.url
    _sign_in(page, base, member_a, password)
    page.goto(f"{base}/workspace/{agency_a.slug}/outreach/contacts/new/")
    assert page.locator("#offline-queue").is_hidden()
    page.get_by_label("Faith-based organization").check()
    page.get_by_label("Reporting a crime").check()
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_load_state()
    assert "Contact saved" in page.locator("main").inner_text()
    assert CommunityContact.objects.get().setting == "faith"

    page.goto(f"{base}/workspace/{agency_a.slug}/outreach/field/event/")
    page.locator("#id_event").select_option(label=event.title)
    page.get_by_label("Attendance").fill("80")
    page.get_by_label("Languages").select_option(["es", "so"])
    page.get_by_role("button", name="Save the attendance").click()
    page.wait_for_load_state()
    assert "Attendance saved" in page.locator("main").inner_text()
    event.refresh_from_db()
    assert (event.attendance, sorted(event.languages)) == (80, ["es", "so"])
    context.close()


def test_event_attendance_offline(phone, live_server, member_a, agency_a, password):
    from datetime import timedelta

    from django.utils import timezone

    from puente.outreach.tests.factories import EventFactory

    event = EventFactory(agency=agency_a, title="Feria de salud (fictional)",
                         date=timezone.localdate() - timedelta(days=1))  # fmt: skip
    page = phone.new_page()
    base = live_server.url
    _sign_in(page, base, member_a, password)
    page.goto(f"{base}/es/workspace/{agency_a.slug}/outreach/field/event/")
    page.wait_for_selector("html[data-offline-ready='true']")
    phone.set_offline(True)
    page.reload()
    page.locator("#id_event").select_option(label=event.title)
    page.get_by_label("Asistencia").fill("120")
    page.get_by_label("Idiomas").select_option(["es", "vi"])
    page.get_by_role("button", name="Guardar la asistencia").click()
    page.wait_for_selector("html[data-offline-queue='1']")
    assert page.locator("#offline-count").inner_text() == "1 pendiente de enviar"
    assert "Guardado en este teléfono" in page.locator("#offline-status").inner_text()
    _no_violations(page)
    phone.set_offline(False)
    page.wait_for_selector("html[data-offline-queue='0']")
    event.refresh_from_db()
    assert (event.attendance, sorted(event.languages)) == (120, ["es", "vi"])
    assert DeviceSubmission.objects.get().event == event
