"""Every published figure, recomputed here from the rows the test made (with numpy and
plain loops, never with the code under test), and the small-cell rules on real data."""

import csv
import io
import json
import random

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from puente.insights import report, selectors
from puente.insights.services import campaign_publish
from puente.insights.tests.conftest import PRINCIPLES
from puente.lib.suppression import share_is_publishable

pytestmark = pytest.mark.django_db
LIAISON = {"out_liaison": "yes"}


def same(published, exact):
    """A figure published to one decimal, against the exact value (rounding ties may
    fall either way in floating point)."""
    return published is not None and abs(published - float(exact)) <= 0.05 + 1e-9


def _national_campaign(build, seed=5):
    """52 agencies in six states of two regions, with scores and key answers."""
    rng = random.Random(seed)
    layout = [("MN", 14), ("IA", 3), ("ND", 2), ("TX", 16), ("FL", 5), ("GA", 12)]
    made = []
    for state, count in layout:
        for _ in range(count):
            police = {key: round(rng.uniform(0, 100), 1) for key in PRINCIPLES}
            partner = (
                {key: round(rng.uniform(0, 100), 1) for key in PRINCIPLES}
                if rng.random() < 0.7
                else None
            )
            answers = {
                "out_liaison": rng.choice(["yes", "no"]),
                "mon_written_policy": rng.choice(["yes", "no"]),
                "trn_academy_language": rng.choice(["no", "required", "dont_know"]),
                "pol_translated_materials": rng.choice(
                    [["none"], ["court_guides"], []]
                ),
            }
            agency = build.add(
                state=state,
                agency_type=rng.choice(["municipal", "municipal", "sheriff"]),
                population=rng.choice([10_000, 50_000, 200_000]),
                answers=answers,
                police=police,
                partner=partner,
                consent=rng.random() < 0.5,
            )
            made.append((agency, answers, police, partner))
    return made


def test_principle_distributions_are_the_agencies_scores(build):
    made = _national_campaign(build)
    trends = selectors.campaign_trends(campaign=build.campaign)
    for summary in trends.principles:
        values = [police[summary.key] for _a, _ans, police, _p in made]
        assert summary.summary.n == len(values) == 52
        assert same(summary.summary.mean, np.mean(values))
        assert same(summary.summary.median, np.median(values))
        assert same(summary.summary.q1, np.percentile(values, 25))
        assert same(summary.summary.q3, np.percentile(values, 75))


def test_key_answer_shares_and_breakdowns(build):
    made = _national_campaign(build)
    trends = selectors.campaign_trends(campaign=build.campaign)
    liaison = next(a for a in trends.key_answers if a.key == "liaison")
    yes = sum(ans["out_liaison"] == "yes" for _a, ans, _p, _pp in made)
    assert (liaison.overall.n, liaison.overall.yes) == (52, yes)
    by_type = {c.key: c for c in liaison.breakdowns["type"].cells}
    for kind in ("municipal", "sheriff"):
        rows = [ans for a, ans, _p, _pp in made if a.agency_type == kind]
        cell = by_type[kind]
        if len(rows) >= 11 and not cell.suppressed:
            assert cell.n == len(rows)
            assert cell.yes == sum(r["out_liaison"] == "yes" for r in rows)
        if not cell.suppressed:
            # Shown shares never have fewer than 11 agencies answering either way.
            assert share_is_publishable(cell.yes, cell.n)
        else:
            assert (cell.n, cell.yes) == (None, None)
    # "don't know" and empty answers are left out of the denominator.
    training = next(a for a in trends.key_answers if a.key == "language_training")
    answered = [
        ans for _a, ans, _p, _pp in made if ans["trn_academy_language"] != "dont_know"
    ]
    assert training.overall.n == len(answered)
    assert training.overall.yes == sum(
        r["trn_academy_language"] == "required" for r in answered
    )
    materials = next(a for a in trends.key_answers if a.key == "translated_materials")
    given = [ans for _a, ans, _p, _pp in made if ans["pol_translated_materials"]]
    if len(given) >= 11:
        assert materials.overall.n == len(given)
        assert materials.overall.yes == sum(
            r["pol_translated_materials"] == ["court_guides"] for r in given
        )
    # The board was never asked in this data: nothing to show, and it says so.
    board = next(a for a in trends.key_answers if a.key == "advisory_board")
    assert board.asked and board.overall.suppressed and board.overall.n is None


