"""The DOJ safe harbor, as plain Python. No database."""

from decimal import Decimal

import pytest

from puente.language_access.census import (
    DATA_DIR,
    Estimate,
    Geography,
    LanguageGroup,
    read_acs,
    select_geographies,
)
from puente.language_access.rules import (
    ALL_SPEAKERS,
    Outcome,
    SafeHarbor,
    analyse,
    combine,
    is_aggregate_group,
    language_code,
)

RULE = SafeHarbor()


def _geography(population: int, lep: int, moe: int = 0, label: str = "Spanish"):
    return Geography(
        geoid="0400000US99",
        name="Test",
        population_5_plus=Estimate(population, 0),
        groups=[
            LanguageGroup(
                label=label,
                speakers=Estimate(lep * 2, moe),
                very_well=Estimate(lep, moe),
                lep=Estimate(lep, moe),
            )
        ],
    )


def _outcome(population: int, lep: int, rule: SafeHarbor = RULE) -> str:
    analysis = analyse(
        [_geography(population, lep)], table="C16001", vintage=2018, rule=rule
    )
    return analysis.groups[0].outcome


@pytest.mark.parametrize(
    ("lep", "expected"),
    [(999, Outcome.ORAL), (1000, Outcome.TRANSLATE), (1001, Outcome.TRANSLATE)],
)
def test_the_1000_persons_edge(lep, expected):
    # In a population of 1,000,000 the 5% trigger is 50,000, so 1,000 persons is the lesser.
    assert _outcome(1_000_000, lep) == expected


@pytest.mark.parametrize(
    ("lep", "expected"),
    [(499, Outcome.ORAL), (500, Outcome.TRANSLATE), (501, Outcome.TRANSLATE)],
)
def test_the_5_percent_edge(lep, expected):
    # 5% of 10,000 is 500, less than 1,000 persons.
    assert _outcome(10_000, lep) == expected


@pytest.mark.parametrize(
    ("lep", "expected"),
    [
        (44, Outcome.ORAL),  # under 5% of 900 (45)
        (45, Outcome.NOTICE),  # meets 5% but fewer than 50 persons
        (49, Outcome.NOTICE),
        (50, Outcome.TRANSLATE),
        (51, Outcome.TRANSLATE),
    ],
)
def test_the_50_persons_edge(lep, expected):
    assert _outcome(900, lep) == expected


def test_the_5_percent_of_an_awkward_population_is_exact():
    # 5% of 19,999 is 999.95: 999 persons is under it, 1,000 meets both triggers.
    assert _outcome(19_999, 999) == Outcome.ORAL
    assert _outcome(19_999, 1000) == Outcome.TRANSLATE


def test_stricter_local_figures_apply():
    strict = SafeHarbor(share=Decimal("0.01"), persons=500, notice_min=20)
    assert _outcome(1_000_000, 500, strict) == Outcome.TRANSLATE
    assert _outcome(1_000_000, 499, strict) == Outcome.ORAL
    assert _outcome(1_500, 15, strict) == Outcome.NOTICE


def test_the_lep_definition_can_count_every_speaker():
    geography = _geography(1_000_000, 600)  # 1,200 speakers, 600 LEP
    assert (
        analyse([geography], table="C16001", vintage=2018).groups[0].outcome == "oral"
    )
    everyone = analyse(
        [geography],
        table="C16001",
        vintage=2018,
        rule=SafeHarbor(lep_definition=ALL_SPEAKERS),
    )
    assert (everyone.groups[0].lep, everyone.groups[0].outcome) == (1200, "translate")


def test_the_rule_reads_its_figures_from_settings(settings):
    settings.PUENTE_SAFE_HARBOR_SHARE = Decimal("0.10")
    settings.PUENTE_SAFE_HARBOR_PERSONS = 2000
    settings.PUENTE_SAFE_HARBOR_NOTICE_MIN = 60
    assert SafeHarbor.from_settings() == SafeHarbor(
        share=Decimal("0.10"), persons=2000, notice_min=60
    )


