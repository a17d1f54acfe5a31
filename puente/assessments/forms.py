from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency
from puente.assessments.models import Campaign, RespondentType, Review
from puente.lib.jobs import SpreadsheetUploadField
from puente.lib.languages import localized
from puente.lib.regions import STATE_REGION
from puente.lib.sizes import SIZE_BANDS
from puente.lib.widgets import DateInput


def _choices(item: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
    return [(o["value"], localized(o["label"], language)) for o in item["options"]]


def item_field(item: Mapping[str, Any], language: str) -> forms.Field:
    """A form field for one questionnaire item; answers stay optional until submission."""
    common = {
        "label": localized(item["label"], language),
        "help_text": localized(item.get("hint") or {}, language),
        "required": False,
    }
    kind = item["type"]
    if kind in ("single", "yesno"):
        return forms.ChoiceField(
            choices=_choices(item, language), widget=forms.RadioSelect, **common
        )
    if kind == "multiple":
        return forms.MultipleChoiceField(
            choices=_choices(item, language),
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == "number":
        return forms.IntegerField(
            min_value=item["min"], max_value=item["max"], **common
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common
    )


class SectionForm(forms.Form):
    """The items of one questionnaire page."""

    def __init__(
        self,
        *args,
        items: list[Mapping[str, Any]],
        language: str,
        required: set[str],
        conditions: Mapping[str, tuple[str, list[str]]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        for item in items:
            field = item_field(item, language)
            field.puente_required = item["id"] in required
            field.puente_condition = (conditions or {}).get(item["id"])
            self.fields[item["id"]] = field


class StartSelfAssessmentForm(forms.Form):
    respondent_type = forms.ChoiceField(
        label=_("Who is answering?"),
        choices=RespondentType.choices,
        initial=RespondentType.COMMAND,
        widget=forms.RadioSelect,
        help_text=_(
            "Questions differ for command staff, line officers, civilian staff and community partners."
        ),
    )


class InviteAgenciesForm(forms.Form):
    """Which registry agencies to add; no filter at all means every agency in the registry."""

    states = forms.CharField(
        label=_("States"),
        required=False,
        help_text=_("Two-letter abbreviations separated by spaces, e.g. MN IA FL."),
    )
    types = forms.MultipleChoiceField(
        label=_("Types"),
        required=False,
        choices=Agency.Type.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    size_bands = forms.MultipleChoiceField(
        label=_("Population served"),
        required=False,
        choices=[(key, label) for key, _low, _high, label in SIZE_BANDS],
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_states(self) -> list[str]:
        states = [
            s.upper() for s in self.cleaned_data["states"].replace(",", " ").split()
        ]
        bad = [s for s in states if s not in STATE_REGION]
        if bad:
            raise forms.ValidationError(
                _("Unknown state abbreviation(s): %(states)s.")
                % {"states": ", ".join(bad)}
            )
        return states


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Review.Recommendation.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    notes_public = forms.BooleanField(
        label=_("These notes may be published in the agency's profile"), required=False
    )

    def __init__(
        self, *args, rubric: list[dict], language: str, instance=None, **kwargs
    ):
        if instance is not None and not args:
            kwargs.setdefault(
                "initial",
                {
                    **{f"score_{k}": v for k, v in instance.scores.items()},
                    "recommendation": instance.recommendation,
                    "notes": instance.notes,
                    "notes_public": instance.notes_public,
                },
            )
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        criteria = {}
        for criterion in rubric:
            criteria[f"score_{criterion['key']}"] = forms.TypedChoiceField(
                label=localized(criterion["label"], language),
                choices=[
                    (n, str(n)) for n in range(criterion["min"], criterion["max"] + 1)
                ],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                help_text=_("%(min)d = weak, %(max)d = strong")
                % {"min": criterion["min"], "max": criterion["max"]},
            )
        self.fields = {**criteria, **self.fields}

    def scores(self) -> dict[str, int]:
        return {c["key"]: self.cleaned_data[f"score_{c['key']}"] for c in self.rubric}


class CampaignForm(forms.ModelForm):
    reminder_days = forms.CharField(
        label=_("Reminders, in days after the invitation"),
        initial="7 14",
        required=False,
        help_text=_(
            "Whole numbers separated by spaces, e.g. 7 14: the invitation and two reminders over three weeks."
        ),
    )
    respondent_types = forms.MultipleChoiceField(
        label=_("Who is invited at each agency"),
        choices=RespondentType.choices,
        initial=list(RespondentType.values),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Campaign
        # A campaign starts as a draft; opening and closing are confirmed steps.
        fields = ["name", "slug", "opens_on", "closes_on"]
        error_messages = {
            "slug": {
                "unique": _(
                    "Another campaign already uses this short name; choose another."
                )
            }
        }
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }

    def clean_reminder_days(self) -> list[int]:
        try:
            days = sorted(
                {
                    int(d)
                    for d in self.cleaned_data["reminder_days"]
                    .replace(",", " ")
                    .split()
                }
            )
        except ValueError:
            raise forms.ValidationError(
                _("Use whole numbers separated by spaces, e.g. 7 14.")
            ) from None
        if any(d < 1 or d > 120 for d in days):
            raise forms.ValidationError(
                _("Each reminder comes 1 to 120 days after the invitation.")
            )
        return days

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            raise forms.ValidationError(_("The campaign cannot close before it opens."))
        return cleaned


class CampaignEditForm(CampaignForm):
    """The campaign's settings after creation; its short name stays, since survey
    links and addresses carry it."""

    class Meta(CampaignForm.Meta):
        fields = ["name", "opens_on", "closes_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["reminder_days"] = " ".join(
                str(d) for d in self.instance.reminder_days or []
            )
            self.initial["respondent_types"] = self.instance.respondent_types or list(
                RespondentType.values
            )


class ResponseImportForm(forms.Form):
    file = SpreadsheetUploadField(
        help_text=_(
            "One row per response: Puente's template (columns agency, respondent_type "
            "and one per question id), or a KoboToolbox or ODK Central export. Nothing "
            "is imported unless every row is correct."
        ),
    )
