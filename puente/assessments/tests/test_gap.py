"""The police–partner gap per agency (no database)."""

from scipy.stats import permutation_test

from puente.assessments.gap import agency_gap
from puente.assessments.scoring import Scorer

SPEC = {
    "principles": ["partners", "outreach"],
    "items": [
        {"id": "meet", "type": "yesno", "respondent_types": ["line", "partner"],
         "options": [{"value": "yes", "points": {"partners": 10}}, {"value": "no"}]},
        {"id": "share", "type": "yesno", "respondent_types": ["line", "partner"],
         "options": [{"value": "yes", "points": {"partners": 10}}, {"value": "no"}]},
        {"id": "radio", "type": "yesno", "respondent_types": ["line", "partner"],
         "options": [{"value": "yes", "points": {"outreach": 5}}, {"value": "no"}]},
    ],
}  # fmt: skip


def _score(answers, who):
    return Scorer(SPEC).score(answers, who, explain=True)


def test_a_large_gap_is_flagged_and_its_items_named(db):
    police = [_score({"meet": "yes", "share": "yes", "radio": v}, "line")
              for v in ("yes", "no", "yes", "no", "yes")]  # fmt: skip
    partners = [_score({"meet": "no", "share": s, "radio": v}, "partner")
                for s, v in (("no", "yes"), ("no", "no"), ("yes", "yes"), ("no", "no"))]  # fmt: skip
    partners_gap, outreach_gap = agency_gap(police, partners, ["partners", "outreach"])
    assert (partners_gap.police_mean, partners_gap.partner_mean) == (100.0, 12.5)
    assert partners_gap.gap == 87.5
    # Exact: 9 ways to relabel 5 + 4 scores; only the observed split (and none more
    # extreme) gives a gap this large -> p = 1 / C(9, 4) = 1/126, two-sided 2/126.
    assert partners_gap.p_value == 2 / 126
    assert partners_gap.larger_than_chance
    assert [d.item_id for d in partners_gap.drivers] == ["meet", "share"]
    assert partners_gap.drivers[0].difference == 100.0
    assert outreach_gap.gap == 10.0 and not outreach_gap.larger_than_chance


def test_the_p_value_is_scipys_permutation_test(db):
    police = [_score({"meet": m, "share": "yes"}, "line") for m in ("yes", "no", "yes")]
    partners = [
        _score({"meet": m, "share": "no"}, "partner") for m in ("no", "yes", "no")
    ]
    gap = agency_gap(police, partners, ["partners"])[0]
    a = [r.principles["partners"] for r in police]
    b = [r.principles["partners"] for r in partners]
    expected = permutation_test(
        (a, b), lambda x, y: sum(x) / len(x) - sum(y) / len(y),
        permutation_type="independent", alternative="two-sided",
    ).pvalue  # fmt: skip
    assert abs(gap.p_value - expected) < 1e-12


def test_one_partner_is_not_shown_or_tested():
    police = [_score({"meet": "yes"}, "line")] * 3
    gap = agency_gap(police, [_score({"meet": "no"}, "partner")], ["partners"])[0]
    assert (gap.police_n, gap.partner_n) == (3, 1)
    assert gap.partner_mean is None and gap.p_value is None and not gap.drivers
