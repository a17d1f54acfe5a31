import datetime

import pytest

from puente.audit.models import AuditEvent
from puente.outreach.models import CommunityContact, Event
from puente.outreach.tests.factories import ContactFactory, LiaisonFactory
from puente.tests.api_helpers import auth, token_for

pytestmark = pytest.mark.django_db


def _contact(liaison, **extra):
    return {
        "date": "2026-01-15", "liaison": liaison.pk, "setting": "community",
        "topics": ["reporting"], "language": "es", **extra,
    }  # fmt: skip


def test_a_member_lists_and_creates_contacts(client, member_a, agency_a):
    liaison = LiaisonFactory(agency=agency_a)
    ContactFactory(liaison=liaison, date=datetime.date(2026, 1, 10))
    token = token_for(member_a)
    url = f"/api/v1/agencies/{agency_a.slug}/contacts"
    listed = client.get(url, **auth(token))
    assert listed.status_code == 200, listed.content
    assert listed.json()["count"] == 1
    made = client.post(
        url, _contact(liaison), content_type="application/json",
        **auth(token, HTTP_IDEMPOTENCY_KEY="k1"),
    )  # fmt: skip
    assert made.status_code == 201, made.content
    contact = CommunityContact.objects.get(pk=made.json()["id"])
    assert contact.created_by == member_a
    assert AuditEvent.objects.filter(
        action="create", object_id=str(contact.pk)
    ).exists()
