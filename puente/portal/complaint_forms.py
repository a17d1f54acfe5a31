"""The complaint and commendation form of the portal. It never asks about immigration
status; every field but the kind and the account of what happened is optional."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from puente.lib.widgets import DateInput
from puente.portal.labels import COMPLAINT_KINDS

TEXT_MAX = 4000


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Is this a complaint or a commendation?"),
        choices=list(COMPLAINT_KINDS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the answers.")},
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Please describe what happened.")},
    )
    occurred_on = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date such as 2026-05-14.")},
    )
    place = forms.CharField(
        label=_("Where did it happen?"),
        help_text=_("An area, a street or a landmark. Not your home address."),
        required=False,
        max_length=120,
    )
    officers = forms.CharField(
        label=_("Officers involved, if you know them"),
        help_text=_("Names or badge numbers."),
        required=False,
        max_length=300,
    )
    contact_name = forms.CharField(label=_("Name"), required=False, max_length=120)
    contact_email = forms.EmailField(
        label=_("Email"),
        required=False,
        error_messages={"invalid": _("Enter a valid email address.")},
    )
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=40)

    def clean_what_happened(self) -> str:
        text = self.cleaned_data["what_happened"].strip()
        if len(text) > TEXT_MAX:
            raise forms.ValidationError(
                _(
                    "Please shorten your text to %(limit)s characters; it has %(length)s. Nothing was lost: your text is still here."
                ),
                params={"limit": TEXT_MAX, "length": len(text)},
            )
        return text

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return day

    def contact_fields(self):
        return [self["contact_name"], self["contact_email"], self["contact_phone"]]
