import pytest
from django.urls import reverse

from puente.practices.recommendations import AgencyFacts, PracticeFacts, recommend

SCORES = {"monitor": 32.0, "train": 60.0, "broad-outreach": 90.0, "sustain": None}


def _p(id, principles, types=("municipal",), sizes=("medium",), languages=(), **kw):
    return PracticeFacts(
        id, tuple(principles), tuple(types), tuple(sizes), tuple(languages), **kw
    )


def test_the_weakest_principle_ranks_first_with_its_reason():
    agency = AgencyFacts("municipal", "medium", ("so",))
    ranked = recommend(
        [
            _p(1, ["train"]),
            _p(2, ["monitor"]),
            _p(3, ["broad-outreach"]),
            _p(4, ["monitor"], types=("sheriff",), sizes=("large",)),
        ],
        SCORES,
        agency,
    )
    # 2: monitor (0.68) + type + size = 0.98; 1: train (0.40) + type + size = 0.70;
    # 4: monitor (0.68) with no fit = 0.68.
    assert [s.practice_id for s in ranked] == [2, 1, 4]
    assert ranked[0].reasons[0] == ("principle", {"principle": "monitor", "score": 32})
    assert ("type", {}) in ranked[0].reasons and ("size", {}) in ranked[0].reasons
    # A principle scored 80 or more drives nothing; an unscored one neither.
    assert 3 not in [s.practice_id for s in ranked]


def test_fit_breaks_ties_and_languages_count():
    agency = AgencyFacts("municipal", "small", ("so", "es"))
    ranked = recommend(
        [
            _p(1, ["train"], sizes=("large",)),
            _p(2, ["train"], sizes=("small",), languages=("so",)),
        ],
        SCORES,
        agency,
    )
    assert [s.practice_id for s in ranked] == [2, 1]
    assert ("languages", {"languages": ["so"]}) in ranked[0].reasons


def test_limit():
    assert (
        len(
            recommend(
                [_p(i, ["monitor"]) for i in range(10)],
                SCORES,
                AgencyFacts("municipal", None),
                limit=3,
            )
        )
        == 3
    )


@pytest.mark.django_db
def test_recommendations_appear_on_the_self_assessment_results(
    client, member_a, agency_a
):
    from puente.assessments.models import Response
    from puente.assessments.services import current_instrument
    from puente.practices.models import Status
    from puente.practices.services import practice_save

    practice_save(
        actor=None, slug="count-contacts", status=Status.PUBLISHED,
        data={"category": "liaison_program", "principles": ["monitor"], "suits_types": ["municipal"], "suits_sizes": []},
        texts={"en": {"title": "Count liaison contacts each quarter", "summary": "s", "description": "d", "outcomes": ""}},
    )  # fmt: skip
    instrument = current_instrument()
    response = Response.objects.create(
        instrument=instrument, agency=agency_a, respondent_type="command", status="submitted",
        principle_scores={}, answers={}, submitted_at="2026-11-01T10:00:00Z",
    )  # fmt: skip
    client.force_login(member_a)
    page = client.get(
        reverse(
            "assessments:results",
            kwargs={"slug": agency_a.slug, "response": response.uuid},
        )
    )
    body = page.content.decode()
    assert "Count liaison contacts each quarter" in body
    assert "serves Monitor successes and failures, where you scored 0" in body
