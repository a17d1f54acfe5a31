"""The evidence estimator (no database) and the `puente evidence estimate` command."""

import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from puente.insights import evidence

# The simulations run the real estimator; 20 panels keep `make test` fast, and
# `make bench` (bench/evidence.py) runs the full 100 with the same code.
SIMULATIONS = 20


def _coverage(*, effect: bool) -> tuple[int, list[float]]:
    covered, errors = 0, []
    for seed in range(SIMULATIONS):
        panel, truth = evidence.simulate(seed, effect=effect)
        result = evidence.estimate(panel, "y", min_treated=3)
        covered += result.ci_low <= truth <= result.ci_high
        errors.append(result.estimate - truth)
    return covered, errors


def test_intervals_cover_the_true_staggered_heterogeneous_effect():
    covered, errors = _coverage(effect=True)
    assert covered >= 0.9 * SIMULATIONS
    assert abs(np.mean(errors)) < 0.15


def test_intervals_cover_zero_for_a_placebo():
    covered, errors = _coverage(effect=False)
    assert covered >= 0.9 * SIMULATIONS
    assert abs(np.mean(errors)) < 0.15


def test_twfe_on_the_same_panels_is_biased_so_the_coverage_test_can_fail():
    biases = []
    for seed in range(5):
        panel, truth = evidence.simulate(seed)
        biases.append(evidence.twfe_estimate(panel, "y")[0] - truth)
        assert abs(evidence.estimate(panel, min_treated=3).estimate - truth) < 0.8
    assert np.mean(biases) < -0.4


def test_event_study_path_and_pre_trend_test():
    panel, truth = evidence.simulate(3)
    result = evidence.estimate(panel, min_treated=3)
    relative = [p.relative_quarter for p in result.event_study]
    assert relative == sorted(relative) and min(relative) < 0 <= max(relative)
    before = [p for p in result.event_study if p.relative_quarter < 0]
    assert all(p.ci_low <= 0 <= p.ci_high for p in before[-3:])
    assert result.pre_trend_p is not None and result.pre_trend_p > 0.05
    # The simulated gain grows quarter by quarter after adoption.
    after = [p.estimate for p in result.event_study if p.relative_quarter >= 0]
    assert after[-1] > after[0] + 1
    assert result.treated_agencies == 18 and result.comparison_agencies == 18


def test_pre_trend_test_flags_agencies_that_were_already_rising():
    panel, _ = evidence.simulate(4, effect=False)
    y = list(panel.outcomes["y"])
    for i, adopted in enumerate(panel.adopted):
        if adopted is not None:
            y[i] += 1.5 * (panel.quarter[i] - min(panel.quarter))
    rising = evidence.Panel(panel.agency, panel.quarter, panel.adopted, {"y": y})
    assert evidence.estimate(rising, min_treated=3).pre_trend_p < 0.01


def test_pre_trend_covariance_matches_the_package_standard_errors():
    from differences import ATTgt

    panel, _ = evidence.simulate(5)
    result = evidence.estimate(panel, min_treated=3)
    frame = _frame(panel)
    model = ATTgt(data=frame, cohort_column="adopted")
    model.fit("y", control_group="not_yet_treated", progress_bar=False)
    published = model.aggregate("event")
    low = published.iloc[:, 2].to_numpy()
    ours = np.array([p.ci_low for p in result.event_study])
    assert np.allclose(ours, low, atol=1e-6)


def _frame(panel):
    import pandas as pd

    return pd.DataFrame(
        {
            "agency": panel.agency,
            "quarter": panel.quarter,
            "adopted": [np.nan if a is None else a for a in panel.adopted],
            "y": panel.outcomes["y"],
        }
    ).set_index(["agency", "quarter"])


def test_nothing_when_fewer_agencies_adopted_than_the_threshold():
    panel, _ = evidence.simulate(1)
    assert evidence.estimate(panel, min_treated=19) is None
    assert evidence.estimate(panel, min_treated=18) is not None


def test_weights_from_n_change_the_estimate():
    panel, _ = evidence.simulate(2)
    n = [1000.0 if a is not None and a == min(x for x in panel.adopted if x) else 1.0
         for a in panel.adopted]  # fmt: skip
    weighted = evidence.Panel(
        panel.agency, panel.quarter, panel.adopted, panel.outcomes, n
    )
    plain = evidence.estimate(panel, min_treated=3).estimate
    assert evidence.estimate(weighted, min_treated=3).estimate != pytest.approx(plain)