def test_small_states_are_merged_so_no_state_is_total_minus_the_rest(build):
    made = _national_campaign(build)
    trends = selectors.campaign_trends(campaign=build.campaign)
    liaison = next(a for a in trends.key_answers if a.key == "liaison")
    states = {c.key: c for c in liaison.breakdowns["state"].cells}
    # MN (14) and TX (16) are shown; IA (3) and ND (2) are small, and together still
    # small, so MN is merged with them: the Midwest total minus MN would be them.
    # TX's share is shown only if 11 or more agencies answered each way (issue 14).
    texas = states["TX"]
    assert texas.suppressed or (
        texas.n == 16 and share_is_publishable(texas.yes, texas.n)
    )
    for state in ("IA", "ND", "MN"):
        assert states[state].suppressed and states[state].n is None
    merged = states["merged:midwest"]
    assert merged.members == ("IA", "MN", "ND")
    assert merged.suppressed or (
        merged.n == 19 and share_is_publishable(merged.yes, merged.n)
    )
    midwest_yes = sum(
        ans["out_liaison"] == "yes"
        for a, ans, _p, _pp in made
        if a.state in ("MN", "IA", "ND")
    )
    assert merged.suppressed or merged.yes == midwest_yes
    # FL (5) alone would be the South minus Texas and Georgia: merged with GA (12).
    assert states["FL"].suppressed and states["GA"].suppressed
    south = states["merged:south"]
    assert south.members == ("FL", "GA") and south.n in (17, None)
    # Each region shown is exactly the sum of its rows: nothing smaller to subtract.
    regions = {c.key: c for c in liaison.breakdowns["region"].cells}
    # (A region whose share has too few agencies answering one way shows no figures.)
    assert regions["midwest"].n in (19, None) and regions["south"].n in (33, None)
    shown = [c for c in regions.values() if not c.suppressed]
    assert all(share_is_publishable(c.yes, c.n) for c in shown)


def test_the_perception_gap_is_over_agencies_scored_by_both(build):
    made = _national_campaign(build)
    trends = selectors.campaign_trends(campaign=build.campaign)
    for _name, gap in trends.gap:
        pairs = [
            (p[gap.principle], pp[gap.principle]) for _a, _ans, p, pp in made if pp
        ]
        assert gap.n == len(pairs)
        assert same(gap.police, np.mean([a for a, _b in pairs]))
        assert same(gap.partner, np.mean([b for _a, b in pairs]))


def test_map_points_are_only_consenting_respondents_with_coordinates(build):
    named = build.add(
        consent=True, answers=LIAISON, police={"train": 50}, name="Named PD (fictional)"
    )
    build.add(consent=True, answers=LIAISON, police={"train": 50}, coordinates=None)
    hidden = build.add(
        consent=False,
        answers=LIAISON,
        police={"train": 50},
        name="Unnamed PD (fictional)",
    )
    build.add(consent=True)  # invited, never responded
    context = report.publication_context(campaign=build.campaign)
    data = context["map"]
    assert [p.agency_id for p in data.points] == [named.pk]
    assert data.without_coordinates == 1 and data.not_consenting == 1
    assert (data.invited, data.responded) == (4, 3)
    chart = context["charts"]["map"]
    names = [row[0] for row in chart.rows]
    assert names == ["Named PD (fictional)"] and hidden.name not in json.dumps(
        chart.spec
    )
    assert hidden.name not in chart.svg


