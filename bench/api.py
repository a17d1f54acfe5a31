"""The JSON API (issue 16), in a fresh database (SQLite, or DATABASE_URL).

1. Bulk contact creation: the same N contacts (default 100,000) logged through
   `POST /api/v1/agencies/{slug}/contacts/bulk` in requests of 5,000 (through Django's
   test client: JSON parsing, validation, access, idempotency key and audit included),
   and imported from a CSV file with `outreach import` into an empty table: rows per
   second of each, and their ratio (the issue's target: the API at least 50% of the CSV).
2. The quarterly figures: `GET /api/v1/agencies/{slug}/quarters/{quarter}` against the
   dashboard's data part (`outreach.selectors.quarter_summary` + `program_results`) on
   the same contacts: p50 and p95 over 30 requests each, warm.

`python bench/api.py [N]`.
"""

import csv
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("PUENTE_API_RATE_LIMIT", "0")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from puente.accounts.models import User  # noqa: E402
from puente.accounts.tokens import api_token_create  # noqa: E402
from puente.agencies.models import Agency, Membership  # noqa: E402
from puente.lib.quarters import Quarter  # noqa: E402
from puente.outreach import imports, selectors  # noqa: E402
from puente.outreach.models import CommunityContact, Liaison  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
CHUNK = 5_000
QUARTER = Quarter(2026, 2)
SETTINGS = ["business", "faith", "community", "school", "event", "phone"]
LANGUAGES = ["es", "es", "es", "en", "so", "vi", "ht", "ar", "ko"]
TOPICS = [["reporting"], ["rights"], ["prevention", "reporting"], ["victim_services"]]


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def rows(liaisons):
    rng = random.Random(16)
    start = QUARTER.previous().start
    span = (QUARTER.end - start).days
    for _ in range(N):
        liaison = rng.choice(liaisons)
        yield {
            "date": (start + timedelta(days=rng.randrange(span))).isoformat(),
            "liaison": liaison.pk,
            "setting": rng.choice(SETTINGS),
            "topics": rng.choice(TOPICS),
            "language": rng.choice(LANGUAGES),
            "follow_up_needed": rng.random() < 0.1,
        }


def main():
    call_command("migrate", "--no-input", verbosity=0)
    agency = Agency.objects.create(
        name="Bench City Police Department (fictional)", slug="bench-city-pd",
        state="MN", is_fictional=True, sworn_staff=300,
    )  # fmt: skip
    user = User.objects.create_user("bench@example.org", "x")
    Membership.objects.create(user=user, agency=agency, role="staff")
    liaisons = [
        Liaison.objects.create(agency=agency, name=f"Liaison {i}") for i in range(20)
    ]
    data = list(rows(liaisons))
    token = api_token_create(user=user, name="bench").secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/agencies/{agency.slug}/contacts/bulk"
    assert client.get("/api/v1/me").status_code == 200  # URLs and schemas loaded

    started = time.perf_counter()
    for number in range(0, N, CHUNK):
        response = client.post(
            url, {"contacts": data[number : number + CHUNK]},
            content_type="application/json", HTTP_IDEMPOTENCY_KEY=f"bench-{number}",
        )  # fmt: skip
        assert response.status_code == 201, response.content[:500]
    api_seconds = time.perf_counter() - started
    assert CommunityContact.objects.filter(agency=agency).count() == N

    names = {lia.pk: lia.name for lia in liaisons}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        with path.open("w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["date", "liaison", "setting", "topics", "language",
                             "follow_up_needed"])  # fmt: skip
            for row in data:
                writer.writerow([row["date"], names[row["liaison"]], row["setting"],
                                 ";".join(row["topics"]), row["language"],
                                 "yes" if row["follow_up_needed"] else "no"])  # fmt: skip
        CommunityContact.objects.filter(agency=agency).delete()
        started = time.perf_counter()
        imports.contacts_import(actor=user, agency=agency, path=path)
        csv_seconds = time.perf_counter() - started
    assert CommunityContact.objects.filter(agency=agency).count() == N

    api_rate, csv_rate = N / api_seconds, N / csv_seconds
    vendor = connection.vendor
    print(
        f"{vendor:<11} bulk contacts, {N:,} rows: API {api_rate:,.0f} rows/s "
        f"(requests of {CHUNK:,}), CSV import {csv_rate:,.0f} rows/s, "
        f"API/CSV {api_rate / csv_rate:.0%}"
    )

    quarter_url = f"/api/v1/agencies/{agency.slug}/quarters/{QUARTER}"
    api_times, page_times = [], []
    for attempt in range(31):
        started = time.perf_counter()
        response = client.get(quarter_url)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        if attempt:
            api_times.append(elapsed)
        started = time.perf_counter()
        selectors.quarter_summary(agency=agency, quarter=QUARTER)
        selectors.program_results(agency=agency, quarter=QUARTER)
        elapsed = time.perf_counter() - started
        if attempt:
            page_times.append(elapsed)
    print(
        f"{vendor:<11} quarter figures at {N:,} contacts: API p50 "
        f"{statistics.median(api_times) * 1000:.0f} ms, p95 "
        f"{percentile(api_times, 0.95) * 1000:.0f} ms; dashboard data part p50 "
        f"{statistics.median(page_times) * 1000:.0f} ms, p95 "
        f"{percentile(page_times, 0.95) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
