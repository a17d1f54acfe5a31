"""Every portal language: its address, `lang` and `dir`, language info and a complete
catalog of the portal's own strings."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import get_language_info, to_locale

from puente.portal.management.commands.portalmessages import STAFF_ONLY

PORTAL = Path(settings.BASE_DIR) / "portal"
LANGUAGES = settings.PORTAL_LANGUAGES


def _catalog(code: str):
    with open(
        PORTAL / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po", "rb"
    ) as h:
        return read_po(h)


def test_the_fifteen_languages_of_the_issue():
    assert LANGUAGES == [
        "en", "es", "zh-hans", "zh-hant", "vi", "ko", "tl", "ar", "fr", "ht", "pt",
        "ru", "so", "hmn", "lo",
    ]  # fmt: skip
    staff = [code for code, _name in settings.LANGUAGES]
    assert set(staff) <= set(LANGUAGES), "every staff language is a portal language"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_language_info(code):
    info = get_language_info(code)
    assert info["name_local"] and info["bidi"] == (code == "ar")


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_every_portal_catalog_is_complete(code):
    missing = [m.id for m in _catalog(code) if m.id and (m.fuzzy or not m.string)]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_each_page_carries_its_lang_and_dir(client, agency_a, code):
    direction = "rtl" if code == "ar" else "ltr"
    for page in ("", "feedback/", "results/"):
        response = client.get(f"/{code}/agencies/{agency_a.slug}/{page}")
        assert response.status_code == 200
        assert response["Content-Language"] == code
        assert f'<html lang="{code}" dir="{direction}">' in response.content.decode()


@pytest.mark.django_db
def test_the_page_speaks_the_language_of_its_address(client, agency_a):
    expected = {
        "es": "Pedir ayuda",
        "so": "Hel caawimaad",
        "ar": "احصل على المساعدة",
        "hmn": "Nrhiav kev pab",
        "zh-hant": "取得協助",
    }
    for code, heading in expected.items():
        assert (
            heading in client.get(f"/{code}/agencies/{agency_a.slug}/").content.decode()
        )


def test_the_portal_catalogs_cover_every_public_string(tmp_path):
    """Re-extract the portal's strings and check each catalog translates them all."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but GNU gettext (xgettext) is missing")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "portal"
    shutil.copytree(PORTAL, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    staff = [to_locale(c) for c, _n in settings.LANGUAGES if c != "en"]
    public = [
        to_locale(c) for c in LANGUAGES if c != "en" and to_locale(c) not in staff
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(settings.BASE_DIR).parent)}
    for locales, ignore in ((staff, ["tests/*"]), (public, STAFF_ONLY)):
        args = [sys.executable, "-P", "-m", "django", "makemessages", "--no-location", "--settings", "puente.settings"]  # fmt: skip
        args += [f"--locale={code}" for code in locales]
        args += [f"--ignore={pattern}" for pattern in ignore]
        done = subprocess.run(args, cwd=copy, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    untranslated = {}
    for locale in staff + public:
        with open(copy / "locale" / locale / "LC_MESSAGES" / "django.po", "rb") as h:
            fresh = read_po(h)
        committed = _catalog(locale.replace("_", "-").lower())
        missing = [
            m.id for m in fresh
            if m.id and not (committed.get(m.id, m.context) and committed.get(m.id, m.context).string)
        ]  # fmt: skip
        if missing:
            untranslated[locale] = missing
    assert untranslated == {}, (
        "Run `puente portalmessages` and translate the new strings."
    )
