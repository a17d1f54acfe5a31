import pytest
from django.urls import reverse

from puente.agencies.tests.factories import AgencyFactory, ProgramMembershipFactory
from puente.assessments.models import (
    AgencyScore,
    Campaign,
    CampaignAgency,
    Review,
    ReviewRound,
)
from puente.assessments.reviews import round_agreement
from puente.assessments.selection import Candidate, propose_shortlist
from puente.assessments.services import campaign_create
from puente.audit.models import AuditEvent

Stage = CampaignAgency.Stage


def test_the_shortlist_keeps_a_mix_of_types_regions_and_sizes():
    candidates = [
        Candidate(1, 95, "municipal", "large", "south"),
        Candidate(2, 94, "municipal", "large", "south"),
        Candidate(3, 93, "municipal", "large", "south"),
        Candidate(4, 60, "sheriff", "large", "south"),
        Candidate(5, 50, "municipal", "small", "midwest"),
        Candidate(6, 40, "municipal", "large", "west"),
    ]
    # Best sheriff (4), then the best of the midwest (5) and the west (6), then
    # small (already in through 5), then the rest by score.
    assert propose_shortlist(candidates, 5) == [1, 2, 4, 5, 6]
    assert propose_shortlist(candidates, 2) == [1, 4]
    assert propose_shortlist(candidates, 10) == [1, 2, 3, 4, 5, 6]


pytestmark = pytest.mark.django_db


@pytest.fixture
def scored_campaign(program, instrument):
    campaign = campaign_create(
        program=program,
        instrument=instrument,
        slug="c",
        name="C (fictional)",
        status=Campaign.Status.CLOSED,
    )
    agencies = [
        AgencyFactory(state=state, population_served=pop)
        for state, pop in [
            ("IA", 30_000),
            ("TX", 300_000),
            ("CA", 8_000),
            ("NY", 60_000),
        ]
    ]
    for score, agency in zip([80, 70, 60, 50], agencies, strict=True):
        CampaignAgency.objects.create(
            campaign=campaign, agency=agency, stage=Stage.SURVEYED
        )
        AgencyScore.objects.create(
            campaign=campaign,
            agency=agency,
            group="police",
            composite=score,
            principle_scores={},
            responses=1,
        )
    return campaign, agencies


def _url(name, campaign, **kwargs):
    return reverse(
        f"assessments:{name}",
        kwargs={"slug": campaign.program.slug, "campaign": campaign.slug, **kwargs},
    )


def _review(client, campaign, kind, agency, scores, recommendation="advance"):
    data = {f"score_{k}": v for k, v in scores.items()} | {
        "recommendation": recommendation,
        "notes": "Seen.",
    }
    return client.post(
        _url("review_agency", campaign, kind=kind, agency=agency.slug), data
    )


def test_rounds_from_shortlist_to_selection(client, evaluator, scored_campaign):
    campaign, agencies = scored_campaign
    client.force_login(evaluator)
    client.post(_url("make_shortlist", campaign), {"size": "3"})
    stages = dict(CampaignAgency.objects.values_list("agency_id", "stage"))
    assert [stages[a.pk] for a in agencies] == ["shortlisted"] * 3 + ["surveyed"]

    second = ProgramMembershipFactory(
        program=campaign.program, user__email="second@program.example"
    ).user
    shortlist = ReviewRound.objects.get(campaign=campaign, kind="shortlist")
    criteria = [c["key"] for c in shortlist.rubric]
    for reviewer, offsets in ((evaluator, (5, 4, 2)), (second, (5, 3, 2))):
        client.force_login(reviewer)
        for agency, value in zip(agencies[:3], offsets, strict=True):
            assert (
                _review(
                    client,
                    campaign,
                    "shortlist",
                    agency,
                    dict.fromkeys(criteria, value),
                ).status_code
                == 302
            )
    agreement = round_agreement(round_=shortlist)
    assert (
        agreement["reviewers"] == 2
        and agreement["alpha"] is not None
        and agreement["alpha"] > 0.8
    )

    client.force_login(evaluator)
    client.post(
        _url("advance", campaign, kind="shortlist"),
        {"agencies": [agencies[0].slug, agencies[1].slug]},
    )
    client.post(
        _url("advance", campaign, kind="interview"),
        {"agencies": [agencies[0].slug, agencies[1].slug]},
    )
    refused = client.post(
        _url("advance", campaign, kind="site_visit"),
        {"agencies": [agencies[0].slug]},
        follow=True,
    )
    assert "Write down why" in refused.content.decode()
    chosen = {
        "agencies": [agencies[0].slug],
        "rationale": "Liaison program with lasting funding.",
    }
    # The first press lists who is selected and who will be marked not selected.
    asked = client.post(_url("advance", campaign, kind="site_visit"), chosen)
    page = asked.content.decode()
    assert "1 agency will be selected" in page
    assert "2 agencies still in review will be marked" in page
    assert agencies[1].name in page.split("not selected")[1]
    assert CampaignAgency.objects.filter(stage="selected").count() == 0
    client.post(
        _url("advance", campaign, kind="site_visit"), {**chosen, "confirm": "yes"}
    )
    stages = dict(CampaignAgency.objects.values_list("agency_id", "stage"))
    assert [stages[a.pk] for a in agencies] == [
        "selected",
        "not_selected",
        "not_selected",
        "surveyed",
    ]
    assert (
        CampaignAgency.objects.get(agency=agencies[0]).decision_rationale
        == "Liaison program with lasting funding."
    )
    assert AuditEvent.objects.filter(
        object_type="assessments.reviewround", changes__advanced_to="selected"
    ).exists()
    assert (
        "Liaison program with lasting funding."
        in client.get(_url("review_overview", campaign)).content.decode()
    )


