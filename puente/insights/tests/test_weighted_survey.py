"""The trust survey weighted to the agency's census margins: the staff page."""

import pytest
from django.urls import reverse

from puente.insights.survey_weighting import home_language_margins, weighted_survey
from puente.insights.weighting import rake, weighted_margins
from puente.language_access.models import Jurisdiction, LanguageFigure
from puente.portal.models import SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def census(agency_a):
    place = Jurisdiction.objects.create(
        agency=agency_a, geoid="1600000US2700000", name="Alphaville city (fictional)",
        table="C16001", population_5_plus=10_000,
    )  # fmt: skip
    for position, (label, speakers) in enumerate(
        [
            ("Speak only English", 7_000),
            ("Spanish", 2_000),
            ("Vietnamese", 600),
            ("Other Indo-European languages", 400),
        ]  # fmt: skip
    ):
        LanguageFigure.objects.create(
            jurisdiction=place, position=position, label=label, speakers=speakers
        )
    return place


def _answers(agency, quarter, language, trust, count):
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            agency=agency,
            quarter=quarter,
            language="en",
            home_language=language,
            trust=trust,
        )  # fmt: skip
        for _ in range(count)
    )


def test_a_quarter_of_mostly_spanish_speakers_is_weighted_to_the_town(
    client, member_a, agency_a, census, settings
):
    settings.PUENTE_SMALL_CELL = 11
    assert home_language_margins(agency=agency_a) == {
        "en": 7000, "es": 2000, "vi": 600, "other": 400
    }  # fmt: skip
    # 2026Q2: 12 Spanish speakers (9 trust), 4 English (1 trusts), 2 Vietnamese
    # (both trust), 2 other (neither), 4 who did not say (2 trust).
    for language, trusting, count in [("es", 5, 9), ("es", 2, 3), ("en", 5, 1),
                                      ("en", 1, 3), ("vi", 4, 2), ("other", 2, 2),
                                      ("", 4, 2), ("", 2, 2)]:  # fmt: skip
        _answers(agency_a, "2026Q2", language, trusting, count)
    _answers(agency_a, "2026Q1", "es", 5, 5)  # too few: hidden
    margins, quarters = weighted_survey(agency=agency_a)
    hidden, shown = quarters
    assert hidden.suppressed and hidden.respondents == 5 and not hidden.shares
    assert shown.respondents == 24 and shown.told_language == 20
    plain, weighted = shown.shares["trust"]
    assert plain == pytest.approx(100 * 14 / 24)
    # By hand: the 20 who told carry 20/24 of the weight, split 70/20/6/4 by language;
    # trust within each: en 1/4, es 9/12, vi 2/2, other 0/2; the 4 who did not say
    # keep 4/24 with 2 of 4 trusting.
    by_hand = (
        20 / 24 * (0.70 * 1 / 4 + 0.20 * 9 / 12 + 0.06 * 1 + 0.04 * 0) + 4 / 24 * 0.5
    )
    assert weighted == pytest.approx(100 * by_hand, abs=0.01)
    assert shown.design_effect > 1 and shown.effective_n < 24

    client.force_login(member_a)
    page = client.get(
        reverse("insights:weighted_survey", kwargs={"slug": agency_a.slug})
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert f"{plain:.1f}%" in body and f"{weighted:.1f}%" in body
    assert "Hidden: fewer respondents than the small-cell threshold." in body
    assert "Design effect" in body and "Effective sample size" in body


def test_raking_the_stored_answers_reproduces_the_census_margins(agency_a, census):
    people = (
        [{"language": "es"}] * 30 + [{"language": "en"}] * 9 + [{"language": "vi"}] * 4
        + [{"language": "other"}] * 3
    )  # fmt: skip
    margins = home_language_margins(agency=agency_a)
    weights = rake(people, {"language": margins}).weights
    got = weighted_margins(people, weights, "language")
    for key, count in margins.items():
        assert abs(100 * got[key] - 100 * count / 10_000) < 0.1


def test_only_members_see_it(client, member_b, agency_a):
    url = reverse("insights:weighted_survey", kwargs={"slug": agency_a.slug})
    assert client.get(url).status_code == 302
    client.force_login(member_b)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code in (404, 405)
