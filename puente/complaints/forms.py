from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Membership
from puente.complaints.models import (
    CertificationRequest,
    Complaint,
    FollowUp,
    FollowUpTemplate,
)
from puente.lib.widgets import DateInput


def portal_language_choices() -> list[tuple[str, str]]:
    from django.utils.translation import get_language_info

    return [
        (code, get_language_info(code)["name_local"])
        for code in settings.PORTAL_LANGUAGES
    ]


class ComplaintUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Complaint.Status.choices)
    assigned_to = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=Membership.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "—"), *Complaint.Outcome.choices],
        required=False,
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = Membership.objects.filter(
            agency=agency, role__in=["admin", "staff"]
        ).select_related("user")
        self.fields["assigned_to"].label_from_instance = lambda m: m.user.email


class ComplaintReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea, max_length=4000)
    language = forms.ChoiceField(
        label=_("Language of the reply"), choices=portal_language_choices
    )
    translation = forms.CharField(
        label=_("Translated by"), max_length=200, required=False,
        help_text=_("Who translated the reply, or how. Needed for any language but English."),
    )  # fmt: skip


class CertificationRequestForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language of the requester"), choices=portal_language_choices
    )

    class Meta:
        model = CertificationRequest
        fields = [
            "form", "received_on", "requester_kind", "crime", "language", "report_number",
            "status", "decline_reason", "certifying_official", "review_started_on",
            "decided_on",
        ]  # fmt: skip
        widgets = {
            "received_on": DateInput,
            "review_started_on": DateInput,
            "decided_on": DateInput,
        }


class CertificationSettingsForm(forms.Form):
    own_days = forms.IntegerField(
        label=_("Our own limit in days"), required=False, min_value=1, max_value=365,
        help_text=_("Leave empty to use the state's limit, where a statute sets one."),
    )  # fmt: skip


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("After"), choices=FollowUpTemplate.Kind.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=FollowUp.Topic.choices)
    language = forms.ChoiceField(
        label=_("Language of the resident"), choices=portal_language_choices
    )
    channel = forms.ChoiceField(label=_("By"), choices=FollowUp.Channel.choices)
    recipient = forms.CharField(label=_("Email or phone"), max_length=254)
    consent = forms.BooleanField(
        label=_("The resident agreed to receive this message"), required=False
    )

    def clean(self):
        data = super().clean()
        recipient = data.get("recipient", "")
        if data.get("channel") == FollowUp.Channel.EMAIL and recipient:
            try:
                forms.EmailField().clean(recipient)
            except forms.ValidationError:
                self.add_error("recipient", _("Enter a valid email address."))
        elif data.get("channel") == FollowUp.Channel.TEXT and recipient:
            digits = [c for c in recipient if c.isdigit()]
            if not 7 <= len(digits) <= 15 or any(
                c not in "+0123456789 ()-." for c in recipient
            ):
                self.add_error("recipient", _("Enter a phone number."))
        return data


class FollowUpTemplateForm(forms.Form):
    kind = forms.ChoiceField(label=_("After"), choices=FollowUpTemplate.Kind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=portal_language_choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea, max_length=1000)
