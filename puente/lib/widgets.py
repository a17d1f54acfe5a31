"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always written as 2026-11-30 (the only form
    `<input type="date">` accepts, per the HTML standard), never in the page's locale:
    Django's Spanish format, 30/11/2026, made the browser show the field empty, and a
    form saved from that page cleared the date it had held."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")
