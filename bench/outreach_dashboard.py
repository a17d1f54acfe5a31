"""The outreach dashboard of one agency with 1,000,000 contacts, on PostgreSQL (DATABASE_URL,
a fresh database), against DuckDB running the same aggregate queries over the same contacts.

1. One agency with 40 liaisons and 1,000,000 contacts dated over the 39 quarters from 2017Q1
   to 2026Q3 (about 25,600 a quarter), generated in the database as bench/outreach.py does.
2. One contact is logged and the dashboard page must show it at once (the figures are
   fresh, whatever is cached).
3. The agency's contacts and liaisons exported (COPY) to Parquet, and the queries the page's
   figures need run by DuckDB on them: the quarter's totals, the previous quarter, contacts
   per liaison (with names), by language, by setting and by topic, the active partners, the
   six-quarter trend and the latest ten contacts.
4. The dashboard page for 2026Q3 through Django's test client, signed in, warm, and the
   DuckDB queries, in turns (so that both see the same load on a shared machine): p50 and
   p95 over 20 of each, and the ratio of the two p50s.

`python bench/outreach_dashboard.py [CONTACTS]` (default 1,000,000). With
PUENTE_BENCH_REUSE=1 the data of an earlier run in the same database is measured again.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date
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
from puente.outreach.models import CommunityContact, Liaison  # noqa: E402

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
TOTAL = int(ARGS[0]) if ARGS else 1_000_000
QUARTER = Quarter(2026, 3)
RUNS = 20
SETTINGS = "ARRAY['business','faith','community','school','event','phone','social_media','other']"
LANGUAGES = "ARRAY['es','es','es','en','so','vi','zh','ht','ar','ko']"
TOPICS = """ARRAY['["reporting"]','["rights"]','["prevention", "reporting"]','["victim_services"]',
                  '["complaint"]','["other"]','["prevention"]','["reporting", "rights"]']::jsonb[]"""


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def build() -> tuple[Agency, User]:
    agency = Agency.objects.create(
        name="Dashboard Bench (fictional)", slug="dashboard-bench", state="MN",
        agency_type="municipal", sworn_staff=2000, is_fictional=True,
        community_languages=["es", "so", "vi"],
    )  # fmt: skip
    Liaison.objects.bulk_create(
        Liaison(agency=agency, name=f"Liaison {k:02d}", languages=["es", "en"])
        for k in range(40)
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH l AS (SELECT array_agg(id ORDER BY id) AS ids FROM outreach_liaison
                       WHERE agency_id = %s)
            INSERT INTO outreach_communitycontact
              (uuid, agency_id, date, liaison_id, setting, partner_id, language,
               interpreter_used, topics, follow_up_needed, created_by_id, created_at)
            SELECT gen_random_uuid(), %s, DATE '2017-01-01' + floor(random() * 3560)::int,
                   l.ids[1 + g %% cardinality(l.ids)],
                   ({SETTINGS})[1 + floor(random() * 8)::int], NULL,
                   ({LANGUAGES})[1 + floor(random() * 10)::int], random() < 0.15,
                   ({TOPICS})[1 + floor(random() * 8)::int], random() < 0.2, NULL, now()
            FROM l, generate_series(0, %s - 1) g
            """,  # noqa: S608 - constants only
            [agency.pk, agency.pk, TOTAL],
        )
        cursor.execute("VACUUM ANALYZE outreach_communitycontact")
    print(
        f"setup       {TOTAL:,} contacts for one agency generated in {time.perf_counter() - start:5.1f} s"
    )
    user = User.objects.create_user(
        email="dashboard-bench@example.org", password="bench-password-2026"
    )  # noqa: S106
    Membership.objects.create(user=user, agency=agency, role="admin")
    return agency, user


def signed_in(user: User) -> Client:
    """A client signed in past the second factor, as an agency admin is after sign-in."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client = Client()
    client.force_login(user)
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def time_both(
    agency: Agency, user: User, duckdb_run
) -> tuple[list[float], list[float]]:
    """Page and DuckDB times, taken in turns so that both see the same load on the machine."""
    client = signed_in(user)
    url = f"/workspace/{agency.slug}/outreach/?quarter={QUARTER}"
    for _ in range(5):
        assert client.get(url).status_code == 200
        duckdb_run()
    page, duck = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        page.append(time.perf_counter() - start)
        assert response.status_code == 200
        start = time.perf_counter()
        duckdb_run()
        duck.append(time.perf_counter() - start)
    return page, duck


def check_fresh(agency: Agency, user: User) -> None:
    """A contact logged after the page was shown appears in its figures at once."""
    client = signed_in(user)
    url = f"/workspace/{agency.slug}/outreach/?quarter={QUARTER}"
    before = CommunityContact.objects.filter(
        agency=agency, date__gte=QUARTER.start, date__lte=QUARTER.end
    ).count()
    assert f"<strong>{before:,}</strong>" in client.get(url).content.decode()
    contact = CommunityContact.objects.create(
        agency=agency, date=date(2026, 8, 14), setting="faith", language="tl",
        liaison=Liaison.objects.filter(agency=agency).first(), topics=["rights"],
    )  # fmt: skip
    page = client.get(url).content.decode()
    contact.delete()
    assert f"<strong>{before + 1:,}</strong>" in page, "the page missed a new contact"


def export(agency: Agency, folder: Path) -> None:
    """The agency's contacts and liaisons, as Parquet files DuckDB reads."""
    import duckdb

    for name, query in (
        ("contacts", f"""SELECT id, agency_id, date, liaison_id, setting, partner_id, language,
                                interpreter_used, topics::text AS topics, follow_up_needed,
                                created_at
                         FROM outreach_communitycontact WHERE agency_id = {agency.pk}"""),  # noqa: S608
        ("liaisons", f"SELECT id, name FROM outreach_liaison WHERE agency_id = {agency.pk}"),  # noqa: S608
    ):  # fmt: skip
        csv_path = folder / f"{name}.csv"
        with connection.cursor() as cursor, open(csv_path, "wb") as handle:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(
                f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)"
            ) as copy:
                for block in copy:
                    handle.write(block)
        db = duckdb.connect()
        select = "SELECT * REPLACE (CAST(from_json(topics, '[\"VARCHAR\"]') AS VARCHAR[]) AS topics)"
        if name != "contacts":
            select = "SELECT *"
        db.execute(
            f"COPY ({select} FROM read_csv('{csv_path}', header=true)) "
            f"TO '{folder / name}.parquet' (FORMAT parquet)"
        )
        db.close()
        csv_path.unlink()