def test_profiles_are_only_selected_agencies_that_agreed(build):
    from puente.accounts.tests.factories import UserFactory
    from puente.assessments.models import Review, ReviewRound

    agreed = build.add(
        consent=True, stage="selected", answers=LIAISON, police={"train": 70}
    )
    declined = build.add(
        consent=False, stage="selected", answers=LIAISON, police={"train": 80}
    )
    build.add(consent=True, stage="visited", answers=LIAISON, police={"train": 90})
    round_ = ReviewRound.objects.create(
        campaign=build.campaign, kind="site_visit", rubric=[]
    )
    reviewer = UserFactory()
    for agency, text, public in (
        (agreed, "Public note about the forums.", True),
        (agreed, "Private note about the chief.", False),
        (declined, "Public note about the other one.", True),
    ):
        Review.objects.create(
            round=round_, agency=agency, reviewer=reviewer if public else UserFactory(),
            recommendation="advance", notes=text, notes_public=public,
        )  # fmt: skip
    profiles, declined_count = selectors.campaign_profiles(campaign=build.campaign)
    assert [p.agency for p in profiles] == [agreed] and declined_count == 1
    assert profiles[0].notes == ["Public note about the forums."]
    html = report.report_html(campaign=build.campaign)
    assert agreed.name in html and declined.name not in html
    assert "Private note" not in html and "the other one" not in html


def test_the_trends_command_prints_the_figures_as_json(build):
    made = _national_campaign(build)
    out = io.StringIO()
    call_command("insights", "trends", "--campaign", build.campaign.slug, stdout=out)
    data = json.loads(out.getvalue())
    values = [police["train"] for _a, _ans, police, _p in made]
    assert data["principles"]["train"]["n"] == 52
    assert data["principles"]["train"]["median"] == round(float(np.median(values)), 1)
    assert {"mean", "median", "q1", "q3", "n"} <= set(data["principles"]["train"])
    states = {
        c["key"]: c for c in data["key_answers"]["liaison"]["breakdowns"]["state"]
    }
    assert states["IA"] == {
        "key": "IA", "n": None, "yes": None, "share": None, "suppressed": True,
        "merged_into": "merged:midwest",
    }  # fmt: skip
    texas = states["TX"]
    assert texas["suppressed"] or (
        texas["n"] == 16 and share_is_publishable(texas["yes"], texas["n"])
    )


def test_open_data_tables_carry_the_same_suppression(client, build):
    _national_campaign(build)
    campaign_publish(campaign=build.campaign)
    url = reverse(
        "insights:open_data_table",
        kwargs={"campaign": build.campaign.slug, "table": "key_answers"},
    )
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    states = {
        r["cell"]: r
        for r in rows
        if r["key_answer"] == "liaison" and r["dimension"] == "state"
    }
    assert "IA" not in states and "MN" not in states
    assert states["merged:midwest"]["merged_cells"] == "IA MN ND"
    for cell, n in (("merged:midwest", "19"), ("TX", "16")):
        shown = states[cell]["n"]
        assert shown in ("", n)
        if shown:
            assert share_is_publishable(int(states[cell]["yes"]), int(shown))
    for table in ("principles", "perception_gap", "response_rates", "dictionary"):
        response = client.get(url.replace("key_answers", table))
        assert response.status_code == 200, table
    rates = client.get(url.replace("key_answers", "response_rates")).content.decode(
        "utf-8-sig"
    )
    rows = {r["state"]: r for r in csv.DictReader(io.StringIO(rates))}
    assert rows["TX"]["invited"] == "16" and "FL" not in rows


def test_a_repeated_campaign_is_compared_with_the_published_one(
    program, national, build
):
    from puente.assessments.services import campaign_create
    from puente.insights.tests.conftest import Builder

    for _ in range(12):
        build.add(answers=LIAISON, police={"train": 40})
    campaign_publish(campaign=build.campaign)
    later = campaign_create(
        program=program,
        instrument=national,
        slug="national-2026",
        name="National 2026 (fictional)",
    )
    again = Builder(later)
    for _ in range(12):
        again.add(answers=LIAISON, police={"train": 60})
    trends = selectors.campaign_trends(campaign=later)
    assert [c.campaign.slug for c in trends.comparison] == [
        "national-2025",
        "national-2026",
    ]
    assert [c.principles["train"].mean for c in trends.comparison] == [40.0, 60.0]
    assert trends.comparison[0].principles["sustain"].suppressed
