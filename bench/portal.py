"""The public portal under gunicorn: requests per second for an agency page next to a
minimal Django view on the same server in the same run, and p99 latency at 64 concurrent
connections. `python bench/portal.py [SECONDS]` (default 10 per measurement).

The agency page is served from Django's cache (per language) after the first request, as
it is in production between two changes of the agency's content. The load generator is
asyncio with one new connection per request (gunicorn's sync workers close each one).
"""

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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


async def _one(path: str) -> float:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    head = await reader.readline()
    await reader.read()
    writer.close()
    if b" 200 " not in head:
        raise RuntimeError(f"{path}: {head!r}")
    return time.perf_counter() - start


async def _load(path: str, seconds: float) -> tuple[int, list[float]]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        while time.perf_counter() < deadline:
            latencies.append(await _one(path))

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
    return len(latencies) / (time.perf_counter() - started), latencies


def measure(path: str, seconds: float) -> tuple[float, float, float]:
    asyncio.run(_load(path, 1.0))  # warm up: workers, caches
    rps, latencies = asyncio.run(_load(path, seconds))
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return rps, statistics.median(ordered) * 1000, p99 * 1000


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
                asyncio.run(_one("/bench/minimal"))
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
        f"portal      gunicorn, {WORKERS} sync workers, {CONCURRENCY} concurrent connections, "
        f"{SECONDS:.0f} s each:\n"
        f"            minimal Django view  {minimal_rps:7.0f} req/s  p50 {minimal_p50:5.1f} ms  p99 {minimal_p99:5.1f} ms\n"
        f"            agency page ({page}) {page_rps:7.0f} req/s  p50 {page_p50:5.1f} ms  p99 {page_p99:5.1f} ms\n"
        f"            ratio {page_rps / minimal_rps:.0%} of the minimal view (target: at least 70%; p99 target: under 100 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
