"""Invented assessment activity for the demo. Every agency it creates is named as
fictional and placed in a real town (see data/SOURCES.md); real agencies get nothing."""

import csv
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from puente.agencies.models import Agency, Program
from puente.assessments.models import Campaign, CampaignAgency, Instrument, Response
from puente.assessments.scoring import Scorer
from puente.assessments.services import campaign_score

DATA_DIR = Path(__file__).resolve().parent / "data"
TOWNS = DATA_DIR / "demo_towns.csv"
FINISHED = "demo-national-2025-fictional"
IN_PROGRESS = "demo-national-2026-fictional"
# Released for publication: it appears in the agency's profile if the agency agrees to be named.
SITE_VISIT_NOTE = (
    "Demo (fictional): the liaison and two partner organizations walked us through the "
    "monthly forums; the written policy and the budget line match the survey answers."
)


def _demo_agencies() -> list[Agency]:
    rng = random.Random(7)
    with open(TOWNS, encoding="utf-8") as handle:
        towns = list(csv.DictReader(handle))
    existing = {
        a.slug: a
        for a in Agency.objects.filter(is_fictional=True, slug__startswith="demo-")
    }
    created = []
    for town in towns:
        sheriff = rng.random() < 0.15
        base = (
            f"{town['name']} Area Demo Sheriff's Office"
            if sheriff
            else f"{town['name']} Demo Police Department"
        )
        slug = f"demo-{town['geonameid']}"
        if slug in existing:
            continue
        population = int(town["population"])
        created.append(
            Agency(
                slug=slug,
                name=f"{base} (fictional)",
                agency_type=Agency.Type.SHERIFF if sheriff else Agency.Type.MUNICIPAL,
                state=town["state_abbr"],
                city=town["name"],
                population_served=population,
                sworn_staff=max(5, round(population / 450 * rng.uniform(0.7, 1.3))),
                civilian_staff=max(1, round(population / 1500 * rng.uniform(0.6, 1.4))),
                facts_year=2025,
                latitude=Decimal(town["latitude"]).quantize(Decimal("0.000001")),
                longitude=Decimal(town["longitude"]).quantize(Decimal("0.000001")),
                is_fictional=True,
                source="Invented for the Puente demo; placed in a real town (GeoNames, CC BY 4.0).",
            )
        )
    Agency.objects.bulk_create(created)
    return list(Agency.objects.filter(is_fictional=True).order_by("slug"))


def invent_answers(
    spec: dict, respondent_type: str, maturity: float, rng: random.Random
) -> dict:
    """Answers from an agency whose practice is `maturity` (0 to 1) good; partners see a little less."""
    scorer = Scorer(spec)
    answers: dict = {}
    for item in spec["items"]:
        if not scorer.is_asked(item["id"], answers, respondent_type):
            continue
        kind = item["type"]
        if kind in ("single", "yesno"):
            ranked = sorted(
                item["options"], key=lambda o: sum((o.get("points") or {}).values())
            )
            position = min(
                len(ranked) - 1,
                int(
                    rng.betavariate(1 + 4 * maturity, 1 + 4 * (1 - maturity))
                    * len(ranked)
                ),
            )
            answers[item["id"]] = ranked[position]["value"]
        elif kind == "multiple":
            answers[item["id"]] = [
                o["value"] for o in item["options"] if rng.random() < maturity * 0.8
            ]
        elif kind == "number":
            answers[item["id"]] = rng.randint(
                item["min"], min(item["max"], item["min"] + 40)
            )
    return answers


def _responses(
    campaign, agency, maturity, rng, when, spec, *, submitted=True
) -> list[Response]:
    kinds = (
        ["command"]
        + ["line"] * rng.randint(0, 2)
        + (["partner"] if rng.random() < 0.6 else [])
    )
    result = []
    for kind in kinds:
        seen = (
            maturity
            if kind != "partner"
            else max(0.0, maturity - rng.uniform(0.05, 0.3))
        )
        result.append(
            Response(
                instrument=campaign.instrument, agency=agency, campaign=campaign, respondent_type=kind,
                status=Response.Status.SUBMITTED if submitted else Response.Status.DRAFT,
                answers=invent_answers(spec, kind, seen, rng),
                submitted_at=when if submitted else None, invited_at=when - timedelta(days=21),
                language="es" if rng.random() < 0.1 else "en",
            )
        )  # fmt: skip
    return result


