from django import forms
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency
from puente.agencies.roles import AgencyRole, ProgramRole
from puente.agencies.services import PROFILE_FIELDS
from puente.lib.languages import COMMUNITY_LANGUAGES, language_choices
from puente.lib.widgets import DateInput


class AgencyProfileForm(forms.ModelForm):
    community_languages = forms.MultipleChoiceField(
        label=_("Languages spoken in the community"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every language with a sizeable community of speakers."),
    )

    class Meta:
        model = Agency
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community_languages"].choices = language_choices()

    def clean_community_languages(self) -> list[str]:
        chosen = set(self.cleaned_data["community_languages"])
        return [code for code in COMMUNITY_LANGUAGES if code in chosen]

    def clean(self):
        cleaned = super().clean()
        has_lat = cleaned.get("latitude") is not None
        has_lon = cleaned.get("longitude") is not None
        if has_lat != has_lon:
            raise forms.ValidationError(
                _("Give both latitude and longitude, or neither.")
            )
        return cleaned


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=AgencyRole.choices)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class ProgramMemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ProgramRole.choices)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=AgencyRole.choices)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, city, county or ORI"), required=False, max_length=100
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    agency_type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *Agency.Type.choices],
    )

    def __init__(self, *args, states: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states"))] + [
            (s, s) for s in states
        ]


class AuditFilterForm(forms.Form):
    """Filters of the audit log page; every field optional."""

    who = forms.CharField(label=_("Who"), required=False, max_length=254)
    action = forms.ChoiceField(label=_("Action"), required=False)
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, kinds: list[tuple[str, str]] = (), **kwargs):
        from puente.audit.models import AuditEvent

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any"))] + list(
            AuditEvent.Action.choices
        )
        self.fields["kind"].choices = [("", _("Any"))] + list(kinds)
