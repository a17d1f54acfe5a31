import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency
from puente.lib.jobs import BackgroundJob
from puente.principles.models import Principle

EARLIEST = date(2000, 1, 1)


def check_past_date(
    day: date | None, field: str, *, future_allowed: bool = False
) -> None:
    """Records describe what happened: no date before 2000, and none in the future unless
    the record plans something (an event)."""
    if day is None:
        return
    if day < EARLIEST:
        raise ValidationError({field: _("The date is before 2000.")})
    if not future_allowed and day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future.")})


def check_order(first: date | None, then: date | None, field: str) -> None:
    if first and then and then < first:
        raise ValidationError({field: _("This date comes before the start date.")})


class Liaison(models.Model):
    """A member of agency staff who works with immigrant communities."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="liaisons"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="liaison_roles",
    )
    name = models.CharField(_("name"), max_length=200)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerOrganization(models.Model):
    class Kind(models.TextChoices):
        FAITH = "faith", _("Faith-based organization")
        SOCIAL = "social", _("Social service")
        LEGAL = "legal", _("Legal service")
        ADVOCACY = "advocacy", _("Advocacy")
        BUSINESS = "business", _("Business")
        SCHOOL = "school", _("School")
        MEDIA = "media", _("Media")
        CONSULATE = "consulate", _("Consulate")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROSPECTIVE = "prospective", _("Prospective")
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    # The one place a person's details are kept; removed by `puente purge` once the
    # partnership has been inactive longer than PUENTE_RETENTION_DAYS.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    inactive_since = models.DateField(_("inactive since"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def clean(self):
        # The retention clock starts when a partnership ends.
        if self.status == self.Status.INACTIVE:
            self.inactive_since = self.inactive_since or timezone.localdate()
        else:
            self.inactive_since = None


class Agreement(models.Model):
    """A written agreement with a partner, such as a memorandum of understanding."""

    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        REFERRAL = "referral", _("Referral agreement")
        DATA = "data", _("Data-sharing agreement")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("signed_on")),
                name="agreement_ends_after_signing",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        check_past_date(self.signed_on, "signed_on")
        check_order(self.signed_on, self.ends_on, "ends_on")


class Setting(models.TextChoices):
    BUSINESS = "business", _("Business or restaurant")
    FAITH = "faith", _("Faith-based organization")
    COMMUNITY = "community", _("Community organization")
    SCHOOL = "school", _("School")
    EVENT = "event", _("Event")
    PHONE = "phone", _("Phone")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    REPORTING = "reporting", _("Reporting a crime")
    VICTIM = "victim_services", _("Victim services")
    PREVENTION = "prevention", _("Crime prevention")
    RIGHTS = "rights", _("Rights and services")
    COMPLAINT = "complaint", _("Complaint")
    OTHER = "other", _("Other")


class CommunityContact(models.Model):
    """One contact a liaison made with the community. It records what happened,
    never who the resident was: there is no field for a resident's name or details."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The composite indexes below start with these two, so neither needs one of its own:
    # one index less to write for every contact imported.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="community_contacts",
        db_index=False,
    )
    date = models.DateField(_("date"))
    liaison = models.ForeignKey(
        Liaison,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("liaison"),
        db_index=False,
    )
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts",
        verbose_name=_("partner organization"), db_index=False,
    )  # fmt: skip
    language = models.CharField(_("language used"), max_length=12)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    topics = models.JSONField(_("topics"), default=list)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    # The follow-up queue on the agency's dashboard: who took it on, and when it was done.
    follow_up_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("follow-up assigned to"), db_index=False,
    )  # fmt: skip
    follow_up_done_at = models.DateTimeField(
        _("follow-up done at"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        db_index=False,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community contact")
        verbose_name_plural = _("community contacts")
        ordering = ["-date", "-created_at"]
        indexes = [
            # The dashboard reads a quarter's contacts for one agency from this index alone
            # on PostgreSQL (an index-only scan); SQLite ignores `include`.
            models.Index(
                fields=["agency", "date"],
                include=[
                    "liaison",
                    "setting",
                    "language",
                    "interpreter_used",
                    "follow_up_needed",
                    "partner",
                    "topics",
                ],
                name="contact_agency_quarter",
            ),  # fmt: skip
            models.Index(fields=["liaison", "date"]),
            # Most contacts have no partner, and imported ones no author: partial indexes
            # serve the lookups when a partner or a user is deleted, and cost nothing to
            # the rows without one.
            models.Index(
                fields=["partner"],
                condition=models.Q(partner__isnull=False),
                name="contact_partner",
            ),
            models.Index(
                fields=["created_by"],
                condition=models.Q(created_by__isnull=False),
                name="contact_created_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.liaison} ({self.get_setting_display()})"


class CommunityProgram(models.Model):
    """An agency's program for immigrant communities, and what keeps it going
    (EPIC: "sustain programs that work")."""

    class Funding(models.TextChoices):
        OPERATING = "operating", _("Operating budget")
        GRANT = "grant", _("Grant")
        PARTNER = "partner", _("Partner organization")
        DONATIONS = "donations", _("Donations")
        NONE = "none", _("No dedicated funding")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="community_programs"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    principles = models.ManyToManyField(
        Principle, blank=True, related_name="+", verbose_name=_("principles served")
    )
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("The unit or role responsible.")
    )
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    funding = models.CharField(_("funding"), max_length=12, choices=Funding.choices)
    funding_note = models.CharField(_("funding details"), max_length=200, blank=True)
    written_policy = models.BooleanField(
        _("a written policy describes it"), default=False
    )
    budget_line = models.BooleanField(_("it has its own budget line"), default=False)
    trained_people = models.PositiveIntegerField(
        _("people trained to run it"), default=1
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        check_past_date(self.started_on, "started_on", future_allowed=True)
        check_order(self.started_on, self.ended_on, "ended_on")

    @property
    def sustainability(self) -> dict[str, bool]:
        """EPIC's markers of a program that outlasts its founder."""
        return {
            "written_policy": self.written_policy,
            "budget_line": self.budget_line,
            "more_than_one_trained": self.trained_people > 1,
        }


class Goal(models.Model):
    """A quarterly target for a program. Counted metrics come from what the agency logs
    (contacts agency-wide; events, attendance, training hours and media reach of the
    program); a reported metric is entered each quarter."""

    class Metric(models.TextChoices):
        CONTACTS = "contacts", _("Community contacts (whole agency)")
        EVENTS = "events", _("Events of the program")
        ATTENDANCE = "attendance", _("Attendance at the program's events")
        TRAINING_HOURS = "training_hours", _("Training hours of the program")
        MEDIA_REACH = "media_reach", _("Estimated media reach of the program")
        REPORTED = "reported", _("A figure reported each quarter")

    program = models.ForeignKey(
        CommunityProgram, on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("goal"), max_length=200)
    metric = models.CharField(_("measured by"), max_length=20, choices=Metric.choices)
    quarterly_target = models.PositiveIntegerField(_("target per quarter"))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class GoalReport(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reports")
    quarter = models.CharField(_("quarter"), max_length=6)
    value = models.PositiveIntegerField(_("value"))

    class Meta:
        ordering = ["goal", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "quarter"], name="goal_report_one_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal} {self.quarter}: {self.value}"

    def clean(self):
        from puente.lib.quarters import Quarter

        try:
            quarter = Quarter.parse(self.quarter)
        except ValueError:
            raise ValidationError(
                {"quarter": _("Give a quarter such as 2026Q3.")}
            ) from None
        if quarter.start > timezone.localdate():
            raise ValidationError({"quarter": _("This quarter has not started yet.")})
        self.quarter = str(quarter)


class Event(models.Model):
    class Kind(models.TextChoices):
        FORUM = "forum", _("Community forum")
        TRAINING = "training", _("Training")
        FESTIVAL = "festival", _("Festival or fair")
        ACADEMY = "academy", _("Citizen academy")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="events")
    program = models.ForeignKey(
        CommunityProgram, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="events", verbose_name=_("program"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    # Local times on that date; without them the event is all-day in the calendar feed.
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    languages = models.JSONField(_("languages"), default=list)
    interpretation_provided = models.BooleanField(
        _("interpretation provided"), default=False
    )
    partners = models.ManyToManyField(
        PartnerOrganization,
        blank=True,
        related_name="events",
        verbose_name=_("partners"),
    )
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    follow_ups = models.PositiveIntegerField(_("follow-ups"), default=0)
    public = models.BooleanField(_("show on the public portal"), default=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date"]
        indexes = [models.Index(fields=["agency", "date"])]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        check_past_date(self.date, "date", future_allowed=True)
        if self.ends_at and not self.starts_at:
            raise ValidationError({"starts_at": _("Give the start time too.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if (
            self.date
            and self.date > timezone.localdate()
            and (self.attendance is not None or self.follow_ups)
        ):
            raise ValidationError(
                {
                    "attendance": _(
                        "Attendance and follow-ups are recorded after the event."
                    )
                }
            )


class MediaOutreach(models.Model):
    class Channel(models.TextChoices):
        RADIO = "radio", _("Radio")
        TV = "tv", _("Television")
        NEWSPAPER = "newspaper", _("Ethnic newspaper")
        VIDEO = "video", _("Video")
        SOCIAL = "social_media", _("Social media")
        OTHER = "other", _("Other")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="media_outreach"
    )
    program = models.ForeignKey(
        CommunityProgram, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="media", verbose_name=_("program"),
    )  # fmt: skip
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    outlet = models.CharField(_("outlet"), max_length=200)
    language = models.CharField(_("language"), max_length=12)
    estimated_reach = models.PositiveIntegerField(
        _("estimated reach"), null=True, blank=True
    )
    subject = models.CharField(_("subject"), max_length=200)

    class Meta:
        verbose_name = _("media outreach")
        verbose_name_plural = _("media outreach")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.subject}"

    def clean(self):
        check_past_date(self.date, "date")


class Training(models.Model):
    class Kind(models.TextChoices):
        CULTURAL = "cultural", _("Cultural competence")
        LANGUAGE = "language", _("Language (e.g. tactical Spanish)")
        IMMIGRATION_LAW = "law", _("Immigration law and policy basics")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        OFFICERS = "officers", _("Officers and staff")
        COMMUNITY = "community", _("Community members")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="trainings"
    )
    program = models.ForeignKey(
        CommunityProgram, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="trainings", verbose_name=_("program"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    attendees = models.PositiveIntegerField(_("attendees"))
    language = models.CharField(_("language"), max_length=12, default="en")
    curriculum = models.ForeignKey(
        "practices.Document", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("curriculum from the library"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        check_past_date(self.date, "date")
        if self.hours is not None and not 0 < self.hours <= 200:
            raise ValidationError(
                {"hours": _("Give the hours, more than 0 and at most 200.")}
            )


class AdvisoryMember(models.Model):
    """A member of the agency's community advisory board. Their name is personal data:
    `puente purge` removes it once they have left the board longer than the retention period."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="advisory_members"
    )
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(
        _("affiliation"), max_length=200, blank=True,
        help_text=_("The organization or community they speak for."),
    )  # fmt: skip
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    show_publicly = models.BooleanField(_("listed on the public portal"), default=False)

    class Meta:
        verbose_name = _("advisory board member")
        verbose_name_plural = _("advisory board members")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        check_past_date(self.joined_on, "joined_on")
        check_past_date(self.left_on, "left_on")
        check_order(self.joined_on, self.left_on, "left_on")


class AdvisoryMeeting(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="advisory_meetings"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_public = models.BooleanField(_("publish the minutes"), default=False)

    class Meta:
        verbose_name = _("advisory board meeting")
        verbose_name_plural = _("advisory board meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return str(self.date)

    def clean(self):
        check_past_date(self.date, "date")


class Recommendation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open: awaiting a response")
        ACCEPTED = "accepted", _("Accepted, in progress")
        IMPLEMENTED = "implemented", _("Implemented")
        DECLINED = "declined", _("Declined, with reasons")

    CLOSED = (Status.IMPLEMENTED, Status.DECLINED)

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="advisory_recommendations"
    )
    meeting = models.ForeignKey(
        AdvisoryMeeting, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="recommendations", verbose_name=_("meeting"),
    )  # fmt: skip
    made_on = models.DateField(_("made on"))
    text = models.TextField(_("recommendation"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(_("the agency's response"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-made_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("made_on")),
                name="recommendation_closed_after_made",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self):
        check_past_date(self.made_on, "made_on")
        check_past_date(self.closed_on, "closed_on")
        check_order(self.made_on, self.closed_on, "closed_on")
        if self.status in self.CLOSED:
            self.closed_on = self.closed_on or timezone.localdate()
            if not self.response.strip():
                raise ValidationError(
                    {
                        "response": _(
                            "Give the agency's response before closing a recommendation."
                        )
                    }
                )
        else:
            self.closed_on = None


class ImportJob(BackgroundJob):
    """A contacts or events spreadsheet uploaded through the web, imported by a worker
    (`outreach.jobs`; the shared parts in `puente.lib.jobs`)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="import_jobs"
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("outreach:import_job", args=[self.agency.slug, self.uuid])


class DeviceSubmission(models.Model):
    """A contact or an event's attendance sent from a liaison's device, under the id the
    device gave it when it was saved there. The id is unique: a device that sends the
    same record twice, because an answer was lost on a bad connection, finds it already
    received and nothing more is stored (docs/offline.md)."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Community contact")
        EVENT = "event", _("Event attendance")

    client_uuid = models.UUIDField(_("id given by the device"), unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    contact = models.ForeignKey(
        CommunityContact, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("record sent from a device")
        verbose_name_plural = _("records sent from devices")

    def __str__(self) -> str:
        return str(self.client_uuid)
