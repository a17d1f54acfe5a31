"""Puente as a fleet: two gunicorn servers and a Celery worker, each its own process,
sharing PostgreSQL and Redis. Runs where both are (scripts/test.sh sets
PUENTE_FLEET_TESTS=1 on its PostgreSQL run, with REDIS_URL)."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from puente.agencies.roles import AgencyRole
from puente.agencies.tests.factories import AgencyFactory, MembershipFactory
from puente.assessments.tests.conftest import instrument, small_spec  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("PUENTE_FLEET_TESTS"),
        reason="needs PostgreSQL and Redis (PUENTE_FLEET_TESTS=1, as in scripts/test.sh)",
    ),
    # Every app, named, so that the flush after each test cascades to the tables that
    # are not models (PostgreSQL's search vectors refer to the search entries).
    pytest.mark.django_db(transaction=True, available_apps=settings.INSTALLED_APPS),
]
BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


class Fleet:
    """Processes started for one test, stopped (by their own ids) at its end."""

    def __init__(self, tmp_path: Path, **extra_env):
        db = connection.settings_dict
        self.mail = tmp_path / "mail"
        self.mail.mkdir()
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": os.environ["REDIS_URL"],
            "DEBUG": "true",
            "SECRET_KEY": settings.SECRET_KEY,
            "PUENTE_VAR_DIR": str(tmp_path / "var"),
            "EMAIL_BACKEND": "puente.notifications.tests.mailbackends.FailingFileBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "PUENTE_BASE_URL": "http://127.0.0.1:1",
            **extra_env,
        }
        self.env.pop("DATABASE_REPLICA_URL", None)
        self.logs = tmp_path
        self.processes: dict[str, subprocess.Popen] = {}
        self.ports: list[int] = []

    def web(self, name: str) -> str:
        port = _port()
        self._start(name, [str(BIN / "gunicorn"), "puente.wsgi:application", "--bind",
                           f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"])  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        import requests

        def up():
            try:
                return requests.get(f"{url}/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        _wait_for(up, 60, f"{name} to answer")
        return url

    def worker(self, name: str = "worker") -> subprocess.Popen:
        return self._start(
            name, [str(BIN / "puente"), "worker", "--", "--pool", "solo", "--without-heartbeat",
                   "--without-gossip", "--without-mingle"],
        )  # fmt: skip

    def _start(self, name, command):
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(command, env=self.env, stdout=log, stderr=log)
        self.processes[name] = process
        return process

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]


@pytest.fixture
def fleet_factory(tmp_path):
    from django.core.cache import cache

    cache.delete_pattern("*")
    made = []

    def make(**env):
        made.append(Fleet(tmp_path, **env))
        return made[-1]

    yield make
    for fleet in made:
        fleet.stop()


@pytest.fixture
def broker():
    """Tasks queued by this test process go to Redis, for the fleet's worker."""
    from puente.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def _feedback(url: str, slug: str) -> int:
    import requests

    session = requests.Session()
    page = session.get(f"{url}/en/agencies/{slug}/feedback/", timeout=30).text
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = session.post(
        f"{url}/en/agencies/{slug}/feedback/",
        data={"csrfmiddlewaretoken": csrf, "token": token, "safety": "4", "website": ""},
        headers={"Referer": url}, allow_redirects=False, timeout=30,
    )  # fmt: skip
    return answer.status_code


