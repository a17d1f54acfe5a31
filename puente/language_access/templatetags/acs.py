from django import template

from puente.language_access.labels import acs_label as _acs_label

register = template.Library()


@register.filter
def acs_label(label: str) -> str:
    """`{{ group.label|acs_label }}`: an ACS language group in the reader's language."""
    return _acs_label(label)
