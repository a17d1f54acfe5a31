from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency
from puente.lib.sizes import SIZE_BANDS
from puente.lib.widgets import DateInput
from puente.practices.models import Document, Practice, SearchEntry
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


class PracticeForm(forms.Form):
    """A practice as an agency proposes it, in one language."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    description = forms.CharField(
        label=_("Full description"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
    )
    outcomes = forms.CharField(
        label=_("Outcomes and evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    category = forms.ChoiceField(label=_("Category"), choices=Practice.Category.choices)
    principles = forms.MultipleChoiceField(
        label=_("Principles it serves"), widget=forms.CheckboxSelectMultiple
    )
    hours_per_week = forms.IntegerField(
        label=_("Staff hours per week"), required=False, min_value=0, max_value=168
    )
    cost_band = forms.ChoiceField(
        label=_("Cost"),
        required=False,
        choices=[("", _("Not known")), *Practice.Cost.choices],
    )
    suits_types = forms.MultipleChoiceField(
        label=_("Agency types it suits"),
        required=False,
        choices=Agency.Type.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    suits_sizes = forms.MultipleChoiceField(
        label=_("Agency sizes it suits"), required=False,
        choices=[(key, label) for key, _lo, _hi, label in SIZE_BANDS], widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    source = forms.CharField(
        label=_("Source"), required=False, max_length=1000,
        help_text=_("Where a reader can check this: a report, a policy number, a web page."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].choices = [
            (p.key, p.name) for p in Principle.objects.with_texts()
        ]


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "changes" and not cleaned.get("note", "").strip():
            raise forms.ValidationError(_("Say what should change."))
        return cleaned


class DocumentUploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    group = forms.ChoiceField(
        label=_("Kind of document"), choices=Document.Group.choices
    )
    language = forms.ChoiceField(
        label=_("Language of the document"), choices=settings.LANGUAGES
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=1000
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word (.docx), OpenDocument text (.odt), HTML or plain text, up to 20 MB."
        ),
    )


class AdoptionForm(forms.ModelForm):
    """Which library practice the agency runs, since when, through which program."""

    class Meta:
        from puente.practices.models import Adoption

        model = Adoption
        fields = ["practice", "program", "started_on", "ended_on", "note"]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = Practice.objects.filter(
            status="published"
        ).prefetch_related("texts")
        program_model = self._meta.model._meta.get_field("program").related_model
        self.fields["program"].queryset = program_model.objects.filter(agency=agency)
        self.fields["program"].required = False

    def clean(self):
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("It cannot stop before it started."))
        return data
