"""The statistics pages show are SciPy's (issue 17), computed where they cost a web worker
no memory (issue 13): in one child process per page, kept in the shared cache."""

import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django_otp.plugins.otp_static.models import StaticDevice
from scipy.stats import binomtest

from puente.lib.quarters import Quarter
from puente.lib.stats import (
    count_change_p_value,
    count_change_p_values,
    wilson_interval,
    wilson_intervals,
)
from puente.outreach.selectors import default_quarter, quarter_summary
from puente.outreach.tests.factories import ContactFactory, LiaisonFactory
from puente.portal.selectors import survey_result_tables, survey_results
from puente.portal.templatetags.portal import interval as interval_text
from puente.portal.tests.factories import SurveyResponseFactory


def _scipy_wilson(successes, total, confidence=0.95):
    ci = binomtest(successes, total).proportion_ci(
        confidence_level=confidence, method="wilson"
    )
    return max(0.0, float(ci.low)), min(1.0, float(ci.high))


def _scipy_p(before, after):
    return float(binomtest(after, before + after, 0.5).pvalue)


WILSON_CASES = [(0, 1), (1, 1), (0, 11), (11, 11), (8, 10), (16, 28), (1, 250),
                (249, 250), (5_000, 10_001)]  # fmt: skip
COUNT_CASES = [(0, 1), (1, 0), (3, 3), (10, 30), (20, 26), (0, 40), (7, 0),
               (4000, 4150), (120_000, 121_500)]  # fmt: skip


def test_intervals_and_p_values_are_scipys(db):
    assert wilson_intervals(WILSON_CASES) == {
        pair: _scipy_wilson(*pair) for pair in WILSON_CASES
    }
    assert wilson_intervals([(3, 7)], confidence=0.9)[(3, 7)] == _scipy_wilson(
        3, 7, 0.9
    )
    assert wilson_interval(0, 11)[0] == 0.0 and wilson_interval(11, 11)[1] == 1.0
    p_values = count_change_p_values([*COUNT_CASES, (0, 0)])
    assert p_values == {pair: _scipy_p(*pair) for pair in COUNT_CASES} | {(0, 0): None}
    assert count_change_p_value(0, 0) is None


@pytest.mark.parametrize("pair", [(1, 0), (-1, 3), (4, 3), (1.5, 3)])
def test_impossible_counts_are_refused(db, pair):
    with pytest.raises(ValueError):
        wilson_intervals([pair])


def test_a_negative_count_has_no_p_value(db):
    with pytest.raises(ValueError):
        count_change_p_values([(3, -1)])


def _survey(agency):
    # Safety splits both groups; the other statements are all agree (trust) or all
    # disagree (witness): the n of n and 0 of n cells.
    for language, agree, disagree in (("en", 25, 12), ("es", 12, 15)):
        SurveyResponseFactory.create_batch(
            agree, agency=agency, language=language, safety=5
        )
        SurveyResponseFactory.create_batch(
            disagree, agency=agency, language=language, safety=1
        )


def test_the_results_tables_carry_scipys_intervals(agency_a):
    _survey(agency_a)
    tables = survey_result_tables(agency=agency_a)
    shown = [
        cell
        for table in tables.values()
        for cell in table.cells()
        if cell.n and not cell.suppressed
    ]
    assert {(c.agree, c.n) for c in shown} >= {
        (25, 37),
        (12, 27),
        (37, 64),
        (0, 37),
        (37, 37),
    }
    for cell in shown:
        assert cell.interval == _scipy_wilson(cell.agree, cell.n)
    assert all(
        c.interval is None for t in tables.values() for c in t.cells() if c.suppressed
    )
    alone = survey_results(agency=agency_a, by="language").rows["safety"]["en"]
    assert alone.interval == _scipy_wilson(25, 37)


def _contacts(agency, before: int, after: int) -> Quarter:
    quarter = default_quarter()
    liaison = LiaisonFactory(agency=agency)
    for day, n in ((quarter.previous().start, before), (quarter.start, after)):
        ContactFactory.create_batch(n, liaison=liaison, date=day)
    return quarter


