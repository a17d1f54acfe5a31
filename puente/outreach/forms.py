from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from puente.lib.languages import language_choices, language_name
from puente.outreach.models import Liaison, PartnerOrganization, Setting, Topic


class ContactForm(forms.Form):
    """A community contact in a few taps. It has no place for a resident's name or details."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    liaison = forms.ModelChoiceField(
        label=_("Liaison"), queryset=Liaison.objects.none()
    )
    setting = forms.ChoiceField(
        label=_("Where"), choices=Setting.choices, widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(label=_("Language used"))
    interpreter_used = forms.BooleanField(
        label=_("An interpreter helped"), required=False
    )
    partner = forms.ModelChoiceField(
        label=_("Partner organization (if any)"),
        queryset=PartnerOrganization.objects.none(),
        required=False,
    )
    follow_up_needed = forms.BooleanField(label=_("Follow-up needed"), required=False)

    def __init__(self, *args, agency, user, **kwargs):
        super().__init__(*args, **kwargs)
        liaisons = Liaison.objects.filter(agency=agency, active=True)
        self.fields["liaison"].queryset = liaisons
        self.fields["partner"].queryset = PartnerOrganization.objects.filter(
            agency=agency, status=PartnerOrganization.Status.ACTIVE
        )
        mine = liaisons.filter(user=user).first()
        self.fields["liaison"].initial = mine.pk if mine else None
        self.fields["date"].initial = timezone.localdate()
        community = list(agency.community_languages)
        choices = language_choices()
        first = [("en", language_name("en"))] + [
            (c, n) for c, n in choices if c in community
        ]
        rest = [(c, n) for c, n in choices if c not in community and c != "en"]
        self.fields["language"].choices = first + rest
        self.fields["language"].initial = community[0] if community else "en"


class QuarterFilterForm(forms.Form):
    quarter = forms.RegexField(
        label=_("Quarter"),
        regex=r"^\d{4}Q[1-4]$",
        required=False,
        help_text=_("For example 2026Q3."),
    )
    liaison = forms.ModelChoiceField(
        label=_("Liaison"),
        queryset=Liaison.objects.none(),
        required=False,
        empty_label=_("All liaisons"),
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["liaison"].queryset = Liaison.objects.filter(agency=agency)
