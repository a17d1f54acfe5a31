"""The workspace's registers: each kind of outreach record, its form, how it is scoped to
an agency and what its list shows. One list view, one form view and one delete view
serve them all, so every register gets the same access checks."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency, WorkforceLanguage
from puente.lib.languages import language_name
from puente.outreach import forms
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
    Training,
)


def _date(field: str) -> Callable[[Any], str]:
    return lambda obj: (
        date_format(getattr(obj, field), "SHORT_DATE_FORMAT")
        if getattr(obj, field)
        else ""
    )


def _display(field: str) -> Callable[[Any], str]:
    return lambda obj: getattr(obj, f"get_{field}_display")()


def _attr(path: str) -> Callable[[Any], Any]:
    def read(obj):
        for part in path.split("."):
            obj = getattr(obj, part, None) if obj is not None else None
        return "" if obj is None else obj

    return read


def _languages(field: str) -> Callable[[Any], str]:
    return lambda obj: ", ".join(language_name(c) for c in getattr(obj, field) or [])


def _yes_no(field: str) -> Callable[[Any], str]:
    return lambda obj: _("yes") if getattr(obj, field) else _("no")


@dataclass(frozen=True)
class Register:
    key: str
    model: type[models.Model]
    form: type[forms.AgencyModelForm]
    title: str
    add_label: str
    columns: tuple[tuple[str, Callable[[Any], Any]], ...]
    scope: str = "agency"
    related: tuple[str, ...] = ()
    group: str = "outreach"

    def queryset(self, agency: Agency) -> models.QuerySet:
        return self.model.objects.filter(**{self.scope: agency}).select_related(
            *self.related
        )


REGISTERS = {
    r.key: r
    for r in [
        Register(
            "contacts", CommunityContact, forms.ContactEditForm,
            _("Community contacts"), _("Log a community contact"),
            (
                (_("Date"), _date("date")), (_("Liaison"), _attr("liaison")),
                (_("Where"), _display("setting")), (_("Language"), lambda o: language_name(o.language)),
                (_("Partner"), _attr("partner")), (_("Follow-up"), _yes_no("follow_up_needed")),
            ),
            related=("liaison", "partner"),
        ),
        Register(
            "liaisons", Liaison, forms.LiaisonForm, _("Liaisons"), _("Add a liaison"),
            ((_("Name"), _attr("name")), (_("Languages"), _languages("languages")),
             (_("Active"), _yes_no("active"))),
        ),
        Register(
            "partners", PartnerOrganization, forms.PartnerForm,
            _("Partner organizations"), _("Add a partner organization"),
            ((_("Name"), _attr("name")), (_("Kind"), _display("kind")),
             (_("Status"), _display("status"))),
        ),
        Register(
            "agreements", Agreement, forms.AgreementForm, _("Agreements"), _("Add an agreement"),
            ((_("Title"), _attr("title")), (_("Partner"), _attr("partner")),
             (_("Kind"), _display("kind")), (_("Signed"), _date("signed_on")),
             (_("Ends"), _date("ends_on"))),
            scope="partner__agency", related=("partner",),
        ),
        Register(
            "events", Event, forms.EventForm, _("Events"), _("Add an event"),
            ((_("Date"), _date("date")), (_("Title"), _attr("title")), (_("Kind"), _display("kind")),
             (_("Languages"), _languages("languages")),
             (_("Interpretation"), _yes_no("interpretation_provided")),
             (_("Attendance"), _attr("attendance"))),
        ),
        Register(
            "media", MediaOutreach, forms.MediaForm, _("Media outreach"), _("Add media outreach"),
            ((_("Date"), _date("date")), (_("Channel"), _display("channel")),
             (_("Outlet"), _attr("outlet")), (_("Language"), lambda o: language_name(o.language)),
             (_("Estimated reach"), _attr("estimated_reach"))),
        ),
        Register(
            "trainings", Training, forms.TrainingForm, _("Trainings"), _("Add a training"),
            ((_("Date"), _date("date")), (_("Title"), _attr("title")), (_("Kind"), _display("kind")),
             (_("For"), _display("audience")), (_("Hours"), _attr("hours")),
             (_("Attendees"), _attr("attendees")), (_("Curriculum"), _attr("curriculum"))),
            related=("curriculum",),
        ),
        Register(
            "workforce", WorkforceLanguage, forms.WorkforceLanguageForm,
            _("Workforce languages"), _("Add a language skill"),
            ((_("Language"), lambda o: language_name(o.language)), (_("Level"), _display("level")),
             (_("Staff"), _attr("staff")), (_("Of whom sworn"), _attr("sworn"))),
            group="people",
        ),
        Register(
            "members", AdvisoryMember, forms.AdvisoryMemberForm,
            _("Advisory board members"), _("Add a board member"),
            ((_("Name"), _attr("name")), (_("Affiliation"), _attr("affiliation")),
             (_("Joined"), _date("joined_on")), (_("Left"), _date("left_on"))),
            group="advisory",
        ),
        Register(
            "meetings", AdvisoryMeeting, forms.AdvisoryMeetingForm,
            _("Advisory board meetings"), _("Add a meeting"),
            ((_("Date"), _date("date")), (_("Place"), _attr("place")),
             (_("Attendance"), _attr("attendance")), (_("Minutes public"), _yes_no("minutes_public"))),
            group="advisory",
        ),
        Register(
            "recommendations", Recommendation, forms.RecommendationForm,
            _("Advisory board recommendations"), _("Add a recommendation"),
            ((_("Made"), _date("made_on")), (_("Recommendation"), lambda o: str(o)),
             (_("Status"), _display("status")), (_("Closed"), _date("closed_on"))),
            group="advisory",
        ),
        Register(
            "programs", CommunityProgram, forms.ProgramForm, _("Programs"), _("Add a program"),
            ((_("Name"), _attr("name")), (_("Owner"), _attr("owner")),
             (_("Started"), _date("started_on")), (_("Funding"), _display("funding"))),
            group="programs",
        ),
        Register(
            "goals", Goal, forms.GoalForm, _("Program goals"), _("Add a goal"),
            ((_("Program"), _attr("program")), (_("Goal"), _attr("title")),
             (_("Measured by"), _display("metric")), (_("Target per quarter"), _attr("quarterly_target"))),
            scope="program__agency", related=("program",), group="programs",
        ),
        Register(
            "goal-reports", GoalReport, forms.GoalReportForm,
            _("Reported goal figures"), _("Report a figure"),
            ((_("Goal"), _attr("goal")), (_("Quarter"), _attr("quarter")), (_("Value"), _attr("value"))),
            scope="goal__program__agency", related=("goal",), group="programs",
        ),
    ]
}  # fmt: skip


def sections() -> list[tuple[str, str]]:
    return [(r.key, r.title) for r in REGISTERS.values()]
