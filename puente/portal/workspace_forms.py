from django import forms
from django.utils.translation import gettext_lazy as _

from puente.language_access.models import VitalDocument
from puente.portal.models import BODY_MAX_LENGTH, Tag


class PortalTextForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Plain text. An empty line starts a new paragraph. Any HTML is shown as written, never run."
        ),
    )


class PortalSettingsForm(forms.Form):
    non_emergency_phone = forms.CharField(
        label=_("Non-emergency phone number"), max_length=40, required=False
    )
    feedback_open = forms.BooleanField(
        label=_("The anonymous survey accepts answers"), required=False
    )
    policy_needs_second_person = forms.BooleanField(
        label=_("A second admin or publisher approves the enforcement policy"),
        required=False,
        help_text=_(
            "When ticked, publishing the policy on local policing and immigration "
            "enforcement waits until another person approves it."
        ),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents offered for download on the public page"),
        queryset=VitalDocument.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the documents you tick here can be downloaded by anyone."),
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = VitalDocument.objects.filter(agency=agency)


class TagForm(forms.Form):
    tags = forms.MultipleChoiceField(
        label=_("Tags"),
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CommentFilterForm(forms.Form):
    quarter = forms.CharField(label=_("Quarter"), required=False, max_length=6)
    tag = forms.ChoiceField(
        label=_("Tag"),
        required=False,
        choices=[("", _("All")), ("untagged", _("Not tagged yet")), *Tag.choices],
    )


class TranslationImportForm(forms.Form):
    file = forms.FileField(label=_("XLIFF or PO file from the translator"))
    translator = forms.CharField(
        label=_("Translated by"),
        max_length=120,
        help_text=_("The translator or agency, as it should be noted on the drafts."),
    )