@pytest.mark.parametrize(
    ("lep", "moe", "near"),
    [
        (950, 60, True),  # 890..1010 spans 1,000
        (900, 60, False),  # 840..960 does not
        (1040, 50, True),  # 990..1090 spans it
        (1050, 50, False),  # the low end is exactly 1,000, which already translates
    ],
)
def test_near_threshold_when_the_margin_of_error_spans_it(lep, moe, near):
    analysis = analyse([_geography(1_000_000, lep, moe)], table="C16001", vintage=2018)
    assert analysis.groups[0].near_threshold is near


def test_moe_of_two_geoids_is_the_square_root_of_the_sum_of_squares():
    """Minnesota and Iowa, Spanish LEP, by hand from the C16001 file:
    78,803 ± 5,599 and 44,308 ± 3,814 → 123,111 ± √(5,599² + 3,814²)
    = √(31,348,801 + 14,546,596) = √45,895,397 = 6,774.6 → 6,775."""
    assert combine([Estimate(78803, 5599), Estimate(44308, 3814)]) == Estimate(
        123111, 6775
    )
    table = read_acs(
        (DATA_DIR / "acs1_2018_C16001_state.csv").read_bytes(),
        filename="acs1_2018_C16001_state.csv",
    )
    name, vintage, geographies = select_geographies([table], ["27", "19"])
    analysis = analyse(geographies, table=name, vintage=vintage)
    spanish = next(g for g in analysis.groups if g.label == "Spanish")
    assert (spanish.lep, spanish.lep_moe) == (123111, 6775)
    assert analysis.population_5_plus == 5256247 + 2958262
    assert analysis.name == "Minnesota + Iowa"


def test_a_gap_in_one_geoid_makes_the_sum_a_gap():
    assert combine([Estimate(10, 2), Estimate(None, None)]) == Estimate()
    assert combine([Estimate(10, 2), Estimate(5, None)]) == Estimate(15, None)


@pytest.mark.parametrize(
    "label",
    [
        "Other Indo-European languages",
        "Other Asian and Pacific Island languages",
        "Other and unspecified languages",
        "Other languages",
        "French, Haitian, or Cajun",
        "Russian, Polish, or other Slavic languages",
        "Amharic, Somali, or other Afro-Asiatic languages",
        "Other languages of Asia",
        "Serbo-Croatian",
    ],
)
def test_aggregate_groups_are_flagged_and_name_no_language(label):
    assert is_aggregate_group(label)
    assert language_code(label) is None


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Spanish", "es"),
        ("Spanish or Spanish Creole", "es"),
        ("Vietnamese", "vi"),
        ("Chinese (incl. Mandarin, Cantonese)", "zh"),
        ("Tagalog (incl. Filipino)", "tl"),
        ("Hmong", "hmn"),
        ("Haitian", "ht"),
        ("Persian (incl. Farsi, Dari)", "fa"),
    ],
)
def test_single_languages_have_iso_codes(label, code):
    assert language_code(label) == code
    assert not is_aggregate_group(label)


def test_every_group_of_the_real_tables_is_classified():
    for name in ("acs1_2018_C16001_us.csv", "acs1_2018_B16001_us.csv"):
        table = read_acs((DATA_DIR / name).read_bytes(), filename=name)
        for group in table.geography("us").groups:
            assert is_aggregate_group(group.label) != bool(
                language_code(group.label)
            ), group.label


def test_groups_are_sorted_by_lep_with_gaps_last():
    geography = Geography(
        geoid="0400000US99",
        name="Test",
        population_5_plus=Estimate(100_000, 0),
        groups=[
            LanguageGroup("Korean", Estimate(10, 1), Estimate(5, 1), Estimate(5, 1)),
            LanguageGroup("Arabic", Estimate(None), Estimate(None), Estimate(None)),
            LanguageGroup(
                "Spanish", Estimate(900, 1), Estimate(100, 1), Estimate(800, 1)
            ),
        ],
    )
    analysis = analyse([geography], table="C16001", vintage=2018)
    assert [g.label for g in analysis.groups] == ["Spanish", "Korean", "Arabic"]
    arabic = analysis.groups[-1]
    assert (arabic.lep, arabic.outcome, arabic.share_of_population) == (
        None,
        None,
        None,
    )
    assert analysis.lep_total is None  # never a sum that leaves a gap out
