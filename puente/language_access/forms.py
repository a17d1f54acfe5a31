import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from puente.language_access.models import VitalDocument
from puente.language_access.services import MAX_ACS_BYTES
from puente.lib.languages import language_choices, language_name
from puente.lib.widgets import DateInput

MAX_ACS_FILES = 5
_GEOID = re.compile(r"^[0-9A-Za-z]{1,40}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


def _checked_acs_files(files: list) -> list:
    """At most MAX_ACS_FILES files of at most MAX_ACS_BYTES each: refused on the form,
    before they are stored for the worker."""
    if len(files) > MAX_ACS_FILES:
        raise forms.ValidationError(_("Upload at most 5 files at a time."))
    for upload in files:
        if upload.size > MAX_ACS_BYTES:
            raise forms.ValidationError(
                _("The file %(name)s is larger than 20 MB.")
                % {"name": upload.name[:80]}
            )
    return files


class AgeImportForm(forms.Form):
    files = MultipleFileField(
        label=_("ACS files (B01001, sex by age)"),
        help_text=_(
            "The data.census.gov CSV, or Census API output as JSON or CSV, with rows for "
            "the agency's geographies; up to 5 files of the same year."
        ),
    )
    vintage = forms.IntegerField(
        label=_("ACS year"),
        required=False,
        min_value=2005,
        max_value=2100,
        help_text=_("Only when the file names do not carry it."),
    )

    def clean_files(self):
        return _checked_acs_files(self.cleaned_data["files"])


class AcsImportForm(forms.Form):
    files = MultipleFileField(
        label=_("ACS files (C16001 or B16001)"),
        help_text=_(
            "The data.census.gov CSV, or Census API output as JSON or CSV; up to 5 files "
            "of the same table and year."
        ),
    )
    geoids = forms.CharField(
        label=_("GEOIDs of the jurisdiction"),
        help_text=_(
            "One or more, separated by commas or spaces, e.g. 0500000US27053 or 27053 "
            "(a county), 1600000US2743000 (a place). Their figures are added up."
        ),
        max_length=2000,
    )
    vintage = forms.IntegerField(
        label=_("ACS year"),
        required=False,
        min_value=2005,
        max_value=2100,
        help_text=_("Only when the file names do not carry it."),
    )

    def clean_files(self):
        return _checked_acs_files(self.cleaned_data["files"])

    def clean_geoids(self):
        geoids = [g for g in re.split(r"[\s,;]+", self.cleaned_data["geoids"]) if g]
        bad = [g for g in geoids if not _GEOID.match(g)]
        if bad:
            raise forms.ValidationError(
                _("“%(geoid)s” is not a GEOID.") % {"geoid": bad[0][:40]}
            )
        if not geoids:
            raise forms.ValidationError(_("Give at least one GEOID."))
        return geoids


class VitalDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VitalDocument.Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Required for the agency's own documents (“Other”)."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=1000, widget=forms.Textarea
    )


class TranslationUploadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the translation"))
    translated_on = forms.DateField(
        label=_("Date of the translation"),
        widget=DateInput(),
    )
    reviewed_by = forms.CharField(
        label=_("Reviewed by"),
        max_length=200,
        help_text=_(
            "The reviewer's name or role, e.g. “certified court interpreter” or “Somali "
            "community liaison”."
        ),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word (.docx), OpenDocument text (.odt), HTML or plain text, up to 20 MB."
        ),
    )

    def __init__(self, *args, suggested: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        suggested = [code for code in (suggested or []) if code != "en"]
        rest = [(c, n) for c, n in language_choices() if c not in suggested]
        self.fields["language"].choices = [
            (code, language_name(code)) for code in suggested
        ] + rest
        if suggested:
            self.fields["language"].initial = suggested[0]

    def clean_translated_on(self):
        value = self.cleaned_data["translated_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class VitalDocumentEditForm(forms.Form):
    title = VitalDocumentForm.base_fields["title"]
    description = VitalDocumentForm.base_fields["description"]


class InterpreterUseForm(forms.Form):
    used_on = forms.DateField(label=_("Date"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language"), choices=())
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    mode = forms.ChoiceField(label=_("Mode"), choices=())
    vendor = forms.CharField(label=_("Vendor"), max_length=120, required=False)
    cost = forms.DecimalField(
        label=_("Cost (USD)"), required=False, min_value=0, max_digits=10,
        decimal_places=2,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        from puente.language_access.models import InterpreterUse
        from puente.lib.languages import language_choices

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["mode"].choices = InterpreterUse.Mode.choices


class InterpreterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Vendor statement (CSV or XLSX)"),
        help_text=_(
            "One row per use, with the columns date, language, minutes, mode and, if you have them, vendor and cost."
        ),
    )
    vendor = forms.CharField(
        label=_("Vendor"), max_length=120, required=False,
        help_text=_("Used for rows that name no vendor."),
    )  # fmt: skip