def test_the_outreach_figures_carry_scipys_p_values(agency_a, agency_b):
    quarter = _contacts(agency_a, 10, 30)
    summary = quarter_summary(agency=agency_a, quarter=quarter)
    assert summary["change_p_value"] == _scipy_p(10, 30)
    assert (
        summary["change_is_meaningful"] and not summary["events_change_is_meaningful"]
    )
    quiet = quarter_summary(agency=agency_b, quarter=quarter)
    assert quiet["change_p_value"] is None and not quiet["change_is_meaningful"]


def test_a_process_without_scipy_computes_in_a_child(db, monkeypatch):
    # Inputs no other test asks for, so neither this process's memo nor the cache has them.
    wanted = [(0, 9_973), (9_973, 9_973), (4_217, 9_973)]
    expected = {pair: _scipy_wilson(*pair, 0.8) for pair in wanted}
    monkeypatch.delitem(sys.modules, "scipy.stats")
    assert wilson_intervals(wanted, confidence=0.8) == expected
    assert count_change_p_values([(9_967, 9_971)]) == {
        (9_967, 9_971): _scipy_p(9_967, 9_971)
    }


def test_a_failing_child_raises_a_clear_error(db, monkeypatch, tmp_path):
    broken = tmp_path / "scipy"
    broken.mkdir()
    (broken / "__init__.py").write_text("raise ImportError('SciPy is broken here')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.delitem(sys.modules, "scipy.stats")
    with pytest.raises(
        RuntimeError, match=r"(?s)SciPy's child process failed.*SciPy is broken here"
    ):
        wilson_intervals([(17, 9_941)])


SERVE = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

email, *paths = sys.argv[1:]
user = get_user_model().objects.get(email=email)
client = Client(SERVER_NAME="localhost")
client.force_login(user)
session = client.session
session[DEVICE_ID_SESSION_KEY] = StaticDevice.objects.get(user=user).persistent_id
session.save()
pages = {path: [r.status_code, r.content.decode()] for path in paths for r in [client.get(path)]}
print(json.dumps({"pages": pages, "scipy": "scipy.stats" in sys.modules,
                  "altair": "altair" in sys.modules}))
"""


def _database_url(tmp_path) -> str:
    """The test database as another process can open it: a copy of SQLite's (which
    lives in this process's memory), or PostgreSQL's by name."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "copy.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


# Committed, so that the serving process sees the data; every app named, as the fleet
# tests do, so that PostgreSQL's flush cascades.
@pytest.mark.django_db(transaction=True, available_apps=settings.INSTALLED_APPS)
def test_serving_the_results_and_the_outreach_dashboard_loads_no_scipy(
    agency_a, admin_a, tmp_path
):
    _survey(agency_a)
    _contacts(agency_a, 10, 30)
    StaticDevice.objects.create(user=admin_a, name="test", confirmed=True)
    results = f"/en/agencies/{agency_a.slug}/results/"
    workspace = f"/workspace/{agency_a.slug}/portal/results/"
    outreach = f"/workspace/{agency_a.slug}/outreach/"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(tmp_path),
        "DJANGO_SETTINGS_MODULE": "puente.settings",
        "PUENTE_VAR_DIR": str(tmp_path / "var"),
        "PUENTE_SMALL_CELL": str(settings.PUENTE_SMALL_CELL),
        "DEBUG": "true",
    }

    def serve() -> dict:
        done = subprocess.run(  # noqa: S603 - our interpreter, our script
            [sys.executable, "-c", SERVE, admin_a.email, results, workspace, outreach],
            env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    served = serve()
    assert served["scipy"] is False
    # The charts' shapes are in the shared cache now: a second process serving the same
    # pages does not import altair either (lib.charts._shared_template).
    again = serve()
    assert again["altair"] is False and again["scipy"] is False
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert {
        path: token.sub("", html) for path, (_s, html) in again["pages"].items()
    } == {path: token.sub("", html) for path, (_s, html) in served["pages"].items()}
    pages = {path: html for path, (status, html) in served["pages"].items()}
    assert all(status == 200 for status, _html in served["pages"].values())
    for path in (results, workspace):
        for pair in ((25, 37), (12, 27), (0, 37), (64, 64)):
            assert (
                f'<span class="ci">{interval_text(_scipy_wilson(*pair))}</span>'
                in pages[path]
            )
    p_value = f"{_scipy_p(10, 30):.3f}"
    assert (
        f"p = {p_value}" in pages[outreach]
        and "The change is meaningful" in pages[outreach]
    )
