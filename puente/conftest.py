"""Personas shared by every app's tests: our alice, bob and charlie.

- `member_a`: staff of agency A; may read and change A's data.
- `admin_a`: admin of agency A; also manages A's members and reads its audit log.
- `viewer_a`: read-only member of A (e.g. an advisory-board member).
- `member_b`: staff of agency B; must never see anything of A's.
- `evaluator`: evaluator of a program that agency A takes part in.
"""

import os

import pytest
from django.db.backends.signals import connection_created
from django.utils import translation

from puente.accounts.tests.factories import TEST_PASSWORD, UserFactory
from puente.agencies.roles import AgencyRole
from puente.agencies.tests.factories import (
    AgencyFactory,
    MembershipFactory,
    ProgramMembershipFactory,
    ProgramParticipationFactory,
)
from puente.tests.s3 import s3_endpoint, s3_storage  # noqa: F401 - shared fixtures


def _allow_audit_flush(sender, connection, **kwargs):
    # Transactional tests empty the database between tests (TRUNCATE on PostgreSQL);
    # the audit log's triggers refuse that unless this session switch is on
    # (migration audit 0004). Tests of the triggers turn it off again.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET puente.allow_audit_flush = 'on'")


connection_created.connect(_allow_audit_flush, dispatch_uid="tests_allow_audit_flush")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory
):
    """With browser tests in the session, the SQLite test database is a file.

    Django hands an in-memory database's single connection to every thread of the live
    server, so the page and its service worker fetching side by side fail with
    "database table is locked". A file gives each thread its own connection, with the
    busy timeout and immediate transactions production has (settings.py)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    if any(item.get_closest_marker("browser") for item in request.session.items):
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _tasks_in_the_test_process():
    """Tasks run in the test's own process (when the test's transaction commits, or
    when a test runs the captured callbacks), even with REDIS_URL set: a test asserts
    on what they did. The fleet tests start real workers in processes of their own."""
    from puente.celery import app

    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _empty_shared_cache(settings):
    """Cached pages and rate-limit counters must not leak from one test to the next. The
    database cache's rows go with each test's transaction; Redis keeps its keys, so
    Puente's own (those under the cache prefix) are deleted before each test."""
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        from django.core.cache import cache

        cache.delete_pattern("*")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _english_between_tests():
    # A request to /es/ leaves Spanish active in this thread, which would make the
    # next test's reverse() produce /es/ URLs.
    translation.activate("en")
    yield
    translation.deactivate()


def mark_mfa_verified(client, user) -> None:
    """Make the client's session count as having passed a second factor, as the
    sign-in's second step does (a recovery-code device stands in for the user's)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_passes_mfa(monkeypatch):
    """`client.force_login(user)` signs in past the second factor, so tests of pages
    behind sign-in need not repeat it. Tests of the second step itself sign in with
    the form or use `client.force_login(user, mfa=False)`."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None, mfa=True):
        original(self, user, backend)
        if mfa:
            mark_mfa_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def browser_sign_in(page, base_url: str, email: str, password: str) -> None:
    """Sign in through the real form and its second step in a Playwright page, with a
    fresh recovery code made for the account (as a person would use one). `base_url`
    may carry a language prefix (`.../es`); fields are found by name, in any language."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from puente.accounts.models import User

    user = User.objects.get(email=email)
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="browser-test", defaults={"confirmed": True}
    )
    code = StaticToken.random_token()
    device.token_set.create(token=code)
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/mfa/**")
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def agency_a(db):
    return AgencyFactory(
        name="Alphaville Police Department (fictional)", slug="alphaville-pd"
    )


@pytest.fixture
def agency_b(db):
    return AgencyFactory(
        name="Betatown Sheriff's Office (fictional)", slug="betatown-so"
    )


@pytest.fixture
def admin_a(agency_a):
    return MembershipFactory(
        agency=agency_a, role=AgencyRole.ADMIN, user__email="alice@a.example"
    ).user


@pytest.fixture
def member_a(agency_a):
    return MembershipFactory(
        agency=agency_a, role=AgencyRole.STAFF, user__email="sam@a.example"
    ).user


@pytest.fixture
def viewer_a(agency_a):
    return MembershipFactory(
        agency=agency_a, role=AgencyRole.VIEWER, user__email="vera@a.example"
    ).user


@pytest.fixture
def member_b(agency_b):
    return MembershipFactory(
        agency=agency_b, role=AgencyRole.ADMIN, user__email="bob@b.example"
    ).user


@pytest.fixture
def program(agency_a):
    return ProgramParticipationFactory(
        agency=agency_a, program__slug="national-2026"
    ).program


@pytest.fixture
def evaluator(program):
    return ProgramMembershipFactory(
        program=program, user__email="eva@program.example"
    ).user


@pytest.fixture
def outsider(db):
    """Signed in, but member of nothing."""
    return UserFactory(email="olga@nowhere.example")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, shared by a module's browser tests."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between page actions are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("PUENTE_CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()


# What a test needs to be one that touches production's parts: the database (and, through
# it, the shared cache, since without Redis the cache is a table), a client's requests
# (sessions, cache), a live server, or the S3 storage.
SERVICE_FIXTURES = frozenset({
    "db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
    "client", "async_client", "admin_client", "admin_user", "live_server",
    "s3_storage", "s3_endpoint",
})  # fmt: skip


def uses_services(item) -> bool:
    """Whether a test touches the database, the cache, the task queue or the storage: it
    has the `django_db` or `services` marker, or asks (itself or through its fixtures)
    for one of SERVICE_FIXTURES. The others cannot: pytest-django refuses database access
    to them, and on SQLite the cache is a database table, so one that passes there
    without database access used neither."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("services"):
        return True
    return not SERVICE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def _only_tests_using_services(config, items):
    # PUENTE_TEST_SERVICES_ONLY=1 (scripts/test.sh's PostgreSQL + Redis run): the tests
    # that never touch the database, cache, queue or storage already ran on SQLite and
    # would pass the same here, so they are left out.
    if os.environ.get("PUENTE_TEST_SERVICES_ONLY") != "1":
        return
    kept = [item for item in items if uses_services(item)]
    left = [item for item in items if not uses_services(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
    config.stash[_SERVICES_ONLY_LEFT] = len(left)


_SERVICES_ONLY_LEFT = pytest.StashKey[int]()


def pytest_report_collectionfinish(config, start_path, items):
    left = config.stash.get(_SERVICES_ONLY_LEFT, None)
    if left is not None:
        return (
            f"PUENTE_TEST_SERVICES_ONLY=1: {left} tests that use no database, cache, "
            f"queue or storage left out (they ran on SQLite); {len(items)} run."
        )


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium; say so when it is missing, and fail in CI.
    With PUENTE_TEST_SERVICES_ONLY=1, only the tests that use services run."""
    _only_tests_using_services(config, items)
    chromium = os.environ.get("PUENTE_CHROMIUM", "/usr/bin/chromium")
    if os.path.exists(chromium):
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but Chromium is missing at {chromium}")
    skip = pytest.mark.skip(reason=f"Chromium not found at {chromium}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