def _write(tmp_path, text):
    path = tmp_path / "panel.csv"
    path.write_text(text)
    return path


def test_command_prints_the_exact_keys(tmp_path, capsys, settings):
    settings.PUENTE_SMALL_CELL = 11
    panel, _ = evidence.simulate(7)
    path = _write(tmp_path, evidence.panel_to_csv(panel))
    call_command("evidence", "estimate", "--panel", str(path), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["outcome", "method", "estimate", "ci_low", "ci_high",
                          "treated_agencies", "comparison_agencies", "pre_trend_p",
                          "event_study"]  # fmt: skip
    assert list(data["event_study"][0]) == [
        "relative_quarter",
        "estimate",
        "ci_low",
        "ci_high",
    ]
    direct = evidence.estimate(panel, min_treated=11)
    assert data["estimate"] == pytest.approx(direct.estimate, abs=1e-9)
    assert data["ci_low"] < data["estimate"] < data["ci_high"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("agency,quarter,y\na,2026Q1,1\n", "no column adopted"),
        ("agency,quarter,adopted,y\na,26Q1,,1\n", "is not a quarter"),
        ("agency,quarter,adopted,y\na,2026Q1,,x\n", "is not a number"),
        ("agency,quarter,adopted,y\na,2026Q1,,1\nb,2026Q2,,1\n", "too small"),
        ("agency,quarter,adopted\na,2026Q1,\n", "no outcome"),
    ],
)
def test_command_explains_a_bad_panel(tmp_path, text, message):
    with pytest.raises(CommandError, match=message):
        call_command("evidence", "estimate", "--panel", str(_write(tmp_path, text)))


def _rows(adoption: dict[str, str], quarters=("2026Q1", "2026Q2", "2026Q3", "2026Q4")):
    lines = ["agency,quarter,adopted,y,z"]
    for k, (agency, adopted) in enumerate(adoption.items()):
        lines += [f"{agency},{q},{adopted},{k + i},{i}" for i, q in enumerate(quarters)]
    return "\n".join(lines) + "\n"


def test_command_refuses_panels_with_no_one_to_compare_with(tmp_path):
    same = _rows({"a": "2026Q3", "b": "2026Q3", "c": "2026Q3"})
    with pytest.raises(CommandError, match="no never- or not-yet-treated"):
        call_command("evidence", "estimate", "--panel", str(_write(tmp_path, same)),
                     "--outcome", "y")  # fmt: skip
    first = _rows({"a": "2026Q1", "b": "2026Q1", "c": "2025Q4"})
    with pytest.raises(CommandError, match="first quarter"):
        call_command("evidence", "estimate", "--panel", str(_write(tmp_path, first)),
                     "--outcome", "y")  # fmt: skip
    every = _rows({"a": "2026Q2", "b": "2026Q3", "c": "2026Q4"})
    with pytest.raises(CommandError, match="in every quarter"):
        call_command("evidence", "estimate", "--panel", str(_write(tmp_path, every)),
                     "--outcome", "y")  # fmt: skip
    with pytest.raises(CommandError, match="several outcomes"):
        call_command("evidence", "estimate", "--panel", str(_write(tmp_path, every)))
    with pytest.raises(CommandError, match="no outcome “w”"):
        call_command("evidence", "estimate", "--panel", str(_write(tmp_path, every)),
                     "--outcome", "w")  # fmt: skip
    twice = _rows({"a": "", "b": ""}) + "a,2026Q1,2026Q2,5,5\n"
    with pytest.raises(CommandError, match="more than one adoption"):
        call_command("evidence", "estimate", "--panel", str(_write(tmp_path, twice)),
                     "--outcome", "y")  # fmt: skip


def test_command_says_nothing_below_the_small_cell_threshold(tmp_path, settings):
    settings.PUENTE_SMALL_CELL = 30
    panel, _ = evidence.simulate(7)
    path = _write(tmp_path, evidence.panel_to_csv(panel))
    with pytest.raises(CommandError, match="Fewer than 30 agencies adopted"):
        call_command("evidence", "estimate", "--panel", str(path))
