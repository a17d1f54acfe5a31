"""Dates, numbers, language names and labels for the portal's pages, in the page's
language, from CLDR (Babel) where it has the language, never in another language's words."""

from datetime import datetime

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from puente.lib.languages import language_name
from puente.portal.labels import AGENCY_TYPES, DOCUMENT_KINDS, PARTNER_KINDS
from puente.portal.languages import babel_locale

register = template.Library()


def _locale() -> str | None:
    return babel_locale(get_language() or "en")


@register.filter
def portal_date(value) -> str:
    """A date written out in the page's language, or as 2026-05-14 where CLDR has no
    data for the language."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    locale = _locale()
    if locale is None:
        return value.isoformat()
    return format_date(value, format="long", locale=locale)


@register.filter
def portal_number(value) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=_locale() or "en")


@register.filter
def percent(value) -> str:
    if value is None:
        return ""
    return format_percent(value, locale=_locale() or "en")


@register.filter
def interval(bounds) -> str:
    if not bounds:
        return ""
    low, high = bounds
    return f"{percent(low)}–{percent(high)}"


@register.filter
def language_label(code: str) -> str:
    """The name of a language in the page's language (English where CLDR has none)."""
    return language_name(code, _locale() or "en")


@register.filter
def language_list(codes) -> str:
    return ", ".join(language_label(code) for code in codes or [])


@register.filter
def text_direction(code: str) -> str:
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


@register.filter
def agency_type_label(value: str) -> str:
    return str(AGENCY_TYPES.get(value, value))


@register.filter
def partner_kind_label(value: str) -> str:
    return str(PARTNER_KINDS.get(value, value))


@register.filter
def document_label(document) -> str:
    return document.title or str(DOCUMENT_KINDS.get(document.kind, document.kind))


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def ltr(value) -> str:
    """`value` isolated as left-to-right text. In an Arabic sentence a case number such as
    2026-00007 otherwise shows as 00007-2026: after Arabic letters its digits count as
    Arabic numbers, and the hyphen between them takes the sentence's direction."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)
