"""Evidence from the database: the demo's adoption histories, the refresh, the practice
page, the national report section and the command, all giving the same numbers."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from puente.agencies.tests.factories import AgencyFactory
from puente.insights import evidence_data
from puente.insights.evidence_demo import evidence_demo_load
from puente.practices.models import Evidence, Practice
from puente.practices.seed import library_seed

TODAY = datetime.date(2026, 11, 30)
LIAISON = "civilian-community-liaison"
TRAINING = "academy-tactical-spanish-and-cultural-training"
FORUMS = "regular-community-meetings-and-forums"


def _load_demo():
    """The demo's sixty fictional agencies and three practices. Loading takes most of
    a minute, so one test checks everything that needs them."""
    library_seed()
    for k in range(60):
        AgencyFactory(slug=f"demo-{k:03d}", name=f"Demo Town {k} PD (fictional)")
    assert evidence_demo_load(TODAY) > 0
    assert evidence_demo_load(TODAY) == 0  # a second run changes nothing
    evidence_data.evidence_refresh(today=TODAY)


def _result(slug, outcome):
    return Evidence.objects.get(practice__slug=slug, outcome=outcome).result


@pytest.mark.django_db
def test_demo_evidence_on_the_page_in_the_report_and_from_the_command(client, tmp_path):
    _load_demo()
    _the_demo_recovers_what_it_built_in()
    _page_report_and_command_give_the_same_numbers(client, tmp_path)
    _recommendations_put_practices_with_evidence_first()


def _the_demo_recovers_what_it_built_in():
    trust = _result(LIAISON, "trust")
    assert trust["treated_agencies"] == 14 and trust["comparison_agencies"] >= 18
    assert (
        trust["ci_low"] > 0
    )  # the liaison raised trust (by 12 points at full strength)
    assert trust["ci_low"] < 12 < trust["ci_high"] + 3
    assert _result(LIAISON, "report")["ci_low"] > 0
    forums = _result(FORUMS, "contacts")
    assert forums["ci_low"] < 12 * 0.9 < forums["ci_high"] + 1
    for outcome in ("trust", "report", "fair", "contacts"):
        training = _result(TRAINING, outcome)  # training did nothing
        assert training["ci_low"] <= 0 <= training["ci_high"]
    assert all(e.is_fictional for e in Evidence.objects.all())
    # Practices nobody adopted have no evidence at all.
    assert not Evidence.objects.exclude(
        practice__slug__in=[LIAISON, TRAINING, FORUMS]
    ).exists()


def _fmt(value):
    return f"{round(value, 1):.1f}"


def _page_report_and_command_give_the_same_numbers(client, tmp_path):
    stored = _result(LIAISON, "trust")
    # The command, from the panel the database gives, with no database of its own.
    path = tmp_path / "liaison-trust.csv"
    practice = Practice.objects.get(slug=LIAISON)
    panel, _agencies = evidence_data.practice_panel(
        practice, evidence_data.OUTCOME_BY_KEY["trust"], today=TODAY
    )
    from puente.insights.evidence import panel_to_csv

    path.write_text(panel_to_csv(panel))
    from io import StringIO

    out = StringIO()
    call_command("evidence", "estimate", "--panel", str(path), "--outcome", "trust",
                 stdout=out)  # fmt: skip
    command = json.loads(out.getvalue())
    for key in ("estimate", "ci_low", "ci_high", "pre_trend_p"):
        assert command[key] == pytest.approx(stored[key], abs=1e-6)
    assert command["treated_agencies"] == stored["treated_agencies"]
    assert len(command["event_study"]) == len(stored["event_study"])
    for ours, theirs in zip(command["event_study"], stored["event_study"], strict=True):
        assert ours["relative_quarter"] == theirs["relative_quarter"]
        assert ours["estimate"] == pytest.approx(theirs["estimate"], abs=1e-6)

    page = client.get(reverse("practices:detail", kwargs={"slug": LIAISON}))
    body = page.content.decode()
    assert "Evidence from 14 agencies" in body
    assert "Fictional: these agencies and their figures were invented" in body
    expected = (
        f"rise by {_fmt(command['estimate'])} points (95% interval "
        f"{_fmt(command['ci_low'])} to {_fmt(command['ci_high'])})"
    )
    assert expected in body
    assert "Quarters since adoption" in body and "<svg" in body
    training = client.get(reverse("practices:detail", kwargs={"slug": TRAINING}))
    assert "No clear change in the share of residents who trust the police" in (
        training.content.decode()
    )

    from django.template.loader import render_to_string

    from puente.insights.report import evidence_by_practice

    section = render_to_string(
        "insights/_evidence.html", {"evidence": evidence_by_practice()}
    )
    assert "What works: evidence across agencies" in section
    assert expected in section

    with translation.override("es"):
        spanish = client.get(
            reverse("practices:detail", kwargs={"slug": LIAISON}),
            HTTP_ACCEPT_LANGUAGE="es",
        ).content.decode()
    assert "Evidencia de 14 agencias" in spanish


def _recommendations_put_practices_with_evidence_first():
    from puente.practices.selectors import practice_recommendations

    agency = AgencyFactory(population_served=20_000)
    scores = {"leverage-partnerships": 30.0, "broad-outreach": 30.0, "train": 30.0,
              "root-causes": 30.0}  # fmt: skip
    suggested = practice_recommendations(agency=agency, principle_scores=scores)
    assert suggested[0]["practice"].slug == LIAISON
    assert any("95% interval starts" in r for r in suggested[0]["reasons"])
