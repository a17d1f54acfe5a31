"""Scoring, worked by hand on a small instrument. No database needed."""

import pytest

from puente.assessments.scoring import Scorer, mean_scores, perception_gap

SPEC = {
    "principles": ["broad-outreach", "leverage-partnerships", "monitor"],
    "weights": {"broad-outreach": 2, "leverage-partnerships": 1, "monitor": 1},
    "items": [
        {
            "id": "has_liaison",
            "type": "yesno",
            "respondent_types": ["command", "partner"],
            "options": [
                {
                    "value": "yes",
                    "points": {"leverage-partnerships": 2, "broad-outreach": 1},
                },
                {"value": "no", "points": {}},
            ],
        },
        {
            "id": "contact_frequency",
            "type": "single",
            "respondent_types": ["command"],
            "relevant": {"item": "has_liaison", "in": ["yes"]},
            "options": [
                {"value": "never", "points": {}},
                {"value": "monthly", "points": {"broad-outreach": 1}},
                {"value": "weekly", "points": {"broad-outreach": 3}},
            ],
        },
        {
            "id": "channels",
            "type": "multiple",
            "respondent_types": ["command", "line"],
            "options": [
                {"value": "radio", "points": {"broad-outreach": 1}},
                {"value": "press", "points": {"broad-outreach": 1}},
                {"value": "social", "points": {"broad-outreach": 1, "monitor": 1}},
            ],
        },
        {
            "id": "officers",
            "type": "number",
            "respondent_types": ["command"],
            "min": 0,
            "max": 10,
        },
        {
            "id": "tracks_contacts",
            "type": "yesno",
            "respondent_types": ["command"],
            "options": [
                {"value": "yes", "points": {"monitor": 3}},
                {"value": "no", "points": {}},
            ],
        },
    ],
}


@pytest.fixture
def scorer():
    return Scorer(SPEC)


def test_a_hand_worked_response(scorer):
    answers = {
        "has_liaison": "yes",  # partnerships 2/2, outreach 1/1
        "contact_frequency": "monthly",  # outreach 1/3
        "channels": ["radio", "social"],  # outreach 2/3, monitor 1/1
        "officers": 4,  # not scored
        "tracks_contacts": "no",  # monitor 0/3
    }
    result = scorer.score(answers, "command")
    # outreach (1 + 1 + 2) / (1 + 3 + 3) = 4/7; partnerships 2/2; monitor 1/4
    assert result.principles == {
        "broad-outreach": 57.1,
        "leverage-partnerships": 100.0,
        "monitor": 25.0,
    }
    # weights 2, 1, 1: (2 * 57.142857 + 100 + 25) / 4
    assert result.composite == 59.8


def test_skip_logic_removes_hidden_items_from_both_sides(scorer):
    answers = {
        "has_liaison": "no",
        "contact_frequency": "weekly",
        "channels": [],
        "tracks_contacts": "yes",
    }
    result = scorer.score(answers, "command", explain=True)
    # contact_frequency is hidden when there is no liaison, so its stray answer earns nothing
    # and its 3 possible points leave the denominator: outreach 0 / (1 + 3).
    assert result.principles["broad-outreach"] == 0.0
    assert "contact_frequency" not in [e.item_id for e in result.items]
    assert not scorer.is_asked("contact_frequency", answers, "command")
    assert scorer.is_asked("contact_frequency", {"has_liaison": "yes"}, "command")


def test_items_for_other_respondents_do_not_count(scorer):
    # A line officer is asked only about channels.
    result = scorer.score({"channels": ["radio", "press", "social"]}, "line")
    assert result.principles == {
        "broad-outreach": 100.0,
        "leverage-partnerships": None,
        "monitor": 100.0,
    }
    assert result.composite == 100.0


def test_all_best_scores_100_and_all_worst_0(scorer):
    best = {
        "has_liaison": "yes",
        "contact_frequency": "weekly",
        "channels": ["radio", "press", "social"],
        "tracks_contacts": "yes",
    }
    worst = {"has_liaison": "no", "channels": [], "tracks_contacts": "no"}
    assert set(scorer.score(best, "command").principles.values()) == {100.0}
    assert set(scorer.score(worst, "command").principles.values()) == {0.0}
    assert scorer.score(best, "command").composite == 100.0
    assert scorer.score(worst, "command").composite == 0.0


def test_an_unanswered_item_earns_nothing(scorer):
    result = scorer.score({}, "command")
    assert result.principles["monitor"] == 0.0


def test_the_explanation_says_which_answer_gave_which_points(scorer):
    result = scorer.score(
        {"has_liaison": "yes", "channels": ["social"]}, "command", explain=True
    )
    by_item = {e.item_id: e for e in result.items}
    assert by_item["has_liaison"].earned == {
        "leverage-partnerships": 2.0,
        "broad-outreach": 1.0,
    }
    assert by_item["channels"].earned == {"broad-outreach": 1.0, "monitor": 1.0}
    assert by_item["channels"].possible == {"broad-outreach": 3.0, "monitor": 1.0}


def test_means_and_the_perception_gap():
    police = mean_scores([{"a": 80.0, "b": None}, {"a": 60.0, "b": 50.0}], ["a", "b"])
    assert police == {"a": 70.0, "b": 50.0}
    assert perception_gap(police, {"a": 40.0, "b": None}) == {"a": 30.0, "b": None}
