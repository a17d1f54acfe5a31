"""Project-wide guards: migrations, translations, privacy, health, settings."""

import os
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.utils import OperationalError
from django.template.base import Lexer, TokenType
from django.urls import reverse

from puente.lib import env

PACKAGE = Path(settings.BASE_DIR)
CATALOG = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_no_migrations_are_pending():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Model changes without a migration:\n{out.getvalue()}")


# --- Privacy: nothing may record immigration status or what stands in for it.
FORBIDDEN = re.compile(
    r"immigra|citizen|nationality|country[\s_]?of[\s_]?birth|birth[\s_]?country|birthplace|"
    r"\bssn\b|social[\s_]?security|\bitin\b|visa|alien|a_?number\b|green[\s_]?card|"
    r"legal[\s_]?status|undocumented|deport",
    re.IGNORECASE,
)


def test_no_model_has_a_field_for_immigration_status_or_identity_numbers():
    offenders = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            names = [field.name, str(getattr(field, "verbose_name", ""))]
            if any(FORBIDDEN.search(name) for name in names):
                offenders.append(f"{model._meta.label}.{field.name}")
    assert offenders == []


def test_the_privacy_guard_catches_such_fields():
    for name in [
        "immigration_status",
        "citizenship",
        "country_of_birth",
        "ssn",
        "itin",
        "Country of birth",
    ]:
        assert FORBIDDEN.search(name), name
    for name in ["community_languages", "population_served", "description"]:
        assert not FORBIDDEN.search(name), name


# --- Every template string is translatable.
TRANSLATABLE_ATTRIBUTES = re.compile(
    r"""\b(?:alt|title|placeholder|aria-label|aria-description)\s*=\s*"([^"\x00]*[A-Za-z][^"\x00]*)\"""",
)
# 500.html is rendered without a request or the template engine's i18n, so it is bilingual by hand.
NOT_CHECKED = {"500.html"}


def _templates():
    for root in [PACKAGE / "templates", *PACKAGE.glob("*/templates")]:
        for path in root.rglob("*.html"):
            if path.name not in NOT_CHECKED:
                yield path
        yield from root.rglob("*.txt")


def untranslated_text(source: str) -> list[str]:
    """Words a template shows that no translate/blocktranslate tag covers."""
    parts = []
    depth = 0
    comment = False  # inside {% comment %}: for developers, never shown
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            tag = token.contents.split()[0] if token.contents else ""
            if tag in ("blocktranslate", "blocktrans"):
                depth += 1
            elif tag in ("endblocktranslate", "endblocktrans"):
                depth -= 1
            elif tag in ("comment", "endcomment"):
                comment = tag == "comment"
            parts.append("\x00")
        elif token.token_type == TokenType.TEXT and not depth and not comment:
            parts.append(token.contents)
        elif token.token_type == TokenType.VAR:
            parts.append("\x00")
    text = "".join(parts)
    found = [m.group(1).strip() for m in TRANSLATABLE_ATTRIBUTES.finditer(text)]
    visible = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S | re.I)
    visible = re.sub(r"<[^>]*>", " ", visible)
    visible = re.sub(r"&[a-z]+;|&#\d+;", " ", visible)
    found += [w.strip() for w in re.findall(r"[^\W\d_]{2,}[^<\x00]*", visible)]
    return found


def test_every_template_string_is_translatable():
    problems = {}
    for path in _templates():
        words = untranslated_text(path.read_text(encoding="utf-8"))
        if words:
            problems[str(path.relative_to(PACKAGE))] = words
    assert problems == {}


def test_the_translatable_check_finds_bare_text():
    assert untranslated_text("<p>Hello</p>") == ["Hello"]
    assert untranslated_text('<img alt="A bridge" src="x.svg">') == ["A bridge"]
    assert untranslated_text('{% load i18n %}<p>{% translate "Hello" %}</p>') == []
    assert (
        untranslated_text("{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}")
        == []
    )


def test_the_spanish_catalog_is_complete():
    with open(CATALOG, "rb") as handle:
        catalog = read_po(handle)
    missing = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not all(
                message.string
                if isinstance(message.string, tuple)
                else [message.string]
            )
        )
    ]
    assert missing == []


