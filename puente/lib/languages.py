"""Languages of the communities agencies serve, named in the reader's language.

The codes are ISO 639 (BCP 47 where a script matters); names come from the
Unicode CLDR data that Babel ships, so no list of names is kept here.
"""

import unicodedata

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

# Languages named in the sources and in the Census ACS B16001 language groups.
COMMUNITY_LANGUAGES = [
    "es", "zh", "vi", "ko", "tl", "ar", "fr", "ht", "pt", "ru", "so", "hmn", "lo",
    "km", "am", "ti", "om", "sw", "yo", "ig", "ne", "hi", "ur", "bn", "pa", "gu",
    "te", "ta", "ml", "fa", "ps", "hy", "pl", "uk", "sr", "bs", "it", "de", "el",
    "he", "ja", "th", "my", "ilo", "sm", "haw", "nv", "yi",
]  # fmt: skip


def language_name(code: str, locale: str | None = None) -> str:
    """The name of language `code` in `locale` (default: the active language)."""
    display = (locale or get_language() or "en").replace("-", "_")
    try:
        names = Locale.parse(display).languages
    except (UnknownLocaleError, ValueError):
        names = Locale("en").languages
    return names.get(code) or Locale("en").languages.get(code) or code


def is_known_language(code: str) -> bool:
    """English, a community language, or any language CLDR can name."""
    return bool(code) and (
        code == "en" or code in COMMUNITY_LANGUAGES or code in Locale("en").languages
    )


def language_choices(locale: str | None = None) -> list[tuple[str, str]]:
    return sorted(
        ((code, language_name(code, locale)) for code in COMMUNITY_LANGUAGES),
        key=lambda pair: _sort_key(pair[1]),
    )


def _sort_key(name: str) -> str:
    """Alphabetical as a reader expects: accents do not move a name to the end."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def active_language() -> str:
    """The active interface language as a bare code ("es" for "es-mx")."""
    return (get_language() or "en").split("-")[0]


def localized(labels: dict, language: str | None = None) -> str:
    """The text for `language` (default: the active one) from a {code: text} map,
    else the English, else any."""
    return (
        labels.get(language or active_language())
        or labels.get("en")
        or next(iter(labels.values()), "")
    )
