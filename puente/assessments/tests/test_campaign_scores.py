"""Campaign scores, stored by `assessment import-responses` (which scores the whole campaign
at once over arrays), against figures worked by hand and against the one-response scorer
that a survey uses on submission."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from puente.assessments.models import AgencyScore, Campaign, Response
from puente.assessments.scoring import Scorer, mean_scores
from puente.assessments.services import instrument_load

pytestmark = pytest.mark.django_db

HEADER = ["agency", "respondent_type", "out_liaison", "out_frequency", "out_channels",
          "mon_tracks", "mon_officers", "pv_liaison"]  # fmt: skip


@pytest.fixture
def two_principle_instrument(instrument, small_spec):
    """The small instrument, version 2: the liaison item scores partnerships and
    outreach, and the ethnic press scores outreach and monitoring."""
    items = {item["id"]: item for item in small_spec["items"]}
    items["out_liaison"]["options"][0]["points"] = {
        "leverage-partnerships": 2,
        "broad-outreach": 1,
    }
    items["out_channels"]["options"][1]["points"] = {
        "broad-outreach": 1,
        "monitor": 1,
    }
    return instrument_load(spec={**small_spec, "version": 2})


def test_campaign_scores_match_the_hand_worked_figures(
    tmp_path, two_principle_instrument, program, agency_a, agency_b
):
    a, b = agency_a.slug, agency_b.slug
    rows = [
        HEADER,
        # No liaison: the frequency question is skipped, and its stale answer must not
        # count. Outreach 1 of 3 (liaison 1, channels 2), partnerships 0 of 2,
        # monitoring 3 of 4 (press 1, tracks 3).
        [a, "command", "no", "weekly", "radio", "yes", "4", ""],
        # Line officers see only the channels: both (2 of 2, 1 of 1); none at all (0, 0).
        [a, "line", "", "", "radio press", "", "", ""],
        [a, "line", "", "", "", "", "", ""],
        [a, "partner", "", "", "", "", "", "yes"],
        # Outreach 4 of 5 (liaison 1, weekly 2, press 1), partnerships 2 of 2, monitoring 1 of 4.
        [b, "command", "yes", "weekly", "press", "no", "", ""],
        # Civilians see the liaison and tracking questions: 1 of 1, 2 of 2, 0 of 3.
        [b, "civilian", "yes", "", "", "no", "", ""],
    ]
    path = tmp_path / "responses.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    call_command("assessment", "import-responses", str(path), "--campaign", "hand",
                 "--create", "--program", program.slug, stdout=StringIO())  # fmt: skip
    campaign = Campaign.objects.get(slug="hand")
    assert campaign.instrument == two_principle_instrument

    stored = {
        (s.agency.slug, s.group): (
            [s.principle_scores[k] for k in ("broad-outreach", "leverage-partnerships", "monitor")],
            s.composite,
            s.responses,
        )
        for s in AgencyScore.objects.filter(campaign=campaign).select_related("agency")
    }  # fmt: skip
    assert stored == {
        # Means of (33.3, 100, 0), (0, -, -), (75, 100, 0); composite of 44.4, 0, 58.3.
        (a, "police"): ([44.4, 0.0, 58.3], 34.2, 3),
        (a, "command"): ([33.3, 0.0, 75.0], 36.1, 1),
        (a, "line"): ([50.0, None, 50.0], 50.0, 2),
        (a, "partner"): ([None, 100.0, None], 100.0, 1),
        # Means of (80, 100), (100, 100), (25, 0).
        (b, "police"): ([90.0, 100.0, 12.5], 67.5, 2),
        (b, "command"): ([80.0, 100.0, 25.0], 68.3, 1),
        (b, "civilian"): ([100.0, 100.0, 0.0], 66.7, 1),
    }

    # And the same as scoring each response alone, as a survey does when it is submitted.
    scorer = Scorer(two_principle_instrument.spec)
    by_group: dict = {}
    for response in Response.objects.filter(campaign=campaign).select_related("agency"):
        result = scorer.score(response.answers, response.respondent_type)
        assert result.principles == response.principle_scores
        kind = response.respondent_type
        for group in ("partner",) if kind == "partner" else ("police", kind):
            by_group.setdefault((response.agency.slug, group), []).append(
                result.principles
            )
    for key, results in by_group.items():
        means = mean_scores(results, scorer.principles)
        assert stored[key][0] == list(means.values())
        assert stored[key][1] == scorer.composite(means)
