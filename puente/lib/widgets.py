"""Form widgets shared by every app: a date picker that never localizes its value, and
a select rendered in Python instead of a template per option."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always written as 2026-11-30 (the only form
    `<input type="date">` accepts, per the HTML standard), never in the page's locale:
    Django's Spanish format, 30/11/2026, made the browser show the field empty, and a
    form saved from that page cleared the date it had held."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class QuickSelect(forms.Select):
    """A `<select>` with the same markup as Django's, built without a template per option:
    a filter form with a few dozen options (quarters, liaisons) spent more time in
    Django's option templates than the rest of the outreach dashboard."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, choices, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in choices),
            )
            if group_name:
                rendered = format_html(
                    '<optgroup label="{}">{}</optgroup>', group_name, rendered
                )
            options.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),  # noqa: S308 - each part escaped above
        )