def test_the_spanish_catalog_covers_every_string_in_the_source(tmp_path):
    """Re-extract the messages and check that each one has a Spanish translation."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but GNU gettext (xgettext) is missing")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "puente"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests")
    )
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "es", "--no-location",
         "--no-obsolete", "--ignore", "500.html", "--settings", "puente.settings"],
        cwd=copy, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},
    )  # fmt: skip
    with open(copy / "locale/es/LC_MESSAGES/django.po", "rb") as handle:
        fresh = read_po(handle)
    with open(CATALOG, "rb") as handle:
        committed = read_po(handle)
    untranslated = [
        m.id
        for m in fresh
        if m.id
        and not (
            committed.get(m.id, m.context) and committed.get(m.id, m.context).string
        )
    ]
    assert untranslated == [], "Run `make messages` and translate the new strings."


# --- Pages, languages, health.
@pytest.mark.django_db
def test_home_in_english_and_spanish(client):
    english = client.get("/")
    spanish = client.get("/es/")
    assert english.status_code == spanish.status_code == 200
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="es"' in spanish.content.decode()
    assert "Generar confianza" in spanish.content.decode()


@pytest.mark.django_db
def test_the_language_switcher_goes_to_the_prefixed_url(client):
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "/agencies/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/agencies/"


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_env_helpers_fail_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL must be true or false"):
        env.envbool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.envint("X_INT", 5, minimum=1)
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env.envint("X_INT", 5)
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env.envlist("X_LIST", []) == ["a.example", "b.example"]


def test_secrets_can_come_from_files(monkeypatch, tmp_path):
    (tmp_path / "key").write_text("from-a-file\n")
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "key"))
    assert env.envsecret("X_SECRET") == "from-a-file"


def _settings_in_subprocess(tmp_path, **environ):
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.PUENTE_SMALL_CELL, settings.DATABASES['default']['ENGINE'], "
        "settings.DEBUG, settings.SECRET_KEY]))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "PUENTE_SMALL_CELL")
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "puente.settings", "PUENTE_VAR_DIR": str(tmp_path), **environ},
        capture_output=True, text=True,
    )  # fmt: skip


def test_settings_defaults_and_overrides(tmp_path):
    import json

    first = _settings_in_subprocess(tmp_path)
    assert first.returncode == 0, first.stderr
    small_cell, engine, debug, key = json.loads(first.stdout)
    assert (small_cell, engine, debug) == (11, "django.db.backends.sqlite3", False)
    assert (tmp_path / "secret_key").read_text() == key
    again = json.loads(_settings_in_subprocess(tmp_path).stdout)
    assert again[3] == key, "the generated key is reused"
    custom = json.loads(
        _settings_in_subprocess(
            tmp_path, PUENTE_SMALL_CELL="5", SECRET_KEY="k" * 50
        ).stdout
    )
    assert (custom[0], custom[3]) == (5, "k" * 50)
    bad = _settings_in_subprocess(tmp_path, PUENTE_SMALL_CELL="none")
    assert bad.returncode != 0
    assert "PUENTE_SMALL_CELL must be a whole number" in bad.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/agencies/", "/principles/", "/healthz"])
def test_public_pages_refuse_writes(client, path):
    assert client.post(path).status_code == 405


def test_language_names_sort_as_readers_expect():
    from django.utils import translation

    from puente.lib.languages import language_choices

    with translation.override("es"):
        names = [name for _code, name in language_choices()]
    assert names.index("árabe") < names.index("armenio")


def test_an_empty_variable_means_the_default(monkeypatch):
    monkeypatch.setenv("X_BOOL", "")
    assert env.envbool("X_BOOL", True) is True
    monkeypatch.setenv("X_INT", " ")
    assert env.envint("X_INT", 7) == 7


def test_an_empty_database_url_means_sqlite(tmp_path):
    import json

    result = _settings_in_subprocess(tmp_path, DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[1] == "django.db.backends.sqlite3"


@pytest.mark.django_db
def test_healthz_answers_head_for_load_balancers(client):
    assert client.head("/healthz").status_code == 200


def test_every_scheduled_job_is_a_registered_task(settings):
    """A typo in CELERY_BEAT_SCHEDULE would make the scheduler queue a task no worker
    knows; every entry must name a task the Celery app has discovered."""
    from puente.celery import app

    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "puente.accounts.tasks.users_disable_inactive" in names
    assert names <= set(app.tasks), names - set(app.tasks)


def test_the_template_check_skips_comments_and_still_finds_plain_words():
    source = "{% comment %}For developers only{% endcomment %}<p>Shown to users</p>"
    assert untranslated_text(source) == ["Shown to users"]
