"""The agency's side of its portal: texts per language, preview, publishing, settings,
results and tags, each behind the access helper."""

import pytest
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.portal import services
from puente.portal.models import PortalText, PortalTextVersion, Section
from puente.portal.tests.factories import SurveyResponseFactory

pytestmark = pytest.mark.django_db


def _urls(agency):
    slug = agency.slug
    response = SurveyResponseFactory(agency=agency, comment="Hello")
    return {
        "overview": (reverse("portal_workspace:overview", args=[slug]), "view"),
        "results": (reverse("portal_workspace:results", args=[slug]), "view"),
        "edit": (
            reverse("portal_workspace:edit_text", args=[slug, "policy", "so"]),
            "write",
        ),
        "preview": (reverse("portal_workspace:preview", args=[slug, "ar"]), "write"),
        "settings": (reverse("portal_workspace:settings", args=[slug]), "write"),
        "tag": (
            reverse("portal_workspace:tag_response", args=[slug, response.pk]),
            "post",
        ),
    }


def test_anonymous_visitors_are_sent_to_sign_in(client, agency_a):
    for url, _kind in _urls(agency_a).values():
        response = client.get(url) if _kind != "post" else client.post(url)
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )


def test_another_agency_gets_404_for_everything(client, agency_a, member_b):
    # Bob administers agency B: agency A's portal pages do not exist for him.
    client.force_login(member_b)
    for url, kind in _urls(agency_a).values():
        response = client.post(url) if kind == "post" else client.get(url)
        assert response.status_code == 404, url


def test_read_only_members_see_results_but_cannot_edit(client, agency_a, viewer_a):
    client.force_login(viewer_a)
    urls = _urls(agency_a)
    assert client.get(urls["overview"][0]).status_code == 200
    results = client.get(urls["results"][0])
    assert results.status_code == 200
    assert "Hello" not in results.content.decode(), "free text is for staff who write"
    for name in ("edit", "preview", "settings"):
        assert client.get(urls[name][0]).status_code == 403
    assert client.post(urls["tag"][0], {"tags": ["praise"]}).status_code == 403


def test_wrong_methods_get_405(client, agency_a, member_a):
    client.force_login(member_a)
    urls = _urls(agency_a)
    assert client.post(urls["overview"][0]).status_code == 405
    assert client.get(urls["tag"][0]).status_code == 405


def test_staff_save_preview_and_publish_a_translation(
    client, agency_a, member_a, admin_a, django_capture_on_commit_callbacks
):
    client.force_login(member_a)
    services.portal_text_publish(
        actor=member_a, agency=agency_a, section=Section.POLICY, language="en",
        body="We do not ask about status.",
    )  # fmt: skip
    url = reverse("portal_workspace:edit_text", args=[agency_a.slug, "policy", "so"])
    page = client.get(url).content.decode()
    assert "We do not ask about status." in page  # the English, to translate from
    response = client.post(url, {"body": "Ma weydiino xaaladda.", "action": "preview"})
    assert response["Location"] == reverse(
        "portal_workspace:preview", args=[agency_a.slug, "so"]
    )
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    html = preview.content.decode()
    assert '<html lang="so" dir="ltr">' in html and "Ma weydiino xaaladda." in html
    assert "Preview" in html  # the banner, in the staff member's language
    public = client.get(f"/so/agencies/{agency_a.slug}/").content.decode()
    assert "Ma weydiino xaaladda." not in public, "a draft is not public"
    overview = client.get(reverse("portal_workspace:overview", args=[agency_a.slug]))
    assert "state-draft" in overview.content.decode()
    # Staff draft; publishing in the agency's name is the admin's or a publisher's.
    refused = client.post(url, {"body": "Ma weydiino xaaladda.", "action": "publish"})
    assert refused.status_code == 403
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Ma weydiino xaaladda.", "action": "publish"})
    public = client.get(f"/so/agencies/{agency_a.slug}/").content.decode()
    assert "Ma weydiino xaaladda." in public
    text = PortalText.objects.get(agency=agency_a, section="policy", language="so")
    assert (text.version, text.published) == (1, "Ma weydiino xaaladda.")
    assert AuditEvent.objects.filter(
        agency=agency_a, object_type="portal.portaltext", actor=admin_a,
        action="publish",
    ).exists()  # fmt: skip


def test_the_overview_flags_translations_older_than_the_english(
    client, agency_a, member_a
):
    for language, body in (("en", "One."), ("es", "Uno."), ("en", "Two.")):
        services.portal_text_publish(
            actor=member_a, agency=agency_a, section=Section.HELP, language=language,
            body=body,
        )  # fmt: skip
    client.force_login(member_a)
    html = client.get(
        reverse("portal_workspace:overview", args=[agency_a.slug])
    ).content.decode()
    assert "state-outdated" in html and "Older than the English" in html
    assert html.count("state-missing") == 4 * 15 - 2
    versions = PortalTextVersion.objects.filter(
        text__agency=agency_a, text__language="en"
    ).values_list("version", "body")
    assert sorted(versions) == [(1, "One."), (2, "Two.")]


def test_publishing_nothing_is_refused(client, agency_a, admin_a):
    client.force_login(admin_a)
    url = reverse("portal_workspace:edit_text", args=[agency_a.slug, "help", "en"])
    response = client.post(url, {"body": "   ", "action": "publish"})
    assert response.status_code == 200
    assert "An empty text cannot be published." in response.content.decode()
    assert (
        client.get(
            reverse(
                "portal_workspace:edit_text", args=[agency_a.slug, "nonsense", "en"]
            )
        ).status_code
        == 404
    )


def test_settings_choose_only_the_agency_s_own_documents(client, agency_a, admin_a):
    client.force_login(admin_a)
    url = reverse("portal_workspace:settings", args=[agency_a.slug])
    response = client.post(
        url, {"non_emergency_phone": "555-0100", "feedback_open": "on"}
    )
    assert response.status_code == 302
    assert "555-0100" in client.get(f"/en/agencies/{agency_a.slug}/").content.decode()


def test_staff_tag_comments_and_filter_by_tag(client, agency_a, member_a):
    client.force_login(member_a)
    first = SurveyResponseFactory(agency=agency_a, comment="More patrols at night.")
    SurveyResponseFactory(agency=agency_a, comment="Great forum.")
    url = reverse("portal_workspace:tag_response", args=[agency_a.slug, first.pk])
    response = client.post(url, {"tags": ["safety", "request"], "query": "tag=safety"})
    assert response.status_code == 302 and "tag=safety" in response["Location"]
    first.refresh_from_db()
    assert first.tag_list == ["safety", "request"]
    results = reverse("portal_workspace:results", args=[agency_a.slug])
    html = client.get(results, {"tag": "safety"}).content.decode()
    assert "More patrols at night." in html and "Great forum." not in html
    html = client.get(results, {"tag": "untagged"}).content.decode()
    assert "Great forum." in html and "More patrols" not in html
    bad = client.post(url, {"tags": ["nonsense"]})
    assert bad.status_code == 302
    first.refresh_from_db()
    assert first.tag_list == ["safety", "request"]