def test_the_survey_limit_holds_across_servers_and_a_publish_is_fresh_on_both(
    fleet_factory,
):
    from puente.portal import services
    from puente.portal.models import Section, SurveyResponse

    agency = AgencyFactory(slug="fleet-pd", name="Fleet Police Department (fictional)")
    fleet = fleet_factory(
        PUENTE_FEEDBACK_DAILY_LIMIT="3", PUENTE_FEEDBACK_MIN_SECONDS="0"
    )
    servers = [fleet.web("web-a"), fleet.web("web-b")]
    codes: list[int] = []
    threads = [
        threading.Thread(target=lambda n=n: codes.append(_feedback(servers[n % 2], agency.slug)))
        for n in range(10)
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(codes) == [302] * 3 + [429] * 7, (codes, fleet.log("web-a"))
    assert SurveyResponse.objects.filter(agency=agency).count() == 3

    import requests

    page = f"/en/agencies/{agency.slug}/"
    for server in servers:  # both servers now hold the page in the shared cache
        assert "Office hours moved" not in requests.get(server + page, timeout=30).text
    services.portal_text_publish(
        actor=None, agency=agency, section=Section.HELP, language="en",
        body="Office hours moved to Saturday.",
    )  # fmt: skip
    for server in servers:
        assert "Office hours moved" in requests.get(server + page, timeout=30).text, (
            server
        )


def test_killing_the_worker_mid_send_leaves_one_invitation_per_agency_with_working_links(
    fleet_factory,
    broker,
    program,
    instrument,  # noqa: F811
):
    import requests

    from puente.assessments.campaigns import campaign_send_due
    from puente.assessments.models import Campaign, CampaignAgency
    from puente.assessments.services import campaign_create
    from puente.notifications.models import Message

    campaign = campaign_create(
        program=program, instrument=instrument, slug="fleet", name="Fleet round (fictional)",
        status=Campaign.Status.OPEN,
    )  # fmt: skip
    addresses = []
    for n in range(12):
        address = f"chief{n:02d}@fleet.example"
        CampaignAgency.objects.create(
            campaign=campaign, agency=AgencyFactory(), contact_email=address
        )
        addresses.append(address)
    fleet = fleet_factory(
        PUENTE_TEST_MAIL_DELAY="0.2", PUENTE_TEST_MAIL_HANG_AT="4",
        PUENTE_MESSAGE_CLAIM_SECONDS="2",
    )  # fmt: skip
    server = fleet.web("web-a")
    fleet.worker()
    campaign_send_due(campaign=campaign, base_url=server, today=date.today())
    # The mail server stops answering on the 4th message: the worker is killed there,
    # in the middle of the send, with three messages out.
    _wait_for(lambda: (fleet.mail / "hanging").exists(), 120, "the 4th message")
    fleet.kill("worker")
    assert len(list(fleet.mail.glob("*.log"))) == 3, "killed in the middle of the send"
    # The restarted worker and the scheduler's retry (as it runs every few minutes)
    # finish the job: unsent messages go out, the one the dead worker held goes out once.
    fleet.worker("worker-2")
    time.sleep(2.5)
    from puente.notifications.tasks import messages_retry

    messages_retry.delay()
    _wait_for(
        lambda: not Message.objects.exclude(status=Message.Status.SENT).exists(),
        180, "every message to be sent",
    )  # fmt: skip
    bodies = [f.read_text() for f in fleet.mail.glob("*.log")]
    for address in addresses:
        mine = [b for b in bodies if f"To: {address}" in b]
        assert len(mine) == 1, (address, len(mine))
        links = re.findall(r"http://127\.0\.0\.1:\d+/survey/[\w-]+/", mine[0])
        assert links
        for link in links:
            assert requests.get(link, timeout=30).status_code == 200, link


def test_a_100000_row_contact_upload_answers_at_once_and_completes_on_the_worker(
    fleet_factory, tmp_path
):
    import requests

    from puente.outreach.models import CommunityContact, ImportJob
    from puente.outreach.tests.factories import LiaisonFactory

    agency = AgencyFactory(slug="upload-pd")
    user = MembershipFactory(
        agency=agency, role=AgencyRole.ADMIN, user__email="up@x.example"
    ).user
    LiaisonFactory(agency=agency, name="Lía Ortega")
    topics = ["reporting", "victim_services;rights", "prevention"]
    places = ["faith", "business", "school", "phone"]
    lines = [
        "date,liaison,setting,topics,language,interpreter_used,partner,follow_up_needed"
    ]
    lines += [
        f"2026-0{1 + n % 9}-{1 + n % 28:02d},Lía Ortega,{places[n % 4]},{topics[n % 3]},{'es' if n % 2 else 'en'},"
        f"{'yes' if n % 5 == 0 else 'no'},,{'yes' if n % 7 == 0 else 'no'}"
        for n in range(100_000)
    ]  # fmt: skip
    upload = tmp_path / "contacts.csv"
    upload.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fleet = fleet_factory()
    server = fleet.web("web-a")
    fleet.worker()
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    url = f"{server}/workspace/{agency.slug}/outreach/import/"
    form = session.get(url, timeout=30).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    with upload.open("rb") as handle:
        response = session.post(
            url, data={"csrfmiddlewaretoken": csrf, "kind": "contacts"},
            files={"file": ("contacts.csv", handle, "text/csv")},
            headers={"Referer": url}, allow_redirects=False, timeout=30,
        )  # fmt: skip
    assert response.status_code == 302, response.text[:500]
    job = ImportJob.objects.get(agency=agency)
    assert response.headers["Location"].endswith(f"/import/{job.uuid}/")
    # The answer came before the import ran: the worker does it.
    assert job.status in {ImportJob.Status.QUEUED, ImportJob.Status.RUNNING}
    job_page = server + response.headers["Location"]
    _wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).is_finished, 300,
        "the import to finish: " + fleet.log("worker"),
    )  # fmt: skip
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, (job.error, job.problems[:3])
    assert CommunityContact.objects.filter(agency=agency).count() == 100_000
    assert "Imported 100,000 rows." in session.get(job_page, timeout=30).text