def duckdb_queries(folder: Path, agency: Agency):
    """A function that runs, in DuckDB, every query the dashboard's contact figures need."""
    import duckdb

    db = duckdb.connect()
    db.execute(f"CREATE VIEW c AS SELECT * FROM '{folder}/contacts.parquet'")
    db.execute(f"CREATE VIEW l AS SELECT * FROM '{folder}/liaisons.parquet'")
    quarters = [QUARTER]
    while len(quarters) < 6:
        quarters.insert(0, quarters[0].previous())
    where = "agency_id = ? AND date BETWEEN ? AND ?"
    this = [agency.pk, QUARTER.start, QUARTER.end]
    before = [agency.pk, QUARTER.previous().start, QUARTER.previous().end]

    def run():
        out = {}
        out["totals"] = db.execute(
            f"SELECT count(*), count(*) FILTER (interpreter_used), count(*) FILTER (follow_up_needed) FROM c WHERE {where}",
            this,
        ).fetchall()
        out["previous"] = db.execute(
            f"SELECT count(*) FROM c WHERE {where}", before
        ).fetchall()
        out["liaisons"] = db.execute(
            f"SELECT l.name, count(*) FROM c JOIN l ON l.id = c.liaison_id WHERE {where} GROUP BY l.name ORDER BY l.name",
            this,
        ).fetchall()
        for column in ("language", "setting"):
            out[column] = db.execute(
                f"SELECT {column}, count(*) FROM c WHERE {where} GROUP BY {column} ORDER BY {column}",
                this,
            ).fetchall()
        out["topics"] = db.execute(
            f"SELECT topic, count(*) FROM (SELECT unnest(list_distinct(topics)) AS topic FROM c WHERE {where}) GROUP BY topic ORDER BY topic",
            this,
        ).fetchall()
        out["partners"] = db.execute(
            f"SELECT count(DISTINCT partner_id) FROM c WHERE {where}", this
        ).fetchall()
        out["trend"] = db.execute(
            "SELECT "
            + ", ".join(["count(*) FILTER (date BETWEEN ? AND ?)"] * 6)
            + " FROM c WHERE agency_id = ? AND date BETWEEN ? AND ?",
            [d for q in quarters for d in (q.start, q.end)]
            + [agency.pk, quarters[0].start, QUARTER.end],
        ).fetchall()
        out["latest"] = db.execute(
            "SELECT c.date, l.name, c.setting FROM c JOIN l ON l.id = c.liaison_id "
            "WHERE agency_id = ? ORDER BY date DESC, created_at DESC LIMIT 10",
            [agency.pk],
        ).fetchall()
        return out

    return run  # fmt: skip


def main() -> None:
    if connection.vendor != "postgresql":
        print("dashboard   skipped: this benchmark needs PostgreSQL")
        return
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    agency = Agency.objects.filter(slug="dashboard-bench").first()
    if os.environ.get("PUENTE_BENCH_REUSE") and agency:
        user = User.objects.get(email="dashboard-bench@example.org")
    else:
        agency, user = build()
    check_fresh(agency, user)
    with tempfile.TemporaryDirectory() as folder:
        export(agency, Path(folder))
        run = duckdb_queries(Path(folder), agency)
        result = run()
        assert result["totals"][0][0] == result["trend"][0][-1]
        page, times = time_both(agency, user, run)
    page_p50, duck_p50 = statistics.median(page), statistics.median(times)
    print(
        f"dashboard   {result['totals'][0][0]:,} contacts in {QUARTER} of {TOTAL:,}: page p50 "
        f"{page_p50 * 1000:5.1f} ms, p95 {percentile(page, 0.95) * 1000:5.1f} ms; DuckDB, same queries, "
        f"p50 {duck_p50 * 1000:5.1f} ms, p95 {percentile(times, 0.95) * 1000:5.1f} ms; "
        f"ratio {page_p50 / duck_p50:4.2f}x"
    )


if __name__ == "__main__":
    main()