@transaction.atomic
def assessments_demo_load() -> int:
    """Two campaigns of the fictional demo program and Riverbend's self-assessments.
    Returns the number of responses created (0 when the demo is already there)."""
    if Campaign.objects.filter(slug=IN_PROGRESS).exists():
        return 0
    instrument = Instrument.objects.get(is_current=True, slug="puente-national")
    spec = instrument.spec
    program = Program.objects.get(slug="demo-national-assessment-fictional")
    agencies = _demo_agencies()
    rng = random.Random(2026)
    maturity = {a.pk: rng.betavariate(2.2, 2.0) for a in agencies}
    made = []

    finished = Campaign.objects.create(
        program=program, instrument=instrument, slug=FINISHED, name="Demo national assessment 2025 (fictional)",
        status=Campaign.Status.OPEN, opens_on=datetime(2025, 3, 3, tzinfo=UTC).date(),
        closes_on=datetime(2025, 4, 30, tzinfo=UTC).date(),
    )  # fmt: skip
    entries = []
    for agency in agencies:
        responded = rng.random() < 0.78
        entries.append(
            CampaignAgency(
                campaign=finished, agency=agency, consent_to_publish=rng.random() < 0.4,
                contact_email=f"chief@{agency.slug}.example",
                invitation_sent_at=datetime(2025, 3, 3, 14, tzinfo=UTC),
                stage=CampaignAgency.Stage.SURVEYED if responded else CampaignAgency.Stage.INVITED,
            )
        )  # fmt: skip
        if responded:
            when = datetime(2025, 3, 10, 15, tzinfo=UTC) + timedelta(
                days=rng.randint(0, 45)
            )
            made += _responses(finished, agency, maturity[agency.pk], rng, when, spec)

    current = Campaign.objects.create(
        program=program, instrument=instrument, slug=IN_PROGRESS, name="Demo national assessment 2026 (fictional)",
        status=Campaign.Status.OPEN, opens_on=datetime(2026, 10, 5, tzinfo=UTC).date(),
        closes_on=datetime(2026, 12, 18, tzinfo=UTC).date(),
    )  # fmt: skip
    for agency in agencies:
        roll = rng.random()
        entries.append(
            CampaignAgency(
                campaign=current, agency=agency, consent_to_publish=rng.random() < 0.4,
                contact_email=f"chief@{agency.slug}.example",
                invitation_sent_at=datetime(2026, 10, 5, 14, tzinfo=UTC),
                stage=CampaignAgency.Stage.SURVEYED if roll < 0.35 else CampaignAgency.Stage.INVITED,
            )
        )  # fmt: skip
        grown = min(1.0, maturity[agency.pk] + rng.uniform(-0.05, 0.12))
        when = datetime(2026, 10, 12, 15, tzinfo=UTC) + timedelta(
            days=rng.randint(0, 35)
        )
        if roll < 0.35:
            made += _responses(current, agency, grown, rng, when, spec)
        elif roll < 0.45:
            made += _responses(
                current, agency, grown, rng, when, spec, submitted=False
            )[:1]
    CampaignAgency.objects.bulk_create(entries)

    riverbend = Agency.objects.get(slug="riverbend-pd-fictional")
    for when, level in (
        (datetime(2026, 1, 20, 16, tzinfo=UTC), 0.45),
        (datetime(2026, 10, 28, 16, tzinfo=UTC), 0.62),
    ):
        made.append(
            Response(
                instrument=instrument, agency=riverbend, respondent_type="command", status=Response.Status.SUBMITTED,
                answers=invent_answers(spec, "command", level, random.Random(int(when.timestamp()))),
                submitted_at=when, language="en",
            )
        )  # fmt: skip
    scorer = Scorer(spec)
    for response in made:
        if response.status == Response.Status.SUBMITTED:
            result = scorer.score(response.answers, response.respondent_type)
            response.principle_scores, response.composite = (
                result.principles,
                result.composite,
            )
    Response.objects.bulk_create(made, batch_size=500)
    campaign_score(campaign=finished)
    campaign_score(campaign=current)
    Campaign.objects.filter(pk=finished.pk).update(status=Campaign.Status.CLOSED)
    _review_rounds(finished, maturity, random.Random(11))
    return len(made)


def _review_rounds(
    campaign: Campaign, maturity: dict[int, float], rng: random.Random
) -> None:
    """Shortlist 20, interview 10, visit 6, select 4: invented reviews by the two demo reviewers."""
    from django.contrib.auth import get_user_model

    from puente.assessments.models import ReviewRound
    from puente.assessments.reviews import (
        campaign_shortlist,
        review_submit,
        round_advance,
    )

    reviewers = list(
        get_user_model()
        .objects.filter(program_memberships__program=campaign.program)
        .order_by("email")
    )
    campaign_shortlist(campaign=campaign, size=20)
    for kind, keep in (("shortlist", 10), ("interview", 6), ("site_visit", 4)):
        round_ = ReviewRound.objects.get(campaign=campaign, kind=kind)
        agencies = list(
            Agency.objects.filter(
                campaign_entries__campaign=campaign,
                campaign_entries__stage=round_.stage_reviewed,
            )
        )
        totals = {}
        for agency in agencies:
            for reviewer in reviewers:
                level = maturity[agency.pk] + rng.uniform(-0.04, 0.04)
                scores = {
                    c["key"]: max(
                        1, min(5, round(1 + 4 * level + rng.uniform(-0.35, 0.35)))
                    )
                    for c in round_.rubric
                }
                totals[agency.pk] = totals.get(agency.pk, 0) + sum(scores.values())
                review_submit(
                    round_=round_, agency=agency, reviewer=reviewer, scores=scores,
                    recommendation="advance" if level > 0.6 else "hold",
                    notes=SITE_VISIT_NOTE if kind == "site_visit" else "Invented demo review.",
                    notes_public=kind == "site_visit",
                )  # fmt: skip
        best = sorted(totals, key=lambda pk: -totals[pk])[:keep]
        rationale = (
            "Demo (fictional): highest site-visit scores, with programs that have a written "
            "policy, a budget line and more than one trained person."
            if kind == "site_visit"
            else ""
        )
        round_advance(round_=round_, agency_ids=best, rationale=rationale)
