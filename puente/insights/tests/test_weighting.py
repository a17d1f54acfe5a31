"""Raking the trust survey to census margins (no database)."""

import random

import pytest

from puente.insights import weighting


def test_a_hand_worked_example():
    # 4 respondents: 3 Spanish speakers (2 trust), 1 English speaker (does not).
    # The community is half Spanish, half English at home, so each Spanish answer
    # weighs 2/3 and the English one 2: trust = (2 * 2/3) / 4 = 1/3, not 2/3.
    people = [{"language": "es"}] * 3 + [{"language": "en"}]
    result = weighting.rake(people, {"language": {"es": 500, "en": 500}})
    assert result.weights == pytest.approx([2 / 3, 2 / 3, 2 / 3, 2.0], abs=1e-4)
    trust = [True, True, False, False]
    assert weighting.weighted_share(trust, result.weights) == pytest.approx(
        1 / 3, abs=1e-4
    )
    assert sum(trust) / 4 == 0.5
    # Kish: deff = n * sum(w^2) / sum(w)^2 = 4 * (3 * 4/9 + 4) / 16 = 4/3
    assert result.design_effect == pytest.approx(4 / 3, abs=1e-3)
    assert result.effective_n == pytest.approx(3.0, abs=1e-3)


def test_raking_reproduces_the_census_margins_to_a_tenth_of_a_point():
    rng = random.Random(4)
    languages = {"en": 52_000, "es": 31_000, "vi": 9_000, "so": 8_000}
    ages = {"18-34": 30_000, "35-54": 40_000, "55+": 30_000}
    # A sample that over-represents Spanish speakers and the young.
    people = [
        {"language": rng.choices(list(languages), [20, 60, 10, 10])[0],
         "age": rng.choices(list(ages), [50, 35, 15])[0]}
        for _ in range(600)
    ]  # fmt: skip
    result = weighting.rake(people, {"language": languages, "age": ages})
    for dimension, population in (("language", languages), ("age", ages)):
        got = weighting.weighted_margins(people, result.weights, dimension)
        total = sum(population.values())
        for category, count in population.items():
            assert abs(got[category] - count / total) < 0.001
    assert result.design_effect > 1 and result.effective_n < 600
    assert max(result.weights) <= weighting.CAP + 1e-6


def test_those_who_did_not_tell_keep_their_share_and_weights_are_trimmed():
    people = [{"language": "es"}] * 40 + [{"language": "en"}] * 2 + [{}] * 8
    full = weighting.rake(people, {"language": {"es": 10, "en": 90}}, cap=100)
    not_told = sum(full.weights[-8:]) / sum(full.weights)
    assert not_told == pytest.approx(8 / 50, abs=1e-3)
    assert weighting.weighted_margins(people, full.weights, "language")["en"] == (
        pytest.approx(0.9, abs=1e-3)
    )
    trimmed = weighting.rake(people, {"language": {"es": 10, "en": 90}}, cap=3.0)
    assert max(trimmed.weights) <= 3.0 + 1e-6
    told = weighting.weighted_margins(people, trimmed.weights, "language")
    assert 2 / 42 < told["en"] < 0.9  # towards the census, as far as the cap allows
    assert trimmed.design_effect < full.design_effect


def test_nothing_to_rake_leaves_everyone_at_one():
    people = [{"language": "es"}] * 5
    result = weighting.rake(people, {"language": {"es": 10, "en": 90}})
    assert result.weights == [1.0] * 5 and result.dimensions == []
