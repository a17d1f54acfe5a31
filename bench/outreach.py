"""Outreach at national scale, on PostgreSQL (DATABASE_URL), in a fresh database.

1. 18,000 agencies with 3 liaisons each; 9,000,000 contacts spread over them and
   1,000,000 more for one large agency (40 liaisons): 10,000,000 in all, dated over the
   39 quarters from 2017Q1 to 2026Q3 (about 25,600 contacts a quarter for the large agency).
2. That agency's quarterly dashboard, the whole page through Django's test client, warm:
   p50 and p95 over 40 requests.
3. The national roll-up of contacts per liaison by state for one quarter: p50 and p95.
4. Importing 1,000,000 contacts from a CSV file with `outreach import`: rows per second.

`python bench/outreach.py --import-only` measures the import alone, into an empty table.
`python bench/outreach.py [TOTAL_CONTACTS]` (default 10,000,000; a tenth of them go to the
large agency). With PUENTE_BENCH_REUSE=1 the data of an earlier run in the same database is
measured again instead of generated anew (generating 10,000,000 contacts takes minutes).
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from puente.accounts.models import User  # noqa: E402
from puente.agencies.models import Agency, Membership  # noqa: E402
from puente.lib.quarters import Quarter  # noqa: E402
from puente.lib.regions import STATE_REGION  # noqa: E402
from puente.outreach import imports, selectors  # noqa: E402
from puente.outreach.models import (  # noqa: E402
    CommunityContact,
    Liaison,
    PartnerOrganization,
)

IMPORT_ONLY = "--import-only" in sys.argv
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
TOTAL = int(ARGS[0]) if ARGS else 10_000_000
AGENCIES = 18_000
STATES = sorted(STATE_REGION)
QUARTER = Quarter(2026, 3)
SETTINGS = "ARRAY['business','faith','community','school','event','phone','social_media','other']"
LANGUAGES = "ARRAY['es','es','es','en','so','vi','zh','ht','ar','ko']"
TOPICS = """ARRAY['["reporting"]','["rights"]','["prevention", "reporting"]','["victim_services"]',
                  '["complaint"]','["other"]','["prevention"]','["reporting", "rights"]']::jsonb[]"""


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def insert_contacts(count: int, liaison_sql: str) -> None:
    """`count` contacts for the liaisons `liaison_sql` selects, dates spread evenly at random."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH l AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(agency_id ORDER BY id) AS agencies
                       FROM ({liaison_sql}) s)
            INSERT INTO outreach_communitycontact
              (uuid, agency_id, date, liaison_id, setting, partner_id, language,
               interpreter_used, topics, follow_up_needed, created_by_id, created_at)
            SELECT gen_random_uuid(), l.agencies[1 + g %% cardinality(l.ids)],
                   DATE '2017-01-01' + floor(random() * 3560)::int, l.ids[1 + g %% cardinality(l.ids)],
                   ({SETTINGS})[1 + floor(random() * 8)::int], NULL,
                   ({LANGUAGES})[1 + floor(random() * 10)::int], random() < 0.15,
                   ({TOPICS})[1 + floor(random() * 8)::int], random() < 0.2, NULL, now()
            FROM l, generate_series(0, %s - 1) g
            """,  # noqa: S608 - constants only
            [count],
        )


def build() -> tuple[Agency, User]:
    call_command("migrate", verbosity=0)
    call_command(
        "collectstatic", interactive=False, verbosity=0
    )  # pages render as in production
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Bench Agency {n} (fictional)", slug=f"bench-{n}", state=STATES[n % len(STATES)],
               agency_type="municipal", sworn_staff=50 + n % 400)
        for n in range(AGENCIES)
    )  # fmt: skip
    big = agencies[0]
    big.sworn_staff = 2000
    big.save()
    Liaison.objects.bulk_create(
        Liaison(agency=a, name=f"Liaison {k}", languages=["es", "en"])
        for a in agencies[1:]
        for k in range(3)
    )
    Liaison.objects.bulk_create(
        Liaison(agency=big, name=f"Liaison {k:02d}", languages=["es", "en"])
        for k in range(40)
    )
    start = time.perf_counter()
    insert_contacts(
        TOTAL // 10,
        f"SELECT id, agency_id FROM outreach_liaison WHERE agency_id = {big.pk}",
    )
    insert_contacts(
        TOTAL - TOTAL // 10,
        f"SELECT id, agency_id FROM outreach_liaison WHERE agency_id <> {big.pk}",
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE outreach_communitycontact")
    print(
        f"setup       {TOTAL:,} contacts for {AGENCIES:,} agencies generated in {time.perf_counter() - start:6.1f} s"
    )
    user = User.objects.create_user(
        email="bench@example.org", password="bench-password-2026"
    )  # noqa: S106
    Membership.objects.create(user=user, agency=big, role="admin")
    return big, user


def bench_dashboard(agency: Agency, user: User) -> None:
    client = Client()
    client.force_login(user)
    url = f"/workspace/{agency.slug}/outreach/?quarter={QUARTER}"
    for _ in range(5):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(40):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    assert response.status_code == 200
    contacts = selectors.quarter_summary(agency=agency, quarter=QUARTER)["contacts"]
    print(
        f"dashboard   {contacts:,} contacts in {QUARTER} of {agency.community_contacts.count():,}: "
        f"p50 {statistics.median(times) * 1000:5.1f} ms, p95 {percentile(times, 0.95) * 1000:5.1f} ms"
    )


def bench_national() -> None:
    selectors.national_contacts_per_liaison(quarter=QUARTER)
    times = []
    for _ in range(10):
        start = time.perf_counter()
        rows = selectors.national_contacts_per_liaison(quarter=QUARTER)
        times.append(time.perf_counter() - start)
    print(
        f"national    contacts per liaison by state, {QUARTER}, {len(rows)} states: "
        f"p50 {statistics.median(times) * 1000:6.1f} ms, p95 {percentile(times, 0.95) * 1000:6.1f} ms"
    )


LIAISON_NAMES = [
    "José Peña", "María Fernanda Núñez", "Nguyễn Thị Hoa", "Fadumo Cabdi Xasan", "Zoë O'Brien",
    "Chanthavong Phommachanh", "Kou Vang", "Marie-Ange Désir", "Ахмед Мусаев", "Ana Lúcia Gonçalves",
    "Li Wei (李伟)", "Mohamed Al-Hashimi", "Siobhán Ní Bhriain", "Bảo Trần", "Renée Lefèvre",
    "Ibrahim Yusuf", "Graciela Ortíz", "Tou Xiong", "Kim Min-jun", "Maricel Dela Cruz",
]  # fmt: skip
PARTNERS = [
    ("Iglesia San José, Inc.", "faith"), ("Somali Community Center", "advocacy"),
    ("Asociación de Padres \"La Esperanza\"", "school"), ("Hmong American Partnership", "social"),
    ("Vietnamese Mutual Assistance Ass'n", "social"), ("Centre Haïtien d'Entraide", "social"),
    ("Masjid An-Nur", "faith"), ("Lao Family Community", "legal"),
    ("Clínica del Pueblo", "social"), ("Riverside Adult ESL Program", "school"),
]  # fmt: skip
# Settings and topics as staff type them: codes, English labels, odd case and spacing.
SETTINGS = ["business", "Faith", "community", " school ", "Event", "phone", "social_media", "other",
            "Community", "BUSINESS"]  # fmt: skip
TOPICS = ["reporting", "Rights and services", "prevention", "victim_services", "complaint", "other",
          "Reporting a crime", "Crime prevention"]  # fmt: skip
LANGUAGES = ["es", "es", "es", "Spanish", "spanish", "so", "Somali", "vi", "Vietnamese", "hmn",
             "Hmong", "ht", "Haitian Creole", "zh", "ar", "Arabic", "lo", "ko", "ru", "pt", "tl",
             "fr", "en", " es ", "ES"]  # fmt: skip
YES = ["yes", "no", "", "Yes", "NO", "y", "n", "sí", "true", "false", "1", "0", "x", ""]


def _csv_field(text: str) -> str:
    return (
        f'"{text.replace(chr(34), chr(34) * 2)}"'
        if any(c in text for c in ',"')
        else text
    )


def write_contacts(path: Path, rows: int, *, seed: int = 2026) -> None:
    """A CSV of `rows` contacts as an agency's own spreadsheet would hold them: 20
    liaisons named with accents and other scripts (by name, odd case, or e-mail-less),
    dates over 2017 to last month, settings, topics (one to three, `;` or `,`) and
    languages as codes or English names in any case, partners named with commas and
    quotes or left blank, yes/no cells in several spellings or blank. Columns in a
    different order from the documentation. Contacts hold no free text (no resident's
    details), so the file has none."""
    import random

    rng = random.Random(seed)
    first, span = (
        date(2017, 1, 1),
        (date.today().replace(day=1) - date(2017, 1, 1)).days,
    )
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(
            "liaison,date,language,setting,topics,partner,interpreter_used,follow_up_needed\n"
        )
        for _ in range(rows):
            name = rng.choice(LIAISON_NAMES)
            name = rng.choice([name, name.upper(), name.lower(), f" {name} "])
            day = first + timedelta(days=rng.randrange(span))
            topics = rng.sample(TOPICS, rng.choice([1, 1, 1, 2, 2, 3]))
            partner = rng.choice(PARTNERS)[0] if rng.random() < 0.3 else ""
            handle.write(",".join([
                _csv_field(name), day.isoformat(), rng.choice(LANGUAGES), rng.choice(SETTINGS),
                _csv_field(rng.choice([";", ", ", "; "]).join(topics)), _csv_field(partner),
                rng.choice(YES), rng.choice(YES),
            ]) + "\n")  # fmt: skip


def bench_import(rows: int = 1_000_000, *, label: str = "") -> None:
    agency = Agency.objects.create(
        name="Import Bench (fictional)", slug="import-bench", state="MN"
    )
    Liaison.objects.bulk_create(
        Liaison(agency=agency, name=name) for name in LIAISON_NAMES
    )
    PartnerOrganization.objects.bulk_create(
        PartnerOrganization(agency=agency, name=name, kind=kind, status="active")
        for name, kind in PARTNERS
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        write_contacts(path, rows)
        start = time.perf_counter()
        result = imports.contacts_import(actor=None, agency=agency, path=path)
        elapsed = time.perf_counter() - start
    print(
        f"import      {result.rows:,} contacts from CSV (varied: 20 liaisons, 25 spellings "
        f"of 16 languages, 10 partners or none, dates over 2017-2026) {label}in "
        f"{elapsed:5.1f} s: {result.rows / elapsed:,.0f} rows/s"
    )


def main() -> None:
    if connection.vendor != "postgresql":
        print("outreach    skipped: this benchmark needs PostgreSQL")
        return
    call_command("migrate", verbosity=0)
    if IMPORT_ONLY:
        bench_import(label="into an empty table ")
        return
    existing = Agency.objects.filter(slug="bench-0").first()
    if (
        os.environ.get("PUENTE_BENCH_REUSE")
        and existing
        and existing.community_contacts.exists()
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        CommunityContact.objects.filter(agency__slug="import-bench").delete()
        Agency.objects.filter(slug="import-bench").delete()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE outreach_communitycontact")
        agency, user = existing, User.objects.get(email="bench@example.org")
        print(
            f"setup       reusing {AGENCIES:,} agencies and their contacts from an earlier run"
        )
    else:
        agency, user = build()
    bench_dashboard(agency, user)
    bench_national()
    total = CommunityContact.objects.count()
    bench_import(label=f"into a table of {total:,} ")


if __name__ == "__main__":
    main()
