import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from puente.agencies.tests.factories import (
    AgencyFactory,
    ProgramFactory,
    ProgramMembershipFactory,
)
from puente.assessments.campaigns import campaign_response_rates, campaign_send_due
from puente.assessments.models import Campaign, CampaignAgency, Response
from puente.assessments.services import campaign_create

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


@pytest.fixture
def campaign(program, instrument):
    return campaign_create(
        program=program, instrument=instrument, slug="spring", name="Spring round (fictional)",
        status=Campaign.Status.OPEN,
    )  # fmt: skip


def _detail(campaign):
    return reverse(
        "assessments:campaign_detail",
        kwargs={"slug": campaign.program.slug, "campaign": campaign.slug},
    )


def test_the_evaluator_adds_agencies_by_state_type_and_size(
    client, evaluator, campaign
):
    AgencyFactory(state="IA", population_served=10_000)
    AgencyFactory(state="IA", population_served=60_000)
    AgencyFactory(state="IA", population_served=60_000, agency_type="sheriff")
    AgencyFactory(state="TX", population_served=60_000)
    client.force_login(evaluator)
    url = reverse(
        "assessments:invite_agencies",
        kwargs={"slug": campaign.program.slug, "campaign": campaign.slug},
    )
    client.post(url, {"states": "ia", "types": ["municipal"], "size_bands": ["medium"]})
    assert CampaignAgency.objects.filter(campaign=campaign).count() == 1
    client.post(url, {"states": "IA"})
    assert CampaignAgency.objects.filter(campaign=campaign).count() == 3
    response = client.post(url, {"states": "ZZ"}, follow=True)
    assert "Unknown state abbreviation" in response.content.decode()
    assert CampaignAgency.objects.filter(campaign=campaign).count() == 3


def test_campaign_pages_are_the_programs_own(
    client, evaluator, campaign, member_a, outsider
):
    client.force_login(evaluator)
    assert client.get(_detail(campaign)).status_code == 200
    other = ProgramMembershipFactory(
        program=ProgramFactory(), user__email="other@eval.example"
    ).user
    for user in (other, member_a, outsider):
        client.force_login(user)
        assert client.get(_detail(campaign)).status_code == 404
    client.logout()
    assert client.get(_detail(campaign))["Location"].startswith(
        reverse("accounts:login")
    )
    client.force_login(evaluator)
    assert (
        client.get(
            reverse(
                "assessments:send_due",
                kwargs={"slug": campaign.program.slug, "campaign": campaign.slug},
            )
        ).status_code
        == 405
    )


@pytest.fixture
def send_due(django_capture_on_commit_callbacks):
    """campaign_send_due, then what runs once its transaction commits (the sending)."""

    def send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return campaign_send_due(base_url=BASE, **kwargs)

    return send


def _invite(campaign, agency, email="chief@a.example"):
    return CampaignAgency.objects.create(
        campaign=campaign, agency=agency, contact_email=email
    )


def test_prenotice_invitation_and_two_reminders_on_schedule(
    campaign, agency_a, agency_b, send_due
):
    campaign.opens_on, campaign.reminder_days = date(2026, 3, 2), [7, 14]
    campaign.save()
    entry = _invite(campaign, agency_a)
    _invite(campaign, agency_b, email="")

    sent = send_due(campaign=campaign, today=date(2026, 2, 23))
    assert (sent.prenotices, sent.invitations, sent.skipped_without_address) == (
        1,
        0,
        1,
    )
    assert send_due(campaign=campaign, today=date(2026, 2, 24)).prenotices == 0

    sent = send_due(campaign=campaign, today=date(2026, 3, 2))
    assert sent.invitations == 1
    invitation = mail.outbox[-1]
    links = re.findall(r"http://testserver/survey/[\w-]+/", invitation.body)
    assert len(links) == 4  # one per respondent type
    assert Response.objects.filter(campaign=campaign, agency=agency_a).count() == 4

    entry.refresh_from_db()
    invited = entry.invitation_sent_at.date()
    assert send_due(campaign=campaign, today=invited + timedelta(days=6)).reminders == 0
    assert send_due(campaign=campaign, today=invited + timedelta(days=7)).reminders == 1
    assert send_due(campaign=campaign, today=invited + timedelta(days=8)).reminders == 0
    # The command respondent answers before the second reminder: it is no longer listed.
    Response.objects.filter(
        campaign=campaign, agency=agency_a, respondent_type="command"
    ).update(status="submitted", submitted_at=timezone.now())
    assert (
        send_due(campaign=campaign, today=invited + timedelta(days=14)).reminders == 1
    )
    assert len(re.findall(r"/survey/", mail.outbox[-1].body)) == 3
    assert (
        send_due(campaign=campaign, today=invited + timedelta(days=30)).reminders == 0
    )
    assert len(mail.outbox) == 4


def _answer_by_link(client, token):
    client.post(
        reverse("assessments:survey_answer", kwargs={"token": token, "page": 1}),
        {"out_liaison": "no"},
    )
    client.post(
        reverse("assessments:survey_answer", kwargs={"token": token, "page": 2}),
        {"mon_tracks": "yes"},
    )
    return client.post(reverse("assessments:survey_submit", kwargs={"token": token}))


def test_a_respondent_answers_through_the_link_without_an_account(
    client, campaign, agency_a
):
    _invite(campaign, agency_a)
    campaign_send_due(campaign=campaign, base_url=BASE)
    response = Response.objects.get(
        campaign=campaign, agency=agency_a, respondent_type="command"
    )
    start = client.get(reverse("assessments:survey", kwargs={"token": response.token}))
    assert (
        "No question asks about anyone's immigration status" in start.content.decode()
    )
    done = _answer_by_link(client, response.token)
    assert done["Location"] == reverse(
        "assessments:survey_results", kwargs={"token": response.token}
    )
    response.refresh_from_db()
    assert response.is_submitted and response.principle_scores["monitor"] == 100.0


