"""An agency decides itself whether a program may name it in a campaign's publications."""

import pytest
from django.urls import reverse

from puente.assessments.models import Campaign, CampaignAgency
from puente.assessments.services import campaign_create, national_instrument_load
from puente.audit.models import AuditEvent
from puente.principles.services import principles_sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(program, agency_a):
    principles_sync()
    campaign = campaign_create(
        program=program, instrument=national_instrument_load(), slug="national-2025",
        name="National 2025 (fictional)", status=Campaign.Status.CLOSED,
    )  # fmt: skip
    return CampaignAgency.objects.create(campaign=campaign, agency=agency_a)


def _url(agency, entry):
    return reverse(
        "assessments:set_own_consent",
        kwargs={"slug": agency.slug, "campaign": entry.campaign.slug},
    )


def test_the_agency_admin_agrees_and_withdraws(client, admin_a, agency_a, entry):
    client.force_login(admin_a)
    page = client.get(
        reverse("assessments:self_assessments", kwargs={"slug": agency_a.slug})
    )
    assert "National 2025 (fictional)" in page.content.decode()
    client.post(_url(agency_a, entry), {"consent": "yes"})
    entry.refresh_from_db()
    assert entry.consent_to_publish is True
    client.post(_url(agency_a, entry), {"consent": "no"})
    entry.refresh_from_db()
    assert entry.consent_to_publish is False
    changes = list(
        AuditEvent.objects.filter(object_type="assessments.campaignagency")
        .order_by("id")
        .values_list("changes", flat=True)
    )
    assert changes == [
        {"consent_to_publish": [False, True]},
        {"consent_to_publish": [True, False]},
    ]


def test_only_the_agency_itself_decides(
    client, viewer_a, member_b, agency_a, agency_b, entry
):
    client.force_login(viewer_a)
    assert client.post(_url(agency_a, entry), {"consent": "yes"}).status_code == 403
    client.force_login(member_b)
    assert client.post(_url(agency_a, entry), {"consent": "yes"}).status_code == 404
    # Agency B is not in the campaign: asking under its own address finds nothing.
    assert client.post(_url(agency_b, entry), {"consent": "yes"}).status_code == 404
    entry.refresh_from_db()
    assert entry.consent_to_publish is False
