"""The public portal under gunicorn: requests per second for an agency page next to a
minimal Django view on the same server in the same run, and p99 latency at 64 concurrent
connections. `python bench/portal.py [SECONDS]` (default 10 per measurement).

The agency page is served from Django's cache (per language) after the first request, as
it is in production between two changes of the agency's content. The load generator is
wrk (bench/loadgen.py), a C program: a Python client on the same two cores took CPU from
the server and measured itself as much as gunicorn.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(tempfile.mkdtemp(prefix="puente-bench-portal-"))
os.environ.update(
    {
        "PUENTE_VAR_DIR": str(VAR),
        "DJANGO_SETTINGS_MODULE": "portal_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{ROOT}",
        "SECRET_KEY": "bench-" + "k" * 50,
    }
)
os.environ.pop("DATABASE_URL", None)
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]

import django  # noqa: E402
from loadgen import wrk  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
CONCURRENCY = 64
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PORT = 8793
SLUG = "bench-pd-fictional"


def setup_data() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from puente.agencies.models import Agency
    from puente.outreach.models import Event, Liaison, PartnerOrganization
    from puente.portal import services
    from puente.portal.models import Section

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    agency = Agency.objects.create(
        slug=SLUG, name="Bench Police Department (fictional)", state="MN",
        community_languages=["es", "so", "hmn"], is_fictional=True,
    )  # fmt: skip
    for section in Section.values:
        for language in ("en", "es", "so"):
            services.portal_text_publish(
                actor=None, agency=agency, section=section, language=language,
                body="A paragraph of the agency's own text. " * 20,
            )  # fmt: skip
    services.portal_settings_update(
        actor=None, agency=agency, non_emergency_phone="555-0100",
        feedback_open=True, documents=[],
    )  # fmt: skip
    for number in range(4):
        Liaison.objects.create(
            agency=agency, name=f"Liaison {number}", languages=["es"]
        )
        PartnerOrganization.objects.create(
            agency=agency, name=f"Partner {number} (fictional)", kind="social",
            status="active",
        )  # fmt: skip
        Event.objects.create(
            agency=agency, kind="forum", title=f"Forum {number}", place="Library",
            date=timezone.localdate() + timedelta(days=7 * (number + 1)),
            languages=["es", "so"],
        )  # fmt: skip


def measure(path: str, seconds: float) -> tuple[float, float, float]:
    """(req/s, p50 ms, p99 ms) of `path` under wrk with CONCURRENCY connections."""
    url = f"http://127.0.0.1:{PORT}{path}"
    wrk(url, connections=2, seconds=2)  # warm up: workers, caches
    load = wrk(url, connections=CONCURRENCY, seconds=seconds)
    if load.non_2xx or load.errors:
        raise SystemExit(f"{path}: {load.non_2xx} answers not 2xx/3xx, "
                         f"{load.errors} socket errors")  # fmt: skip
    return load.rps, load.p50, load.p99


def main() -> int:
    setup_data()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "puente.wsgi:application",
         "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS), "--backlog", "512",
         "--log-level", "warning"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal_settings"},
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(  # noqa: S310 - loopback
                    f"http://127.0.0.1:{PORT}/bench/minimal", timeout=5
                ):
                    break
            except OSError:
                time.sleep(0.05)
        page = f"/es/agencies/{SLUG}/"
        minimal_rps, minimal_p50, minimal_p99 = measure("/bench/minimal", SECONDS)
        page_rps, page_p50, page_p99 = measure(page, SECONDS)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(VAR, ignore_errors=True)
    print(
        f"portal      gunicorn, {WORKERS} sync workers, wrk -c{CONCURRENCY}, "
        f"{SECONDS:.0f} s each:\n"
        f"            minimal Django view  {minimal_rps:7.0f} req/s  p50 {minimal_p50:5.1f} ms  p99 {minimal_p99:5.1f} ms\n"
        f"            agency page ({page}) {page_rps:7.0f} req/s  p50 {page_p50:5.1f} ms  p99 {page_p99:5.1f} ms\n"
        f"            ratio {page_rps / minimal_rps:.0%} of the minimal view (target: at least 70%; p99 target: under 100 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
