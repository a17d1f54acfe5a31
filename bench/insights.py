"""The publication at national scale, on whatever DATABASE_URL names, in a fresh database.

1. A closed campaign of the national instrument with 1,000 responding (synthetic,
   fictional) agencies across the states, each with a command-staff response, police
   and partner scores; 40% agree to be named, 10 are selected.
2. The full PDF report (`insights.report.report_pdf`), cold: target under 60 s.
3. The published trends page through Django's test client, warm: p50 and p95 over 30
   requests; target p95 under 500 ms.

`python bench/insights.py [AGENCIES]` (default 1,000). Run by bench/run.py.
"""

import os
import random
import statistics
import sys
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from puente.agencies.models import Agency, Program  # noqa: E402
from puente.assessments.demo import invent_answers  # noqa: E402
from puente.assessments.models import (  # noqa: E402
    Campaign,
    CampaignAgency,
    Instrument,
    Response,
)
from puente.assessments.scoring import Scorer  # noqa: E402
from puente.assessments.services import campaign_score  # noqa: E402
from puente.insights.geo import STATE_FIPS  # noqa: E402
from puente.insights.report import report_pdf  # noqa: E402
from puente.insights.services import campaign_publish  # noqa: E402

AGENCIES = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
STATES = sorted(STATE_FIPS)


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def build() -> Campaign:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)  # served as in production
    instrument = Instrument.objects.get(slug="puente-national", is_current=True)
    spec = instrument.spec
    program = Program.objects.create(
        name="Bench program (fictional)", slug="bench-insights", is_fictional=True
    )
    campaign = Campaign.objects.create(
        program=program, instrument=instrument, slug="bench-insights",
        name="Bench national assessment (fictional)", status=Campaign.Status.OPEN,
    )  # fmt: skip
    rng = random.Random(8)
    Agency.objects.bulk_create(
        [
            Agency(
                name=f"Bench {n} Police Department (fictional)", slug=f"bench-insights-{n}",
                agency_type=rng.choice(["municipal"] * 4 + ["sheriff", "state", "other"]),
                state=(state := STATES[int(rng.triangular(0, len(STATES) - 1, 4))]),
                population_served=int(rng.lognormvariate(10, 1.3)),
                latitude=Decimal(f"{rng.uniform(30, 47):.6f}") if rng.random() > 0.02 else None,
                longitude=Decimal(f"{rng.uniform(-120, -75):.6f}") if state else None,
                is_fictional=True,
            )
            for n in range(AGENCIES)
        ],
        batch_size=1000,
    )  # fmt: skip
    agencies = list(Agency.objects.filter(slug__startswith="bench-insights-"))
    CampaignAgency.objects.bulk_create(
        [
            CampaignAgency(campaign=campaign, agency=a, consent_to_publish=rng.random() < 0.4,
                           stage="selected" if n < 10 else "surveyed")
            for n, a in enumerate(agencies)
        ]
    )  # fmt: skip
    scorer = Scorer(spec)
    responses = []
    for agency in agencies:
        maturity = rng.random()
        for kind in ("command", "line", "partner"):
            answers = invent_answers(spec, kind, maturity, rng)
            result = scorer.score(answers, kind)
            responses.append(
                Response(instrument=instrument, agency=agency, campaign=campaign, respondent_type=kind,
                         status="submitted", answers=answers, principle_scores=result.principles,
                         composite=result.composite)
            )  # fmt: skip
    Response.objects.bulk_create(responses, batch_size=1000)
    campaign_score(campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    campaign.refresh_from_db()
    campaign_publish(campaign=campaign)
    return campaign


def main() -> None:
    campaign = build()
    start = time.perf_counter()
    pdf = report_pdf(campaign=campaign, language="en")
    elapsed = time.perf_counter() - start
    print(
        f"{connection.vendor:<11} insights: PDF report, {AGENCIES:,} responding agencies: "
        f"{elapsed:5.2f} s ({len(pdf) / 1024:,.0f} KiB; target < 60 s)"
    )
    client = Client()
    url = f"/insights/{campaign.slug}/"
    assert client.get(url).status_code == 200  # warm: charts rendered and cached
    times = []
    for _ in range(30):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    print(
        f"{connection.vendor:<11} insights: trends page warm, p50 {statistics.median(times) * 1000:5.0f} ms, "
        f"p95 {percentile(times, 0.95) * 1000:5.0f} ms (target p95 < 500 ms)"
    )


if __name__ == "__main__":
    main()
