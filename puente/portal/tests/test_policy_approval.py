"""An agency may require a second person to approve its enforcement policy (issue 14)."""

import pytest
from django.test import Client
from django.urls import reverse

from puente.agencies.roles import AgencyRole
from puente.agencies.tests.factories import MembershipFactory
from puente.audit.models import AuditEvent
from puente.portal.models import PortalText

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_policy_waits_for_a_second_person_when_the_agency_asks(
    agency_a, admin_a, django_capture_on_commit_callbacks
):
    publisher = MembershipFactory(agency=agency_a, role=AgencyRole.PUBLISHER).user
    admin, other = _client(admin_a), _client(publisher)
    settings_url = reverse("portal_workspace:settings", args=[agency_a.slug])
    admin.post(
        settings_url,
        {"feedback_open": "on", "policy_needs_second_person": "on"},
    )
    url = reverse("portal_workspace:edit_text", args=[agency_a.slug, "policy", "es"])
    body = "No preguntamos por el estatus migratorio."
    response = admin.post(url, {"body": body, "action": "publish"})
    assert response.status_code == 302
    text = PortalText.objects.get(agency=agency_a, section="policy", language="es")
    assert (text.published, text.pending, text.pending_by) == ("", body, admin_a)
    public = admin.get(f"/es/agencies/{agency_a.slug}/").content.decode()
    assert body not in public

    # The one who asked cannot approve it.
    own = admin.post(url, {"action": "approve"})
    assert "A second person must approve" in own.content.decode()
    assert PortalText.objects.get(pk=text.pk).published == ""

    page = other.get(url).content.decode()
    assert "Approve and publish" in page
    with django_capture_on_commit_callbacks(execute=True):
        approved = other.post(url, {"action": "approve"})
    assert approved.status_code == 302
    text.refresh_from_db()
    assert (text.published, text.pending, text.version) == (body, "", 1)
    assert body in other.get(f"/es/agencies/{agency_a.slug}/").content.decode()
    event = AuditEvent.objects.filter(
        action="publish", object_type="portal.portaltext", object_id=str(text.pk)
    ).first()  # the newest
    assert event.actor == publisher and event.changes["asked_by"][1] == admin_a.email


def test_staff_can_neither_publish_nor_approve(agency_a, member_a, admin_a):
    url = reverse("portal_workspace:edit_text", args=[agency_a.slug, "policy", "en"])
    _client(admin_a).post(
        reverse("portal_workspace:settings", args=[agency_a.slug]),
        {"policy_needs_second_person": "on"},
    )
    _client(admin_a).post(url, {"body": "Policy.", "action": "publish"})
    staff = _client(member_a)
    assert staff.post(url, {"action": "approve"}).status_code == 403
    assert staff.post(url, {"body": "x", "action": "publish"}).status_code == 403


def test_other_sections_publish_at_once(agency_a, admin_a):
    _client(admin_a).post(
        reverse("portal_workspace:settings", args=[agency_a.slug]),
        {"policy_needs_second_person": "on"},
    )
    url = reverse("portal_workspace:edit_text", args=[agency_a.slug, "help", "en"])
    _client(admin_a).post(url, {"body": "Call 911.", "action": "publish"})
    assert PortalText.objects.get(section="help").published == "Call 911."
