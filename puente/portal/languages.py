"""The portal's languages, read from `settings.PORTAL_LANGUAGES` (the one list) and
Django's language info, and the choice of a language for a visitor who names none."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation.trans_real import parse_accept_lang_header

# Babel (CLDR) names some of the codes differently; Hmong has no CLDR locale.
_BABEL_LOCALES = {"zh-hans": "zh_Hans", "zh-hant": "zh_Hant", "tl": "fil"}
_NO_CLDR = {"hmn"}
# How browsers commonly ask for the portal's languages.
_ALIASES = {
    "zh-cn": "zh-hans", "zh-sg": "zh-hans", "zh-my": "zh-hans", "zh": "zh-hans",
    "zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant", "fil": "tl",
}  # fmt: skip


@dataclass(frozen=True)
class PortalLanguage:
    code: str
    name: str
    name_local: str
    bidi: bool


def portal_language_codes() -> list[str]:
    return list(settings.PORTAL_LANGUAGES)


def portal_languages() -> list[PortalLanguage]:
    languages = []
    for code in settings.PORTAL_LANGUAGES:
        info = get_language_info(code)
        languages.append(
            PortalLanguage(code, info["name"], info["name_local"], info["bidi"])
        )
    return languages


def is_portal_language(code: str) -> bool:
    return code in settings.PORTAL_LANGUAGES


def babel_locale(code: str) -> str | None:
    """The Babel locale for a portal language, None where CLDR has none."""
    if code in _NO_CLDR:
        return None
    return _BABEL_LOCALES.get(code, code)


def best_language(accept_language: str) -> str:
    """The first portal language the visitor's browser asks for, else English."""
    for requested, _quality in parse_accept_lang_header(accept_language or ""):
        requested = requested.lower()
        for candidate in (requested, requested.split("-")[0]):
            code = _ALIASES.get(candidate, candidate)
            if is_portal_language(code):
                return code
    return settings.LANGUAGE_CODE
