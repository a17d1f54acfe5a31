from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency
from puente.lib.sizes import SIZE_BANDS
from puente.practices.models import Practice, SearchEntry
from puente.principles.models import Principle


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=200)
    principle = forms.ChoiceField(label=_("Principle"), required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Practice.Category.choices],
    )
    agency_type = forms.ChoiceField(
        label=_("Suits agencies of type"),
        required=False,
        choices=[("", _("Any type")), *Agency.Type.choices],
    )
    size = forms.ChoiceField(
        label=_("Suits agencies serving"), required=False,
        choices=[("", _("Any size")), *[(key, label) for key, _lo, _hi, label in SIZE_BANDS]],
    )  # fmt: skip
    cost = forms.ChoiceField(
        label=_("Cost"),
        required=False,
        choices=[("", _("Any cost")), *Practice.Cost.choices],
    )
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything")), *SearchEntry.Kind.choices],
    )
    language = forms.ChoiceField(
        label=_("Language of the material"),
        required=False,
        choices=[("", _("Any language")), *settings.LANGUAGES],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].choices = [("", _("All principles"))] + [
            (p.key, p.name) for p in Principle.objects.with_texts()
        ]

    def filter(self, entries):
        data = self.cleaned_data
        for field, column in (
            ("principle", "principles"),
            ("agency_type", "suits_types"),
            ("size", "suits_sizes"),
        ):
            if data.get(field):
                entries = entries.filter(**{f"{column}__contains": f" {data[field]} "})
        for field, column in (
            ("category", "category"),
            ("cost", "cost_band"),
            ("kind", "kind"),
            ("language", "language"),
        ):
            if data.get(field):
                entries = entries.filter(**{column: data[field]})
        return entries
