"""A campaign's lifecycle through its pages: draft → open → closed (→ published by
insights), with edit, reopen and removal of an agency, each confirmed and audited."""

import pytest
from django.urls import reverse
from django.utils import timezone

from puente.agencies.tests.factories import AgencyFactory
from puente.assessments.models import Campaign, CampaignAgency, Response
from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _url(name, program, campaign="spring", **extra):
    return reverse(
        f"assessments:{name}",
        kwargs={"slug": program.slug, "campaign": campaign, **extra},
    )


@pytest.fixture
def created(client, evaluator, program, instrument):
    """A campaign created through the page, with two agencies added."""
    client.force_login(evaluator)
    client.post(
        reverse("assessments:campaign_list", kwargs={"slug": program.slug}),
        {"name": "Spring (fictional)", "slug": "spring", "reminder_days": "7 14",
         "respondent_types": ["command", "partner"]},
    )  # fmt: skip
    for name in ("North PD (fictional)", "South PD (fictional)"):
        AgencyFactory(name=name, state="IA")
    client.post(_url("invite_agencies", program), {"states": "IA", "confirm": "yes"})
    return Campaign.objects.get(slug="spring")


def test_a_new_campaign_is_a_draft_and_counts_nobody_as_invited(
    client, created, program
):
    assert created.status == Campaign.Status.DRAFT
    page = client.get(_url("campaign_detail", program)).content.decode()
    # Two agencies are in it, but nothing was sent: no one is invited, no rate.
    assert "Agencies in the campaign</dt><dd>2</dd>" in page
    assert "Invited</dt><dd>0</dd>" in page
    assert "No agency has been invited yet" in page
    assert "low" not in page.split("rates-heading")[1].split("</section>")[0]


def test_open_close_reopen_are_confirmed_and_audited(client, created, program):
    step = _url("campaign_step", program, action="open")
    asked = client.get(step).content.decode()
    assert "Once open" in asked
    assert Campaign.objects.get(pk=created.pk).status == "draft"
    client.post(step)
    assert Campaign.objects.get(pk=created.pk).status == "open"
    # Closing twice: the second is refused with a reason.
    client.post(_url("campaign_step", program, action="close"))
    again = client.post(_url("campaign_step", program, action="close"), follow=True)
    assert "this step is not possible now" in again.content.decode()
    client.post(_url("campaign_step", program, action="reopen"))
    assert Campaign.objects.get(pk=created.pk).status == "open"
    changes = [
        e.changes["status"]
        for e in AuditEvent.objects.filter(
            object_type="assessments.campaign", changes__has_key="status"
        ).order_by("pk")
    ]
    assert changes == [["draft", "open"], ["open", "closed"], ["closed", "open"]]
    assert client.get(_url("campaign_step", program, action="nope")).status_code == 404


def test_an_empty_campaign_cannot_open(client, created, program):
    CampaignAgency.objects.filter(campaign=created).delete()
    response = client.post(_url("campaign_step", program, action="open"), follow=True)
    assert "Add agencies before opening" in response.content.decode()
    assert Campaign.objects.get(pk=created.pk).status == "draft"


def test_closing_scores_the_answers_and_readies_the_shortlist(client, created, program):
    client.post(_url("campaign_step", program, action="open"))
    entry = CampaignAgency.objects.filter(campaign=created).first()
    Response.objects.create(
        instrument=created.instrument, agency=entry.agency, campaign=created,
        respondent_type="command", status=Response.Status.SUBMITTED,
        answers={"out_liaison": "yes"}, submitted_at=timezone.now(),
    )  # fmt: skip
    client.post(_url("campaign_step", program, action="close"))
    entry.refresh_from_db()
    assert entry.stage == CampaignAgency.Stage.SURVEYED
    page = client.get(_url("campaign_detail", program)).content.decode()
    assert "Responded</dt><dd>1</dd>" in page and "Scored</dt><dd>1</dd>" in page
    review = client.get(_url("review_overview", program)).content.decode()
    assert "Responded</dt><dd>1</dd>" in review


def test_edit_keeps_the_short_name_and_is_audited(client, created, program):
    url = _url("campaign_edit", program)
    assert 'value="7 14"' in client.get(url).content.decode()
    client.post(
        url,
        {"name": "Spring round (fictional)", "reminder_days": "5",
         "respondent_types": ["command"]},
    )  # fmt: skip
    created.refresh_from_db()
    assert (created.name, created.reminder_days, created.slug) == (
        "Spring round (fictional)",
        [5],
        "spring",
    )
    event = AuditEvent.objects.filter(changes__has_key="name").get()
    assert event.changes["name"] == ["Spring (fictional)", "Spring round (fictional)"]


def test_the_agency_list_searches_shows_status_and_removes_after_asking(
    client, created, program
):
    listing = client.get(_url("campaign_agencies", program)).content.decode()
    assert "North PD" in listing and "South PD" in listing
    assert "Not contacted yet" in listing
    found = client.get(_url("campaign_agencies", program), {"q": "north"})
    assert "South PD" not in found.content.decode()
    south = CampaignAgency.objects.get(agency__name__startswith="South")
    remove = _url("remove_agency", program, agency=south.agency.slug)
    assert "will no longer be part" in client.get(remove).content.decode()
    client.post(remove)
    assert not CampaignAgency.objects.filter(pk=south.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="assessments.campaignagency", action="delete"
    ).exists()
    # An agency that answered stays.
    north = CampaignAgency.objects.get(agency__name__startswith="North")
    Response.objects.create(
        instrument=created.instrument, agency=north.agency, campaign=created,
        respondent_type="command",
    )  # fmt: skip
    refused = client.post(
        _url("remove_agency", program, agency=north.agency.slug), follow=True
    )
    assert "cannot be removed" in refused.content.decode()
    assert CampaignAgency.objects.filter(pk=north.pk).exists()


def test_lifecycle_pages_are_the_programs_own(
    client, created, program, member_a, outsider
):
    # An agency member, not of the program, gets 404 on every step.
    client.force_login(member_a)
    for url in (
        _url("campaign_step", program, action="open"),
        _url("campaign_edit", program),
        _url("campaign_agencies", program),
    ):
        assert client.get(url).status_code == 404, url
    client.logout()
    anonymous = client.post(_url("campaign_step", program, action="open"))
    assert "/accounts/login/" in anonymous["Location"]
    assert Campaign.objects.get(pk=created.pk).status == "draft"


def test_each_step_is_explained_in_spanish(client, created, program):
    """Found at /es/: the three step pages explained themselves in English, as their
    texts were marked with an alias that makemessages does not know."""
    expected = {
        "open": "Una vez abierta",
        "close": "Los enlaces de la encuesta dejan de aceptar respuestas",
        "reopen": "Los enlaces de la encuesta vuelven a aceptar respuestas",
    }
    steps = {a: "/es" + _url("campaign_step", program, action=a) for a in expected}
    for action, spanish in expected.items():
        step = steps[action]
        assert spanish in client.get(step).content.decode(), action
        client.post(step)


def test_a_short_name_in_use_is_refused_in_words(client, created, program):
    page = client.post(
        reverse("assessments:campaign_list", kwargs={"slug": program.slug}),
        {"name": "Another (fictional)", "slug": "spring", "reminder_days": "7 14",
         "respondent_types": ["command"]},
    )  # fmt: skip
    body = page.content.decode()
    assert "Another campaign already uses this short name; choose another." in body
    assert Campaign.objects.filter(slug="spring").count() == 1
