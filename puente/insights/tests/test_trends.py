"""The pure computations, without a database: distributions, small-cell merging (the
complement trick included), key answers and the perception gap."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from puente.insights.trends import (
    KEY_ANSWERS,
    Tally,
    merge_small,
    merge_small_nested,
    perception_gap,
    summarize,
)

T = 11


def same(published, exact):
    return published is not None and abs(published - float(exact)) <= 0.05 + 1e-9


def test_summary_matches_numpy_quartiles():
    values = [12.5, 40, 40, 55.5, 60, 71, 80, 81, 90, 95, 99, 3]
    summary = summarize(values, T)
    assert summary.n == 12 and not summary.suppressed
    assert same(summary.mean, np.mean(values))
    assert same(summary.median, np.median(values))
    assert same(summary.q1, np.percentile(values, 25))
    assert same(summary.q3, np.percentile(values, 75))
    assert (summary.minimum, summary.maximum) == (3.0, 99.0)


def test_a_distribution_over_too_few_agencies_is_suppressed():
    summary = summarize(range(10), T)
    assert summary.suppressed and summary.n == 10
    assert summary.mean is None and summary.median is None and summary.q1 is None
    assert summarize([], T).suppressed


def test_cells_big_enough_are_shown_as_they_are():
    cells = merge_small({"a": Tally(11, 3), "b": Tally(20, 20)}, T)
    assert [(c.key, c.n, c.yes, c.suppressed) for c in cells] == [
        ("a", 11, 3, False),
        ("b", 20, 20, False),
    ]
    assert cells[0].share == round(3 / 11, 3)


def test_one_small_cell_is_merged_with_the_next_smallest_so_it_cannot_be_subtracted():
    tallies = {"a": Tally(5, 5), "b": Tally(12, 2), "c": Tally(30, 10)}
    cells = {c.key: c for c in merge_small(tallies, T)}
    # Shown alone, "a" would be total (47) minus b and c: so b goes with it.
    assert cells["a"].suppressed and cells["a"].merged_into == "merged"
    assert cells["b"].suppressed and cells["b"].merged_into == "merged"
    assert (cells["c"].n, cells["c"].yes) == (30, 10)
    merged = cells["merged"]
    assert merged.members == ("a", "b") and (merged.n, merged.yes) == (17, 7)


def test_two_small_cells_together_still_small_take_in_more():
    tallies = {"a": Tally(2, 1), "b": Tally(3, 0), "c": Tally(40, 4), "d": Tally(50, 5)}
    cells = {c.key: c for c in merge_small(tallies, T)}
    assert cells["merged"].members == ("a", "b", "c")
    assert cells["merged"].n == 45 and not cells["merged"].suppressed
    assert cells["d"].n == 50


def test_a_breakdown_that_is_all_small_is_suppressed_and_says_so():
    cells = merge_small({"a": Tally(2, 1), "b": Tally(3, 0)}, T)
    merged = cells[-1]
    assert merged.suppressed and merged.n is None and merged.members == ("a", "b")
    assert all(c.suppressed for c in cells)


_tallies = st.dictionaries(
    st.sampled_from("ABCDEFGHIJ"),
    st.integers(1, 40).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
    min_size=1,
).map(lambda d: {k: Tally(n, y) for k, (n, y) in d.items()})


@settings(max_examples=300, deadline=None)
@given(_tallies)
def test_no_cell_under_the_threshold_can_be_recovered(tallies):
    cells = merge_small(tallies, T)
    total_n = sum(t.n for t in tallies.values())
    shown = [c for c in cells if not c.suppressed]
    # Every figure shown covers the threshold or more...
    assert all(c.n >= T for c in shown)
    # ...each original cell appears once, shown or merged...
    originals = [c for c in cells if not c.members]
    assert sorted(c.key for c in originals) == sorted(tallies)
    # ...and what the total minus the shown cells leaves is nothing, or a group of at
    # least two cells and the threshold.
    remainder = total_n - sum(c.n for c in shown)
    hidden = [c for c in originals if c.suppressed]
    assert remainder == 0 or (total_n < T or (len(hidden) >= 2 and remainder >= T))
    for cell in shown:
        if not cell.members:
            assert (cell.n, cell.yes) == (tallies[cell.key].n, tallies[cell.key].yes)


REGION = {"MN": "midwest", "IA": "midwest", "ND": "midwest", "TX": "south", "FL": "south",
          "NY": "northeast", "VT": "northeast"}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(sorted(REGION)),
        st.integers(1, 30).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
        min_size=1,
    )
)
def test_a_state_cannot_be_recovered_from_its_region(raw):
    states = {k: Tally(n, y) for k, (n, y) in raw.items()}
    regions: dict[str, Tally] = {}
    for state, tally in states.items():
        regions[REGION[state]] = regions.get(REGION[state], Tally(0)) + tally
    region_cells = merge_small(regions, T)
    state_cells = merge_small_nested(states, REGION.get, region_cells, T)
    shown_regions = {c.key: c.n for c in region_cells if not c.suppressed}
    for region, n in shown_regions.items():
        if region == "merged":
            continue
        inside = [
            c
            for c in state_cells
            if not c.suppressed and (c.parent == region) and not c.merged_into
        ]
        # The region's total is exactly its states shown plus its merged group.
        assert sum(c.n for c in inside) == n
    for cell in state_cells:
        if not cell.suppressed:
            assert cell.n >= T
    pooled = [c for c in state_cells if c.key == "merged"]
    merged_region = [c for c in region_cells if c.key == "merged"]
    if pooled:
        assert (pooled[0].n, pooled[0].suppressed) == (
            merged_region[0].n,
            merged_region[0].suppressed,
        )


def test_key_answers_read_the_national_items():
    by_key = {k.key: k for k in KEY_ANSWERS}
    assert by_key["liaison"].holds("yes") and not by_key["liaison"].holds("no")
    board = by_key["advisory_board"]
    assert board.holds("dedicated_board") and not board.holds("informal")
    materials = by_key["translated_materials"]
    assert materials.holds(["none", "victim_assistance"])
    assert not materials.holds(["none"]) and materials.answered(["none"])
    training = by_key["language_training"]
    assert not training.answered("dont_know") and not training.answered(None)
    assert training.holds("in_service_only") and not training.holds("no")


def test_perception_gap_over_agencies_scored_by_both(db):
    pairs = [({"train": 60.0 + i}, {"train": 40.0}) for i in range(11)]
    pairs.append(({"train": 90.0}, {"train": None}))
    (gap,) = perception_gap(pairs, ["train"], T)
    assert gap.n == 11 and not gap.suppressed
    assert same(gap.police, np.mean([60 + i for i in range(11)]))
    assert gap.partner == 40.0 and gap.gap == round(gap.police - 40.0, 1)
    (small,) = perception_gap(pairs[:10], ["train"], T)
    assert small.suppressed and small.police is None
    # Every police score is above its partners': the exact signed-rank p for 11 pairs
    # all on one side is 2 / 2**11.
    assert gap.p_value == pytest.approx(2 / 2**11)
    mixed = [
        ({"train": 50.0 + d}, {"train": 50.0})
        for d in (3, -2, 1, -4, 5, -1, 2, -3, 4, -5, 6)
    ]
    (noise,) = perception_gap(mixed, ["train"], T)
    assert noise.p_value > 0.5
