"""The public agency page: what it shows, what it never shows, escaping, fallbacks,
caching, downloads and the answers to bad addresses."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from puente.language_access import services as language_services
from puente.language_access.models import VitalDocument
from puente.outreach.models import AdvisoryMeeting, AdvisoryMember, PartnerOrganization
from puente.outreach.tests.factories import EventFactory, LiaisonFactory, PartnerFactory
from puente.portal import services
from puente.portal.models import Section

pytestmark = pytest.mark.django_db


def _publish(agency, section, language, body):
    return services.portal_text_publish(
        actor=None, agency=agency, section=section, language=language, body=body
    )


def _page(client, agency, language="en"):
    response = client.get(f"/{language}/agencies/{agency.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_needs_no_login_and_says_how_to_get_help(client, agency_a):
    services.portal_settings_update(
        actor=None,
        agency=agency_a,
        non_emergency_phone="555-0100",
        feedback_open=True,
        documents=[],
    )
    html = _page(client, agency_a)
    assert "<strong>911</strong>" in html
    assert "555-0100" in html
    assert "Interpretation is free" in html
    assert "fictional" not in html or agency_a.is_fictional


def test_it_shows_only_what_is_public(client, agency_a, agency_b):
    today = timezone.localdate()
    LiaisonFactory(agency=agency_a, name="Lía Ortega", languages=["es", "so"])
    LiaisonFactory(agency=agency_a, name="Gone Liaison", active=False)
    EventFactory(agency=agency_a, title="Open forum", date=today + timedelta(days=9))
    EventFactory(agency=agency_a, title="Staff-only drill", public=False,
                 date=today + timedelta(days=9))  # fmt: skip
    EventFactory(
        agency=agency_a, title="Last year's fair", date=today - timedelta(days=30)
    )
    EventFactory(
        agency=agency_b, title="Betatown picnic", date=today + timedelta(days=3)
    )
    PartnerFactory(agency=agency_a, name="Legal Aid (fictional)",
                   kind=PartnerOrganization.Kind.LEGAL, status=PartnerOrganization.Status.ACTIVE,
                   contact_name="Private Person", contact_email="private@example.org",
                   contact_phone="555-0199")  # fmt: skip
    PartnerFactory(agency=agency_a, name="Prospect Org",
                   status=PartnerOrganization.Status.PROSPECTIVE)  # fmt: skip
    AdvisoryMember.objects.create(agency=agency_a, name="Listed Member", show_publicly=True,
                                  joined_on=date(2025, 1, 1))  # fmt: skip
    AdvisoryMember.objects.create(
        agency=agency_a, name="Quiet Member", joined_on=date(2025, 1, 1)
    )
    AdvisoryMeeting.objects.create(agency=agency_a, date=date(2026, 3, 1),
                                   minutes="Public minutes text", minutes_public=True)  # fmt: skip
    AdvisoryMeeting.objects.create(agency=agency_a, date=date(2026, 4, 1),
                                   minutes="Closed session notes")  # fmt: skip
    html = _page(client, agency_a)
    for shown in ["Lía Ortega", "Open forum", "Legal Aid (fictional)", "Legal service",
                  "Listed Member", "Public minutes text"]:  # fmt: skip
        assert shown in html, shown
    for hidden in ["Gone Liaison", "Staff-only drill", "Last year", "Betatown picnic",
                   "Private Person", "private@example.org", "555-0199", "Prospect Org",
                   "Quiet Member", "Closed session notes"]:  # fmt: skip
        assert hidden not in html, hidden


def test_agency_and_resident_text_is_shown_as_text(client, agency_a):
    _publish(agency_a, Section.POLICY, "en", '<script>alert("x")</script><b>bold</b>')
    LiaisonFactory(agency=agency_a, name="<img src=x onerror=alert(1)>")
    html = _page(client, agency_a)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
        in html
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_missing_translation_falls_back_to_english_with_a_note(client, agency_a):
    _publish(agency_a, Section.POLICY, "en", "We do not ask about status.")
    html = _page(client, agency_a, "so")
    assert "We do not ask about status." in html
    assert "Qaybtan weli looguma turjumin luqaddaada" in html  # the note, in Somali
    assert '<div class="text" lang="en" dir="ltr">' in html
    arabic = _page(client, agency_a, "ar")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<div class="text" lang="en" dir="ltr">' in arabic


def test_a_translation_older_than_the_english_says_so(client, agency_a):
    _publish(agency_a, Section.POLICY, "en", "First policy.")
    _publish(agency_a, Section.POLICY, "es", "Primera política.")
    _publish(agency_a, Section.POLICY, "en", "Second policy.")
    html = _page(client, agency_a, "es")
    assert "Primera política." in html
    assert "El texto en inglés ha cambiado" in html
    english = _page(client, agency_a, "en")
    assert "Second policy." in english and "Version 2" in english


def test_without_any_text_the_page_is_never_empty(client, agency_a):
    html = _page(client, agency_a, "ko")
    assert "긴급 상황에서는" in html  # how to call 911, in Korean
    assert "이 기관은 아직 이 정책을 게시하지 않았습니다." in html


def test_the_page_is_cached_per_language_and_refreshed_on_publishing(
    client, agency_a, django_capture_on_commit_callbacks
):
    _page(client, agency_a, "es")
    with CaptureQueriesContext(connection) as queries:
        _page(client, agency_a, "es")
    # Served from the shared cache: without Redis that cache is a database table, the
    # only one a cached page reads.
    assert [q["sql"] for q in queries if "puente_cache" not in q["sql"]] == []
    # The cached pages go stale once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        _publish(agency_a, Section.HELP, "es", "Nuevo horario de atención.")
    assert "Nuevo horario de atención." in _page(client, agency_a, "es")
    assert "Nuevo horario" not in _page(client, agency_a, "en")


def test_the_page_weighs_under_100_kb(client, agency_a):
    for section in Section.values:
        _publish(agency_a, section, "en", "Some text. " * 200)
    for language in ("en", "ar", "lo"):
        assert len(_page(client, agency_a, language).encode()) < 100_000


def test_unknown_agency_gets_a_clear_404_in_the_language(client):
    response = client.get("/so/agencies/no-such-agency/")
    assert response.status_code == 404
    assert "Bogga lama helin" in response.content.decode()
    assert client.get("/so/agencies/no-such-agency/feedback/").status_code == 404


def test_a_missing_or_unknown_language_goes_to_the_browser_choice(client, agency_a):
    slug = agency_a.slug
    response = client.get(f"/agencies/{slug}/", HTTP_ACCEPT_LANGUAGE="so,en;q=0.5")
    assert (
        response.status_code == 302 and response["Location"] == f"/so/agencies/{slug}/"
    )
    assert "Accept-Language" in response["Vary"]
    response = client.get(f"/agencies/{slug}/feedback/", HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response["Location"] == f"/zh-hant/agencies/{slug}/feedback/"
    assert client.get(f"/fil/agencies/{slug}/")["Location"] == f"/tl/agencies/{slug}/"
    assert client.get(f"/de/agencies/{slug}/")["Location"] == f"/en/agencies/{slug}/"
    assert client.get(f"/agencies/{slug}/")["Location"] == f"/en/agencies/{slug}/"


def test_public_pages_refuse_writes(client, agency_a):
    assert client.post(f"/en/agencies/{agency_a.slug}/").status_code == 405
    assert client.post(f"/en/agencies/{agency_a.slug}/results/").status_code == 405


def test_the_events_feed_is_icalendar(client, agency_a):
    EventFactory(agency=agency_a, title="Forum; with, commas",
                 date=timezone.localdate() + timedelta(days=5), languages=["so"],
                 interpretation_provided=True)  # fmt: skip
    EventFactory(agency=agency_a, title="Private", public=False,
                 date=timezone.localdate() + timedelta(days=5))  # fmt: skip
    response = client.get(f"/es/agencies/{agency_a.slug}/events.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "SUMMARY:Forum\\; with\\, commas" in body
    assert "Idiomas: somalí" in body and "Private" not in body


def _document(agency, *, listed: bool):
    document = language_services.vital_document_create(
        actor=None, agency=agency, kind=VitalDocument.Kind.COMPLAINT_FORM,
        title="Complaint form" if listed else "Internal form",
    )  # fmt: skip
    translation = language_services.translation_upload(
        actor=None, document=document, language="so", translated_on=date(2026, 1, 5),
        reviewed_by="Certified interpreter", data=b"Foomka cabashada\n", filename="form.txt",
    )  # fmt: skip
    return document, translation


def test_only_documents_put_on_the_portal_can_be_downloaded(client, agency_a, agency_b):
    listed, listed_file = _document(agency_a, listed=True)
    _unlisted, unlisted_file = _document(agency_a, listed=False)
    services.portal_settings_update(
        actor=None, agency=agency_a, non_emergency_phone="", feedback_open=True,
        documents=[listed],
    )  # fmt: skip
    html = _page(client, agency_a, "so")
    assert "Soomaali" in html and "Internal form" not in html
    url = f"/so/agencies/{agency_a.slug}/materials/{listed_file.uuid}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"Foomka cabashada\n"
    unlisted = f"/so/agencies/{agency_a.slug}/materials/{unlisted_file.uuid}/"
    assert client.get(unlisted).status_code == 404
    other = f"/so/agencies/{agency_b.slug}/materials/{listed_file.uuid}/"
    assert client.get(other).status_code == 404
