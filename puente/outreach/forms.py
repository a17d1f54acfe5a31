from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import WorkforceLanguage
from puente.lib.jobs import SpreadsheetUploadField
from puente.lib.languages import language_choices, language_name
from puente.lib.quarters import Quarter
from puente.lib.widgets import DateInput, QuickSelect
from puente.outreach.models import (
    AdvisoryMeeting,
    AdvisoryMember,
    Agreement,
    CommunityContact,
    CommunityProgram,
    Event,
    Goal,
    GoalReport,
    Liaison,
    MediaOutreach,
    PartnerOrganization,
    Recommendation,
    Setting,
    Topic,
    Training,
)
from puente.practices.models import Document, Status
from puente.principles.models import Principle


class ContactForm(forms.Form):
    """A community contact in a few taps. It has no place for a resident's name or details."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
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

    def __init__(self, *args, agency, user, last_liaison=None, **kwargs):
        super().__init__(*args, **kwargs)
        liaisons = Liaison.objects.filter(agency=agency, active=True)
        self.fields["liaison"].queryset = liaisons
        self.fields["partner"].queryset = PartnerOrganization.objects.filter(
            agency=agency, status=PartnerOrganization.Status.ACTIVE
        )
        # The liaison of the contact just saved, else the user's own: a liaison
        # logging several contacts in a row picks themselves once.
        mine = last_liaison or liaisons.filter(user=user).first()
        self.fields["liaison"].initial = mine.pk if mine else None
        self.fields["date"].initial = timezone.localdate()
        community = list(agency.community_languages)
        choices = language_choices()
        first = [("en", language_name("en"))] + [
            (c, n) for c, n in choices if c in community
        ]
        rest = [(c, n) for c, n in choices if c not in community and c != "en"]
        self.fields["language"].choices = first + rest
        # The liaison's own first language other than English, else the community's.
        spoken = [code for code in (mine.languages if mine else []) if code != "en"]
        self.fields["language"].initial = (
            spoken[0] if spoken else community[0] if community else "en"
        )


class QuarterFilterForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Quarter"), required=False, widget=QuickSelect)
    liaison = forms.ModelChoiceField(
        label=_("Liaison"),
        queryset=Liaison.objects.none(),
        required=False,
        empty_label=_("All liaisons"),
        widget=QuickSelect,
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["liaison"].queryset = Liaison.objects.filter(agency=agency)
        current = Quarter.of(timezone.localdate())
        quarters = [current]
        while len(quarters) < 12:
            quarters.append(quarters[-1].previous())
        self.fields["quarter"].choices = [
            (
                str(q),
                _("%(quarter)s (in progress)") % {"quarter": q}
                if q == current
                else str(q),
            )
            for q in quarters
        ]
        self.fields["quarter"].initial = str(current.previous())


def _language_field(label, *, required=True, multiple=False):
    choices = [("en", language_name("en"))] + [
        (c, n) for c, n in language_choices() if c != "en"
    ]
    if multiple:
        return forms.MultipleChoiceField(
            label=label, choices=choices, required=required,
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )  # fmt: skip
    return forms.ChoiceField(label=label, choices=choices, required=required)


def _date_widget():
    return DateInput()


PUBLIC_MODELS = (Principle,)


class AgencyModelForm(forms.ModelForm):
    """A form for one of an agency's records: every choice of another record is limited
    to the agency's own, so a foreign id posted by hand is simply an invalid choice."""

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = _date_widget()
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            model = queryset.model
            if model in PUBLIC_MODELS:
                continue
            if model is Document:
                field.queryset = Document.objects.filter(
                    Q(status=Status.PUBLISHED) | Q(contributed_by=agency)
                )
            elif model is Goal:
                field.queryset = Goal.objects.filter(program__agency=agency)
            elif any(f.name == "agency" for f in model._meta.fields):
                field.queryset = queryset.filter(agency=agency)
            elif model is get_user_model():
                field.queryset = queryset.filter(memberships__agency=agency)
            else:  # a new kind of choice must say how it is scoped
                raise ImproperlyConfigured(
                    f"{model} choices are not scoped to an agency"
                )


class ContactEditForm(AgencyModelForm):
    language = _language_field(_("Language used"))
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = CommunityContact
        fields = ["date", "liaison", "setting", "topics", "language",
                  "interpreter_used", "partner", "follow_up_needed"]  # fmt: skip