def test_a_second_submission_from_the_same_link_is_refused(client, campaign, agency_a):
    _invite(campaign, agency_a)
    campaign_send_due(campaign=campaign, base_url=BASE)
    response = Response.objects.get(
        campaign=campaign, agency=agency_a, respondent_type="command"
    )
    _answer_by_link(client, response.token)
    submitted_at = Response.objects.get(pk=response.pk).submitted_at
    again = client.post(
        reverse("assessments:survey_submit", kwargs={"token": response.token})
    )
    assert again.status_code == 400
    assert "can no longer change" in again.content.decode()
    assert Response.objects.get(pk=response.pk).submitted_at == submitted_at


def test_a_closed_campaign_refuses_answers(client, campaign, agency_a):
    _invite(campaign, agency_a)
    campaign_send_due(campaign=campaign, base_url=BASE)
    response = Response.objects.get(
        campaign=campaign, agency=agency_a, respondent_type="command"
    )
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    page = client.post(
        reverse(
            "assessments:survey_answer", kwargs={"token": response.token, "page": 1}
        ),
        {"out_liaison": "yes"},
    )
    assert page.status_code == 410
    assert Response.objects.get(pk=response.pk).answers == {}


def test_an_unknown_link_is_404(client, db):
    assert (
        client.get(
            reverse("assessments:survey", kwargs={"token": "not-a-token"})
        ).status_code
        == 404
    )


def test_response_rates_by_type_state_and_size(campaign):
    responding = AgencyFactory(state="IA", population_served=60_000)
    silent = AgencyFactory(state="IA", population_served=5_000, agency_type="sheriff")
    for agency in (responding, silent):
        _invite(campaign, agency)
    Response.objects.create(
        instrument=campaign.instrument, campaign=campaign, agency=responding, respondent_type="line",
        status="submitted", submitted_at=timezone.now(),
    )  # fmt: skip
    Response.objects.create(
        instrument=campaign.instrument, campaign=campaign, agency=silent, respondent_type="partner",
        status="submitted", submitted_at=timezone.now(),
    )  # fmt: skip
    rates = campaign_response_rates(campaign=campaign)
    assert (rates["overall"].invited, rates["overall"].responded) == (2, 1)
    by_type = {c.key: c for c in rates["by_type"]}
    assert by_type["municipal"].rate == 1.0 and by_type["sheriff"].low
    assert {c.key: c.responded for c in rates["by_size"]} == {"medium": 1, "small": 0}
    assert not rates["by_state"][0].publishable  # 2 agencies, under the threshold of 11


def test_the_evaluator_creates_a_campaign(client, evaluator, program, instrument):
    client.force_login(evaluator)
    url = reverse("assessments:campaign_list", kwargs={"slug": program.slug})
    bad = client.post(
        url,
        {
            "name": "Fall",
            "slug": "fall",
            "status": "draft",
            "opens_on": "2026-10-01",
            "closes_on": "2026-09-01",
            "reminder_days": "7 x",
            "respondent_types": ["command"],
        },
    )
    assert bad.status_code == 200
    assert "cannot close before it opens" in bad.content.decode()
    assert "whole numbers" in bad.content.decode()
    assert not Campaign.objects.exists()
    created = client.post(
        url,
        {
            "name": "Fall round (fictional)",
            "slug": "fall",
            "status": "draft",
            "opens_on": "2026-10-01",
            "closes_on": "2026-11-01",
            "reminder_days": "14, 7",
            "respondent_types": ["command", "partner"],
        },
    )
    campaign = Campaign.objects.get(slug="fall")
    assert created["Location"] == _detail(campaign)
    assert (campaign.reminder_days, campaign.respondent_types, campaign.instrument) == (
        [7, 14],
        ["command", "partner"],
        instrument,
    )


def test_only_program_writers_create_campaigns(client, member_a, program, instrument):
    client.force_login(member_a)
    url = reverse("assessments:campaign_list", kwargs={"slug": program.slug})
    assert (
        client.post(url, {"name": "X", "slug": "x", "status": "draft"}).status_code
        == 404
    )
    assert not Campaign.objects.exists()


def test_contact_addresses_are_set_all_or_nothing(
    client, evaluator, campaign, agency_a, agency_b
):
    agency_a.ori = "MN0270200"
    agency_a.save()
    for agency in (agency_a, agency_b):
        CampaignAgency.objects.create(campaign=campaign, agency=agency)
    client.force_login(evaluator)
    url = reverse(
        "assessments:set_contacts",
        kwargs={"slug": campaign.program.slug, "campaign": campaign.slug},
    )
    response = client.post(
        url,
        {
            "contacts": "mn0270200, Chief@A.example\nnot-here, x@y.example\nbetatown-so, not an email"
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Line 2: &#x27;not-here&#x27; is not an agency of this campaign." in body
    assert "Line 3: &#x27;not an email&#x27; is not an email address." in body
    assert set(CampaignAgency.objects.values_list("contact_email", flat=True)) == {""}
    client.post(
        url, {"contacts": "mn0270200, Chief@A.example\nbetatown-so, sheriff@b.example"}
    )
    assert dict(
        CampaignAgency.objects.values_list("agency__slug", "contact_email")
    ) == {
        agency_a.slug: "chief@a.example",
        agency_b.slug: "sheriff@b.example",
    }
