"""Scoring a campaign of 18,000 agencies x 100 items, on whatever DATABASE_URL names.
Run by bench/run.py in a fresh database; prints the time and the query count."""

import os
import random
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from puente.agencies.models import Agency, Program  # noqa: E402
from puente.assessments.demo import invent_answers  # noqa: E402
from puente.assessments.models import AgencyScore, Campaign, Instrument, Response  # noqa: E402
from puente.assessments.services import campaign_score  # noqa: E402

AGENCIES = int(sys.argv[1]) if len(sys.argv) > 1 else 18_000
PRINCIPLES = ["root-causes", "maximize-resources", "leverage-partnerships", "focus-on-the-vulnerable",
              "broad-outreach", "train", "monitor", "sustain"]  # fmt: skip


def synthetic_spec(items: int = 100) -> dict:
    label = {"en": "x", "es": "x"}
    spec_items = []
    for n in range(items):
        first, second = PRINCIPLES[n % 8], PRINCIPLES[(n + 3) % 8]
        spec_items.append({
            "id": f"q{n:03d}", "section": "main", "type": "multiple" if n % 10 == 0 else "single",
            "label": label, "rationale": label, "respondent_types": ["command"], "required": False,
            "relevant": {"item": f"q{n - 1:03d}", "in": ["b", "c"]} if n % 7 == 6 else None,
            "compares_with": None,
            "options": [
                {"value": "a", "label": label, "points": {}},
                {"value": "b", "label": label, "points": {first: 1}},
                {"value": "c", "label": label, "points": {first: 2, second: 1}},
            ],
        })  # fmt: skip
    return {
        "slug": "bench", "version": 1, "title": label, "principles": PRINCIPLES,
        "weights": dict.fromkeys(PRINCIPLES, 1), "respondent_types": ["command"],
        "sections": [{"id": "main", "title": label}], "items": spec_items,
    }  # fmt: skip


def main() -> None:
    call_command("migrate", verbosity=0)
    spec = synthetic_spec()
    instrument = Instrument.objects.create(
        slug="bench", version=1, spec=spec, is_current=True
    )
    program = Program.objects.create(
        name="Bench (fictional)", slug="bench", is_fictional=True
    )
    campaign = Campaign.objects.create(
        program=program, instrument=instrument, slug="bench", name="Bench"
    )
    rng = random.Random(1)
    Agency.objects.bulk_create(
        [
            Agency(
                name=f"Bench {n} (fictional)",
                slug=f"bench-{n}",
                state="MN",
                is_fictional=True,
            )
            for n in range(AGENCIES)
        ],
        batch_size=2000,
    )
    agency_ids = list(Agency.objects.values_list("pk", flat=True))
    Response.objects.bulk_create(
        [
            Response(instrument=instrument, campaign=campaign, agency_id=pk, respondent_type="command",
                     status="submitted", answers=invent_answers(spec, "command", rng.random(), rng))
            for pk in agency_ids
        ],
        batch_size=2000,
    )  # fmt: skip
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        campaign_score(campaign=campaign)
        elapsed = time.perf_counter() - start
    assert (
        AgencyScore.objects.filter(campaign=campaign, group="police").count()
        == AGENCIES
    )
    print(
        f"{connection.vendor:<11} score {AGENCIES:,} agencies x 100 items: {elapsed:5.2f} s, {len(queries)} queries"
    )


if __name__ == "__main__":
    main()