class LiaisonForm(AgencyModelForm):
    languages = _language_field(_("Languages spoken"), required=False, multiple=True)

    class Meta:
        model = Liaison
        fields = ["name", "user", "languages", "active"]
        labels = {"user": _("Their account (if they sign in)")}


class PartnerForm(AgencyModelForm):
    class Meta:
        model = PartnerOrganization
        fields = ["name", "kind", "status", "contact_name", "contact_email",
                  "contact_phone", "notes"]  # fmt: skip
        help_texts = {
            "contact_name": _(
                "Removed automatically once the partnership has been inactive for the retention period."
            )
        }


class AgreementForm(AgencyModelForm):
    class Meta:
        model = Agreement
        fields = ["partner", "kind", "title", "signed_on", "ends_on"]


class EventForm(AgencyModelForm):
    languages = _language_field(_("Languages"), multiple=True)

    class Meta:
        model = Event
        fields = ["title", "kind", "date", "starts_at", "ends_at", "place", "languages",
                  "interpretation_provided", "partners", "program", "attendance",
                  "follow_ups", "public"]  # fmt: skip
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class MediaForm(AgencyModelForm):
    language = _language_field(_("Language"))

    class Meta:
        model = MediaOutreach
        fields = ["date", "channel", "outlet", "subject", "language",
                  "estimated_reach", "program"]  # fmt: skip


class TrainingForm(AgencyModelForm):
    language = _language_field(_("Language"))

    class Meta:
        model = Training
        fields = ["title", "kind", "audience", "date", "hours", "attendees",
                  "language", "curriculum", "program"]  # fmt: skip


class WorkforceLanguageForm(AgencyModelForm):
    language = _language_field(_("Language"))

    class Meta:
        model = WorkforceLanguage
        fields = ["language", "level", "staff", "sworn"]

    def clean(self):
        data = super().clean()
        sworn, staff = data.get("sworn"), data.get("staff")
        if sworn is not None and staff is not None and sworn > staff:
            self.add_error(
                "sworn", _("Sworn officers cannot outnumber the staff count.")
            )
        duplicate = WorkforceLanguage.objects.filter(
            agency=self.agency, language=data.get("language"), level=data.get("level")
        ).exclude(pk=self.instance.pk)
        if duplicate.exists():
            self.add_error("level", _("This language and level are already recorded."))
        return data


class AdvisoryMemberForm(AgencyModelForm):
    class Meta:
        model = AdvisoryMember
        fields = ["name", "affiliation", "joined_on", "left_on", "show_publicly"]


class AdvisoryMeetingForm(AgencyModelForm):
    class Meta:
        model = AdvisoryMeeting
        fields = ["date", "place", "attendance", "minutes", "minutes_public"]


class RecommendationForm(AgencyModelForm):
    class Meta:
        model = Recommendation
        fields = ["made_on", "meeting", "text", "status", "response", "closed_on"]


class ProgramForm(AgencyModelForm):
    class Meta:
        model = CommunityProgram
        fields = ["name", "description", "principles", "owner", "started_on", "ended_on",
                  "funding", "funding_note", "written_policy", "budget_line",
                  "trained_people"]  # fmt: skip
        widgets = {"principles": forms.CheckboxSelectMultiple}


class GoalForm(AgencyModelForm):
    class Meta:
        model = Goal
        fields = ["program", "title", "metric", "quarterly_target"]


class GoalReportForm(AgencyModelForm):
    class Meta:
        model = GoalReport
        fields = ["goal", "quarter", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = self.fields["goal"].queryset.filter(
            metric=Goal.Metric.REPORTED
        )

    def clean(self):
        data = super().clean()
        taken = GoalReport.objects.filter(
            goal=data.get("goal"), quarter=(data.get("quarter") or "").upper()
        ).exclude(pk=self.instance.pk)
        if data.get("goal") and taken.exists():
            self.add_error(
                "quarter", _("This goal already has a figure for the quarter.")
            )
        return data


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("contacts", _("Community contacts")), ("events", _("Events"))],
        widget=forms.RadioSelect,
    )
    file = SpreadsheetUploadField(
        help_text=_(
            "The first row names the columns. Nothing is imported unless every row is correct."
        ),
    )
