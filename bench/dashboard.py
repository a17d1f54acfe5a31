"""The agency dashboard under load (issue 15), on PostgreSQL and Redis, DEBUG off.

`python bench/dashboard.py [SECONDS]` (default 10 per measurement):

1. a fresh database named by PG_BENCH_URL (default postgres://…/puente_bench, used as
   named) with the demo data (`puente load-demo`: Riverbend PD has 274 contacts, events,
   goals, trust-survey answers, recommendations, an audit trail); PUENTE_BENCH_REUSE=1
   keeps an earlier run's data instead;
2. the agency admin signed in: a session in the database with its second factor passed,
   as the sign-in's second step leaves it (MFA is required with DEBUG off);
3. gunicorn with 2 sync workers, the shared cache in Redis (REDIS_BENCH_URL);
4. in the same run, wrk with 64 connections for SECONDS on the dashboard
   (`/workspace/riverbend-pd-fictional/`, with the session cookie) and then on the
   agency's portal page (`/en/agencies/riverbend-pd-fictional/`): req/s, p50, p99, and
   the dashboard's req/s as a share of the portal page's.

Target (issue 15): dashboard p99 under 300 ms and at least half the portal's req/s.
Also printed: one dashboard request in-process, warm and cold (its cache emptied):
queries, Redis commands (round trips) and milliseconds, which is where a slow page
shows why. Warm, a signed-in dashboard costs no query and three round trips (the
session; the account, second factor and membership; the page), the portal page two.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT / "bench"))

from loadgen import wrk  # noqa: E402

PG_URL = os.environ.get(
    "PG_BENCH_URL", "postgres://postgres@127.0.0.1:5432/puente_bench"
)
REDIS_URL = os.environ.get("REDIS_BENCH_URL", "redis://127.0.0.1:6379/2")
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
AGENCY = "riverbend-pd-fictional"
ADMIN = "admin@riverbend.example"
PREFIX = "bench-dashboard"
VAR = Path(tempfile.mkdtemp(prefix="puente-bench-dashboard-"))
ENV = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
ENV |= {
    "DATABASE_URL": PG_URL,
    "REDIS_URL": REDIS_URL,
    "PUENTE_CACHE_PREFIX": PREFIX,
    "PUENTE_VAR_DIR": str(VAR),
    "SECRET_KEY": "bench-" + "k" * 50,
    "DEBUG": "false",
    "DJANGO_SETTINGS_MODULE": "puente.settings",
}


def _puente(*args: str) -> None:
    subprocess.run([str(BIN / "puente"), *args], env=ENV, check=True,
                   capture_output=True)  # fmt: skip


def _fresh_database() -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(PG_URL)
    with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                         password=cfg["PASSWORD"] or None, dbname="postgres",
                         autocommit=True) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def _has_demo() -> bool:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(PG_URL)
    try:
        with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432,
                             user=cfg["USER"], password=cfg["PASSWORD"] or None,
                             dbname=cfg["NAME"]) as conn:  # fmt: skip
            return bool(
                conn.execute(
                    "SELECT 1 FROM agencies_agency WHERE slug = %s", [AGENCY]
                ).fetchone()
            )
    except psycopg.Error:
        return False


def setup() -> None:
    if os.environ.get("PUENTE_BENCH_REUSE") and _has_demo():
        print("setup       reusing the demo data of an earlier run")
        _puente("migrate", "--no-input")
    else:
        _fresh_database()
        start = time.perf_counter()
        _puente("migrate", "--no-input")
        _puente("load-demo")
        print(f"setup       migrate + load-demo: {time.perf_counter() - start:5.1f} s")
    _puente("collectstatic", "--no-input")
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{PREFIX}:*"):
        client.delete(key)


def _django():
    os.environ.update(ENV)
    import django

    django.setup()


def _signed_in():
    """A test client signed in as the agency admin, past the second factor (a confirmed
    recovery-code device stands in for the account's own, as in puente/conftest.py)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from puente.accounts.models import User

    user = User.objects.get(email=ADMIN)
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def session_cookie() -> str:
    """The cookie of a signed-in session (in the database, as gunicorn reads it)."""
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={_signed_in().session.session_key}"


def in_process() -> None:
    """One dashboard request through Django's test client: queries and time, cold (the
    dashboard's cached figures dropped) and warm."""
    import redis.client
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _signed_in()
    url = f"/workspace/{AGENCY}/"
    client.get(url)
    commands = []
    original = redis.client.Redis.execute_command

    def counted(self, *args, **options):
        commands.append(args[0])
        return original(self, *args, **options)

    redis.client.Redis.execute_command = counted
    try:
        for label in ("cold", "warm"):
            if label == "cold":
                cache.clear()
            commands.clear()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, response.status_code
            print(f"dashboard   one request in-process, {label}: {len(queries)} queries, "
                  f"{len(commands)} Redis commands, {elapsed:6.1f} ms")  # fmt: skip
    finally:
        redis.client.Redis.execute_command = original


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, cookie: str | None = None) -> tuple[int, str]:
    # Long: after wrk stops, the workers still answer the requests it left queued.
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=300) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def main() -> int:
    setup()
    _django()
    cookie = session_cookie()
    in_process()
    port = _port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "puente.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--backlog", "512",
         "--log-level", "warning"],
        env=ENV,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    dashboard, portal = f"{base}/workspace/{AGENCY}/", f"{base}/en/agencies/{AGENCY}/"
    try:
        for _ in range(300):
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        status, body = _get(dashboard, cookie)
        if status != 200 or not re.search(r"<h1>[^<]+</h1>", body):
            raise SystemExit(f"the dashboard answered {status}, not the page")
        headers = [f"Cookie: {cookie}"]
        for url in (dashboard, portal):  # warm up both workers
            wrk(url, connections=2, seconds=2, headers=headers)
        board = wrk(dashboard, seconds=SECONDS, headers=headers)
        # Once the requests wrk left queued are answered, the session still works.
        if _get(dashboard, cookie)[0] != 200:
            raise SystemExit("the session no longer reaches the dashboard")
        page = wrk(portal, seconds=SECONDS)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(VAR, ignore_errors=True)
    for load, label in ((board, "dashboard"), (page, "portal page")):
        if load.non_2xx or load.errors:
            raise SystemExit(f"{label}: {load.non_2xx} answers not 2xx/3xx, "
                             f"{load.errors} socket errors")  # fmt: skip
    print(
        f"dashboard   gunicorn, 2 sync workers, PostgreSQL + Redis, DEBUG off, wrk -c64 "
        f"{SECONDS:.0f} s each, same run:\n"
        f"            dashboard ({dashboard.removeprefix(base)}, signed in) "
        f"{board.rps:7.0f} req/s  p50 {board.p50:6.1f} ms  p99 {board.p99:6.1f} ms\n"
        f"            portal page ({portal.removeprefix(base)}) "
        f"{page.rps:7.0f} req/s  p50 {page.p50:6.1f} ms  p99 {page.p99:6.1f} ms\n"
        f"            dashboard at {board.rps / page.rps:.0%} of the portal page's "
        f"req/s (target: at least 50%; p99 target: under 300 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
