"""The shipped Puente national assessment."""

import json

import pytest

from puente.assessments.scoring import Scorer
from puente.assessments.services import NATIONAL_SPEC
from puente.assessments.spec import validate

PRINCIPLES = {
    "root-causes", "maximize-resources", "leverage-partnerships", "focus-on-the-vulnerable",
    "broad-outreach", "train", "monitor", "sustain",
}  # fmt: skip


@pytest.fixture(scope="module")
def spec():
    return json.loads(NATIONAL_SPEC.read_text(encoding="utf-8"))


def test_it_is_valid_and_covers_every_principle(spec):
    assert validate(spec, principle_keys=PRINCIPLES) == []
    assert set(spec["principles"]) == PRINCIPLES
    assert 60 <= len(spec["items"]) <= 120
    for item in spec["items"]:
        assert item["label"]["en"] and item["label"]["es"]
        assert item["rationale"]["en"] and item["rationale"]["es"]
    partner_items = [i for i in spec["items"] if i["respondent_types"] == ["partner"]]
    assert sum(1 for i in partner_items if i.get("compares_with")) >= 10


def test_it_never_asks_about_immigration_status_or_identity(spec):
    text = json.dumps(spec, ensure_ascii=False).lower()
    for word in (
        "citizen",
        "nationality",
        "country of birth",
        " ssn",
        "itin ",
        "visa ",
        "undocumented",
        "ciudadan",
        "país de nacimiento",
    ):
        assert word not in text, word


def _extreme(spec, respondent_type, best):
    """Answer every asked item with its best (or worst) option."""
    scorer = Scorer(spec)
    answers = {}
    for item in spec["items"]:
        if not scorer.is_asked(item["id"], answers, respondent_type) or not item.get(
            "options"
        ):
            continue
        totals = [
            (sum((o.get("points") or {}).values()), o["value"]) for o in item["options"]
        ]
        if item["type"] == "multiple":
            answers[item["id"]] = [v for p, v in totals if p > 0] if best else []
        else:
            answers[item["id"]] = (max if best else min)(totals)[1]
    return scorer.score(answers, respondent_type)


@pytest.mark.parametrize("respondent_type", ["command", "line", "civilian", "partner"])
def test_all_best_scores_100_and_all_worst_0(spec, respondent_type):
    best = _extreme(spec, respondent_type, best=True)
    worst = _extreme(spec, respondent_type, best=False)
    assert {v for v in best.principles.values() if v is not None} == {100.0}
    assert {v for v in worst.principles.values() if v is not None} == {0.0}
    assert best.composite == 100.0 and worst.composite == 0.0
    if respondent_type == "command":
        assert None not in best.principles.values()
