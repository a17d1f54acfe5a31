"""The field pages and the endpoint that receives what a phone saved offline."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from puente.audit.models import AuditEvent
from puente.outreach.models import CommunityContact, DeviceSubmission, Event
from puente.outreach.tests.factories import EventFactory, LiaisonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison_a(agency_a, member_a):
    return LiaisonFactory(agency=agency_a, name="Lía Ortega", user=member_a)


def _fields(liaison, **extra):
    values = {
        "date": timezone.localdate().isoformat(),
        "liaison": str(liaison.pk),
        "setting": "faith",
        "topics": ["reporting", "rights"],
        "language": "so",
        **extra,
    }
    pairs = []
    for name, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append([name, one])
    return pairs


def _send(client, agency, fields, *, client_uuid=None, kind="contact", prefix=""):
    url = prefix + reverse("field:sync", kwargs={"slug": agency.slug})
    body = {"uuid": str(client_uuid or uuid.uuid4()), "kind": kind, "fields": fields}
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_contact_sent_twice_is_stored_once(client, member_a, agency_a, liaison_a):
    # Sam is staff of A and may log contacts.
    client.force_login(member_a)
    same = uuid.uuid4()
    first = _send(client, agency_a, _fields(liaison_a), client_uuid=same)
    again = _send(client, agency_a, _fields(liaison_a), client_uuid=same)
    assert (first.status_code, first.json()["status"]) == (201, "stored")
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    contact = CommunityContact.objects.get()
    assert (contact.setting, contact.topics, contact.language, contact.created_by) == (
        "faith", ["reporting", "rights"], "so", member_a,
    )  # fmt: skip
    receipt = DeviceSubmission.objects.get()
    assert (receipt.client_uuid, receipt.contact, receipt.kind) == (
        same, contact, "contact",
    )  # fmt: skip
    assert (
        AuditEvent.objects.filter(action="create", object_id=str(contact.pk)).count()
        == 1
    )


def test_a_different_uuid_is_a_different_contact(client, member_a, agency_a, liaison_a):
    client.force_login(member_a)
    for _ in range(2):
        assert _send(client, agency_a, _fields(liaison_a)).status_code == 201
    assert CommunityContact.objects.count() == 2


def test_a_refused_contact_says_why_in_the_users_language(
    client, member_a, agency_a, liaison_a
):
    client.force_login(member_a)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = _send(client, agency_a, _fields(liaison_a, date=future))
    assert response.status_code == 422
    assert response.json()["reasons"] == ["Date: The date is in the future."]
    liaison_a.active = False
    liaison_a.save()
    response = _send(client, agency_a, _fields(liaison_a))
    assert response.json()["reasons"] == [
        "Liaison: Lía Ortega is no longer an active liaison."
    ]
    spanish = _send(client, agency_a, _fields(liaison_a), prefix="/es")
    assert spanish.json()["reasons"] == [
        "Enlace: Lía Ortega ya no es un enlace activo."
    ]
    assert not CommunityContact.objects.exists()
    assert not DeviceSubmission.objects.exists()


def test_signed_out_gets_401_json_never_a_redirect(client, agency_a, liaison_a):
    response = _send(client, agency_a, _fields(liaison_a))
    assert response.status_code == 401
    assert response.json()["status"] == "signed_out"
    get = client.get(reverse("field:sync", kwargs={"slug": agency_a.slug}))
    assert get.status_code == 401
    assert not CommunityContact.objects.exists()


def test_outsiders_get_404_and_viewers_403(
    client, member_b, viewer_a, agency_a, liaison_a
):
    # Bob belongs to agency B: agency A does not exist for him.
    client.force_login(member_b)
    assert _send(client, agency_a, _fields(liaison_a)).status_code == 404
    # Vera reads A's data but may not record anything.
    client.force_login(viewer_a)
    assert _send(client, agency_a, _fields(liaison_a)).status_code == 403
    assert not CommunityContact.objects.exists()


def test_a_uuid_used_by_another_agency_is_refused(
    client, member_a, member_b, agency_a, agency_b, liaison_a
):
    client.force_login(member_a)
    same = uuid.uuid4()
    assert (
        _send(client, agency_a, _fields(liaison_a), client_uuid=same).status_code == 201
    )
    client.force_login(member_b)
    liaison_b = LiaisonFactory(agency=agency_b, user=member_b)
    response = _send(client, agency_b, _fields(liaison_b), client_uuid=same)
    assert response.status_code == 422
    assert CommunityContact.objects.filter(agency=agency_b).count() == 0


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"uuid": "nope", "kind": "contact", "fields": []}),
        json.dumps({"uuid": "0b3c1f6e-8d3a-4c1e-9a55-2f1f7d0c9a01", "kind": "complaint", "fields": []}),
        json.dumps({"uuid": "0b3c1f6e-8d3a-4c1e-9a55-2f1f7d0c9a01", "kind": "contact", "fields": [["a"]]}),
        json.dumps({"uuid": "0b3c1f6e-8d3a-4c1e-9a55-2f1f7d0c9a01", "kind": "contact", "fields": [[1, 2]]}),
        json.dumps({"uuid": "0b3c1f6e-8d3a-4c1e-9a55-2f1f7d0c9a01", "kind": "contact",
                    "fields": [["topics", "x" * 40_000]]}),
    ],
)  # fmt: skip
def test_malformed_records_get_400(client, member_a, agency_a, body):
    client.force_login(member_a)
    url = reverse("field:sync", kwargs={"slug": agency_a.slug})
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == "malformed"


def test_the_endpoint_hands_out_a_csrf_token(member_a, agency_a, liaison_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a)
    url = reverse("field:sync", kwargs={"slug": agency_a.slug})
    body = json.dumps({"uuid": str(uuid.uuid4()), "kind": "contact",
                       "fields": _fields(liaison_a)})  # fmt: skip
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    ready = client.get(url).json()
    assert (ready["status"], ready["user"]) == ("ready", member_a.pk)
    sent = client.post(
        url, body, content_type="application/json", HTTP_X_CSRFTOKEN=ready["csrf_token"]
    )
    assert sent.status_code == 201


def test_event_attendance_offline_and_online(client, member_a, agency_a):
    client.force_login(member_a)
    event = EventFactory(agency=agency_a, date=timezone.localdate() - timedelta(days=2))
    fields = [["event", str(event.pk)], ["attendance", "45"], ["follow_ups", "3"],
              ["languages", "es"], ["languages", "so"],
              ["interpretation_provided", "on"]]  # fmt: skip
    same = uuid.uuid4()
    assert (
        _send(client, agency_a, fields, kind="event", client_uuid=same).status_code
        == 201
    )
    event.refresh_from_db()
    assert (event.attendance, event.follow_ups, event.languages,
            event.interpretation_provided) == (45, 3, ["es", "so"], True)  # fmt: skip
    # Changed again by hand, then the same record arrives late: it is not applied again.
    event.attendance = 50
    event.save()
    assert (
        _send(client, agency_a, fields, kind="event", client_uuid=same).status_code
        == 200
    )
    event.refresh_from_db()
    assert event.attendance == 50
    # Without JavaScript the page posts as any form.
    url = reverse("field:event_attendance", kwargs={"slug": agency_a.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"event": event.pk, "attendance": 60, "follow_ups": 0,
                                 "languages": ["en"]})  # fmt: skip
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.attendance, event.languages) == (60, ["en"])
    # The record from the phone and the form; the late duplicate changed nothing.
    updates = AuditEvent.objects.filter(
        action="update", object_type="outreach.event", object_id=str(event.pk)
    )
    assert updates.count() == 2


def test_a_future_event_takes_no_attendance(client, member_a, agency_a):
    client.force_login(member_a)
    planned = EventFactory(
        agency=agency_a, date=timezone.localdate() + timedelta(days=5)
    )
    other = EventFactory(date=timezone.localdate() - timedelta(days=1))
    for event in (planned, other):
        fields = [["event", str(event.pk)], ["attendance", "5"], ["languages", "es"]]
        response = _send(client, agency_a, fields, kind="event")
        assert response.status_code == 422
        assert response.json()["reasons"][0].startswith("Event:")
    assert Event.objects.filter(attendance__isnull=False).count() == 0


def test_the_field_pages_are_offline_ready_and_need_write_access(
    client, member_a, viewer_a, member_b, agency_a, liaison_a
):
    from puente.outreach.tests.factories import ContactFactory

    ContactFactory(
        liaison=liaison_a, date=timezone.localdate(), language="so", topics=["rights"]
    )
    client.force_login(member_a)
    form = client.get(reverse("outreach:log_contact", kwargs={"slug": agency_a.slug}))
    html = form.content.decode()
    manifest = reverse("field:manifest", kwargs={"slug": agency_a.slug})
    assert f'<link rel="manifest" href="{manifest}">' in html
    assert 'id="puente-offline-config" type="application/json"' in html
    assert "<script>" not in html and "onclick" not in html
    recent = client.get(
        reverse("field:recent_contacts", kwargs={"slug": agency_a.slug})
    )
    assert "Somali" in recent.content.decode()
    assert "Rights and services" in recent.content.decode()
    client.force_login(viewer_a)
    assert (
        client.get(reverse("field:recent_contacts", args=[agency_a.slug])).status_code
        == 403
    )
    client.force_login(member_b)
    assert (
        client.get(reverse("field:event_attendance", args=[agency_a.slug])).status_code
        == 404
    )


def test_the_manifest_and_service_worker(client, agency_a):
    manifest = client.get(
        f"/es/workspace/{agency_a.slug}/outreach/field/manifest.webmanifest"
    )
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == f"/es/workspace/{agency_a.slug}/outreach/contacts/new/"
    assert data["name"] == "Contactos de campo de Puente"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    worker = client.get("/sw.js")
    assert worker["Content-Type"] == "text/javascript"
    assert worker["Cache-Control"] == "no-cache"
    assert b'importScripts("/static/puente/js/offline-store.js")' in worker.content