def test_a_reviewer_with_a_conflict_cannot_review_that_agency(
    client, evaluator, scored_campaign
):
    campaign, agencies = scored_campaign
    client.force_login(evaluator)
    client.post(_url("make_shortlist", campaign), {"size": "2"})
    client.post(
        _url("declare_conflict", campaign, agency=agencies[0].slug),
        {"reason": "I worked there until 2024."},
    )
    criteria = [c["key"] for c in ReviewRound.objects.get(campaign=campaign).rubric]
    assert (
        _review(
            client, campaign, "shortlist", agencies[0], dict.fromkeys(criteria, 5)
        ).status_code
        == 403
    )
    assert (
        client.get(
            _url("review_agency", campaign, kind="shortlist", agency=agencies[0].slug)
        ).status_code
        == 403
    )
    assert not Review.objects.exists()
    assert AuditEvent.objects.filter(
        object_type="assessments.conflictofinterest"
    ).exists()


def test_bad_review_input_changes_nothing(client, evaluator, scored_campaign):
    campaign, agencies = scored_campaign
    client.force_login(evaluator)
    client.post(_url("make_shortlist", campaign), {"size": "1"})
    response = _review(
        client, campaign, "shortlist", agencies[0], {"survey_evidence": 9, "fit": 3}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Review.objects.exists()
    # An agency that is not in the round cannot be reviewed in it.
    response = _review(
        client, campaign, "shortlist", agencies[3], {"survey_evidence": 3, "fit": 3}
    )
    assert "not in this round" in response.content.decode()


def test_review_pages_belong_to_the_program(
    client, member_a, outsider, scored_campaign
):
    campaign, _agencies = scored_campaign
    for user in (member_a, outsider):
        client.force_login(user)
        assert client.get(_url("review_overview", campaign)).status_code == 404
        assert (
            client.post(_url("make_shortlist", campaign), {"size": "2"}).status_code
            == 404
        )
    assert not CampaignAgency.objects.filter(stage=Stage.SHORTLISTED).exists()


def test_the_reviewer_sees_the_evidence_and_others_scores_only_after_their_own(
    client, evaluator, scored_campaign
):
    from django.utils import timezone

    from puente.assessments.models import Response

    campaign, agencies = scored_campaign
    AgencyScore.objects.filter(agency=agencies[0]).update(
        principle_scores={"broad-outreach": 66.7, "monitor": 40.0}
    )
    Response.objects.create(
        instrument=campaign.instrument, agency=agencies[0], campaign=campaign,
        respondent_type="command", status=Response.Status.SUBMITTED,
        answers={"out_liaison": "yes"}, submitted_at=timezone.now(),
    )  # fmt: skip
    client.force_login(evaluator)
    client.post(_url("make_shortlist", campaign), {"size": "3"})
    second = ProgramMembershipFactory(
        program=campaign.program, user__email="second@program.example"
    ).user
    criteria = [c["key"] for c in ReviewRound.objects.get(campaign=campaign).rubric]
    client.force_login(second)
    _review(client, campaign, "shortlist", agencies[0], dict.fromkeys(criteria, 2))
    client.force_login(evaluator)
    url = _url("review_agency", campaign, kind="shortlist", agency=agencies[0].slug)
    before = client.get(url).content.decode()
    # The agency's facts, scores per principle and answers in words.
    assert f"<dd>{agencies[0].get_agency_type_display()}</dd>" in before
    assert "Midwest" in before and "<dd>IA</dd>" in before
    assert "66.7" in before and "40.0" in before
    assert "Do you have a liaison?" in before and "<dd>Yes</dd>" in before
    # Not the colleague's marks yet.
    assert "once you have saved yours" in before
    assert (second.get_full_name() or second.email) not in before
    _review(client, campaign, "shortlist", agencies[0], dict.fromkeys(criteria, 5))
    after = client.get(url).content.decode()
    assert "The other reviewers" in after
    assert (second.get_full_name() or second.email) in after
    assert "once you have saved yours" not in after


@pytest.mark.parametrize(
    ("alpha", "words"),
    [
        (None, "once two reviewers"),
        (0.9, "agree well"),
        (0.7, "only moderately"),
        (0.3, "discuss the scores together"),
        (-0.5, "disagree more than chance"),
    ],
)
def test_agreement_is_said_in_words(alpha, words):
    from puente.assessments.reviews import agreement_in_words

    assert words in agreement_in_words(alpha)
