"""Scoring a campaign of 18,000 agencies x 100 items, on whatever DATABASE_URL names.

Run by bench/run.py in a fresh database. Prints the time `campaign_score` takes (reading the
responses, scoring, storing the agency scores) and its query count; the time the NumPy
reference (bench/score_reference.py) takes to read the same responses and score them; the
ratio of the two; and checks that every agency's every principle score, composite and
response count are the same in both (it stops with an error otherwise).

`python bench/score_campaign.py [AGENCIES]` (default 18,000).
"""

import os
import random
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from score_reference import fetch_rows, reference_scores  # noqa: E402

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
    reference_times = []
    for _ in range(2):  # the better of two: the first also imports NumPy
        start = time.perf_counter()
        expected = reference_scores(spec, fetch_rows(connection, campaign.pk))
        reference_times.append(time.perf_counter() - start)
    reference = min(reference_times)
    stored = {
        (s.agency_id, s.group): (s.principle_scores, s.composite, s.responses)
        for s in AgencyScore.objects.filter(campaign=campaign)
    }
    assert sum(1 for _agency, group in stored if group == "police") == AGENCIES
    assert stored.keys() == expected.keys(), "different agency groups"
    different = [key for key in expected if stored[key] != expected[key]]
    assert not different, (
        f"{len(different)} groups differ, e.g. {different[0]}: {stored[different[0]]} != {expected[different[0]]}"
    )
    print(
        f"{connection.vendor:<11} score {AGENCIES:,} agencies x 100 items: {elapsed:5.2f} s, {len(queries)} queries; "
        f"NumPy reference {reference:5.2f} s; ratio {elapsed / reference:4.2f}x; "
        f"scores identical ({len(stored):,} agency groups x {len(PRINCIPLES)} principles)"
    )


if __name__ == "__main__":
    main()
