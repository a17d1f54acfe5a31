import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency, Program
from puente.lib.jobs import BackgroundJob
from puente.lib.languages import localized


class RespondentType(models.TextChoices):
    COMMAND = "command", _("Command staff")
    LINE = "line", _("Line officer")
    CIVILIAN = "civilian", _("Civilian staff")
    PARTNER = "partner", _("Community partner")


POLICE_RESPONDENTS = (
    RespondentType.COMMAND,
    RespondentType.LINE,
    RespondentType.CIVILIAN,
)


class Instrument(models.Model):
    """One version of a questionnaire. `spec` is its whole definition (see
    `assessments.spec`); it is frozen once a response uses it."""

    slug = models.SlugField(_("short name"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    spec = models.JSONField(_("definition"))
    is_current = models.BooleanField(
        _("current version"),
        default=False,
        help_text=_("The version new campaigns and self-assessments use."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"], name="instrument_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def title(self) -> str:
        return localized(self.spec.get("title", {}))

    @property
    def is_frozen(self) -> bool:
        return self.responses.exists()


class Campaign(models.Model):
    """A round of the national assessment, run by a program."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="campaigns"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="campaigns"
    )
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    agencies = models.ManyToManyField(
        Agency, through="CampaignAgency", related_name="campaigns"
    )
    respondent_types = models.JSONField(
        _("who is invited at each agency"),
        default=list,
        blank=True,
        help_text=_(
            "Respondent types that get a link; empty means all the instrument's types."
        ),
    )
    reminder_days = models.JSONField(
        _("reminders, in days after the invitation"),
        default=list,
        blank=True,
        help_text=_(
            "The CP-SAT schedule was an invitation and two reminders over three weeks: 7 and 14."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CampaignAgency(models.Model):
    """An agency asked to take part in a campaign, and how far it got in the review rounds."""

    class Stage(models.TextChoices):
        INVITED = "invited", _("Invited")
        SURVEYED = "surveyed", _("Survey scored")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEWED = "interviewed", _("Telephone interview")
        VISITED = "visited", _("Site visit")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="participants"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="campaign_entries"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.INVITED
    )
    consent_to_publish = models.BooleanField(
        _("agrees to be named in publications"), default=False
    )
    contact_email = models.EmailField(_("contact address"), blank=True)
    # The language the agency's campaign mail is written in.
    contact_language = models.CharField(
        _("contact language"), max_length=12, choices=settings.LANGUAGES, default="en"
    )
    decision_rationale = models.TextField(_("why it was selected or not"), blank=True)
    prenotice_sent_at = models.DateTimeField(null=True, blank=True)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("campaign agency")
        verbose_name_plural = _("campaign agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "agency"], name="campaign_agency_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} in {self.campaign}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class Response(models.Model):
    """One respondent's answers to one instrument: in a campaign, or a self-assessment."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        IMPORT = "import", _("Imported from a file")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="responses"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="assessment_responses"
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responses",
        help_text=_("Empty for a self-assessment."),
    )
    respondent_type = models.CharField(
        _("respondent"), max_length=10, choices=RespondentType.choices
    )
    respondent_email = models.EmailField(_("invited address"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.WEB
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=12, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    principle_scores = models.JSONField(
        _("scores per principle"), default=dict, blank=True
    )
    composite = models.FloatField(_("composite score"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["agency", "campaign", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.get_respondent_type_display()} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_self_assessment(self) -> bool:
        return self.campaign_id is None


class AgencyScore(models.Model):
    """An agency's scores in a campaign, from the submitted responses of one group."""

    class Group(models.TextChoices):
        POLICE = "police", _("Police respondents")
        PARTNER = "partner", _("Community partners")
        COMMAND = "command", _("Command staff")
        LINE = "line", _("Line officers")
        CIVILIAN = "civilian", _("Civilian staff")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="scores"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="assessment_scores"
    )
    group = models.CharField(max_length=10, choices=Group.choices)
    principle_scores = models.JSONField(default=dict)
    composite = models.FloatField(null=True, blank=True)
    responses = models.PositiveIntegerField(default=0)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agency score")
        verbose_name_plural = _("agency scores")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "agency", "group"], name="agency_score_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.campaign} ({self.group})"


def default_rubric(kind: str) -> list[dict]:
    """Criteria scored 1 (weak) to 5 (strong) in each review round."""
    criteria = {
        "interview": [
            ("program_clarity", "The program's goals and activities are clear", "Los objetivos y actividades del programa son claros"),
            ("community_role", "The community has a real role in it", "La comunidad tiene un papel real en él"),
            ("evidence", "There is evidence of results", "Hay pruebas de resultados"),
        ],
        "site_visit": [
            ("practice_matches", "Practice on the ground matches the answers", "La práctica en el terreno coincide con las respuestas"),
            ("partners_confirm", "Community partners confirm the work", "Las organizaciones aliadas confirman el trabajo"),
            ("sustainability", "The program will outlast the people who run it", "El programa sobrevivirá a las personas que lo dirigen"),
            ("transferable", "Other agencies could adopt it", "Otras agencias podrían adoptarlo"),
        ],
    }.get(kind, [
        ("survey_evidence", "The survey answers show promising practice", "Las respuestas a la encuesta muestran una práctica prometedora"),
        ("fit", "The agency adds to the mix of types, sizes and regions", "La agencia aporta a la variedad de tipos, tamaños y regiones"),
    ])  # fmt: skip
    return [
        {"key": key, "label": {"en": en, "es": es}, "min": 1, "max": 5}
        for key, en, es in criteria
    ]


class ReviewRound(models.Model):
    """One round of review in a campaign: the survey shortlist, the telephone
    interview, the site visit. Reviewers score each agency on the round's rubric."""

    class Kind(models.TextChoices):
        SHORTLIST = "shortlist", _("Shortlist review")
        INTERVIEW = "interview", _("Telephone interview")
        SITE_VISIT = "site_visit", _("Site visit")

    # The stage an agency must be at to be reviewed in the round, and the stage it
    # moves to when it advances.
    STAGES = {
        Kind.SHORTLIST: ("shortlisted", "interviewed"),
        Kind.INTERVIEW: ("interviewed", "visited"),
        Kind.SITE_VISIT: ("visited", "selected"),
    }

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="review_rounds"
    )
    kind = models.CharField(_("round"), max_length=20, choices=Kind.choices)
    rubric = models.JSONField(_("rubric"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind"], name="review_round_unique_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.get_kind_display()}"

    @property
    def stage_reviewed(self) -> str:
        return self.STAGES[self.kind][0]

    @property
    def stage_next(self) -> str:
        return self.STAGES[self.kind][1]


class ConflictOfInterest(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="conflicts"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "reviewer", "agency"], name="conflict_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.agency}"


class Review(models.Model):
    class Recommendation(models.TextChoices):
        ADVANCE = "advance", _("Advance to the next round")
        HOLD = "hold", _("Undecided")
        DECLINE = "decline", _("Do not advance")

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="reviews"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    scores = models.JSONField(_("scores"), default=dict)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    notes = models.TextField(_("notes"), blank=True)
    notes_public = models.BooleanField(
        _("notes may be published"),
        default=False,
        help_text=_(
            "Public notes can appear in the agency's profile if it agrees to be named."
        ),
    )
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "agency", "reviewer"],
                name="review_unique_per_reviewer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.agency} – {self.reviewer}"

    @property
    def total(self) -> int:
        return sum(self.scores.values())


class ResponseImportJob(BackgroundJob):
    """A file of responses (Puente's template, a KoboToolbox or ODK Central export)
    uploaded to a campaign and imported by a worker (`assessments.jobs`; the shared parts
    in `puente.lib.jobs`)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="import_jobs"
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = _("response import")
        verbose_name_plural = _("response imports")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "assessments:import_responses_job",
            args=[self.campaign.program.slug, self.campaign.slug, self.uuid],
        )
