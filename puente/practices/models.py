import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency
from puente.lib.languages import active_language


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    PUBLISHED = "published", _("Published")


class Practice(models.Model):
    """A promising practice, with the wording per language in PracticeText."""

    class Category(models.TextChoices):
        LIAISON = "liaison_program", _("Liaison program")
        UNIT = "dedicated_unit", _("Dedicated unit")
        BILINGUAL = "bilingual_officers", _("Bilingual or community service officers")
        NEWCOMER = "newcomer_program", _("Newcomer program")
        OFFICER_TRAINING = "officer_training", _("Training curriculum for officers")
        COMMUNITY_TRAINING = "community_training", _("Training for community members")
        OUTREACH = "outreach_media", _("Outreach and media")
        PARTNERSHIP = "partnership_task_force", _("Partnership or task force")
        VICTIMS = "victim_services", _("Victim services")
        LANGUAGE = "language_access", _("Language access")
        RECRUITMENT = "recruitment", _("Recruitment")
        ADVISORY = "advisory_board", _("Advisory board")

    class Cost(models.TextChoices):
        NONE = "none", _("No cost")
        LOW = "low", _("Low cost")
        MEDIUM = "medium", _("Moderate cost")
        HIGH = "high", _("High cost")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short name in addresses"), max_length=120, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    principles = models.JSONField(_("principles served"), default=list)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices_run",
        verbose_name=_("agency that runs it"),
    )
    contributed_by = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="practices_contributed",
        help_text=_("The agency that submitted it; its staff see and edit the draft."),
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("staff hours per week"), null=True, blank=True
    )
    cost_band = models.CharField(
        _("cost"), max_length=10, choices=Cost.choices, blank=True
    )
    suits_types = models.JSONField(_("agency types it suits"), default=list, blank=True)
    suits_sizes = models.JSONField(_("agency sizes it suits"), default=list, blank=True)
    languages = models.JSONField(_("languages served"), default=list, blank=True)
    source = models.TextField(_("source"), blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    review_note = models.TextField(_("editor's note"), blank=True)
    is_example = models.BooleanField(_("example (demo)"), default=False)
    starter_kit = models.BooleanField(_("part of the starter kit"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["slug"]

    def __str__(self) -> str:
        text = self.text()
        return text.title if text else self.slug

    def text(self, language: str | None = None) -> "PracticeText | None":
        texts = {t.language: t for t in self.texts.all()}
        return (
            texts.get(language or active_language())
            or texts.get(settings.LANGUAGE_CODE)
            or next(iter(texts.values()), None)
        )

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class PracticeText(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(
        _("language"), max_length=12, choices=settings.LANGUAGES
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"))
    outcomes = models.TextField(_("outcomes and evidence"), blank=True)

    class Meta:
        verbose_name = _("practice wording")
        verbose_name_plural = _("practice wordings")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "language"], name="practice_text_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PracticeVersion(models.Model):
    """A practice as it stood before an edit: edits keep their history."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "number"], name="practice_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice.slug} v{self.number}"


def _document_path(instance, filename: str) -> str:
    return f"documents/{instance.uuid}/{filename}"


class Document(models.Model):
    class Group(models.TextChoices):
        POLICY = "policy", _("Policies for serving immigrant communities")
        OFFICER_CURRICULUM = "officer_curriculum", _("Curricula for officers")
        COMMUNITY_CURRICULUM = (
            "community_curriculum",
            _("Curricula for community members"),
        )
        OUTREACH = "outreach", _("Outreach materials")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    practice = models.ForeignKey(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    contributed_by = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    group = models.CharField(_("group"), max_length=30, choices=Group.choices)
    language = models.CharField(
        _("language"), max_length=12, choices=settings.LANGUAGES
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to=_document_path)
    filename = models.CharField(max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    is_example = models.BooleanField(_("example (demo)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["group", "title"]

    def __str__(self) -> str:
        return self.title


class Episode(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    practice = models.ForeignKey(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="episodes",
    )
    title = models.JSONField(_("title"), help_text=_("Per language."))
    description = models.JSONField(_("description"), default=dict, blank=True)
    guests = models.CharField(_("guests"), max_length=300, blank=True)
    duration_seconds = models.PositiveIntegerField(
        _("duration in seconds"), null=True, blank=True
    )
    audio = models.FileField(_("audio file"), upload_to="episodes/", blank=True)
    audio_url = models.URLField(_("audio address"), blank=True)
    language = models.CharField(
        _("language"), max_length=12, choices=settings.LANGUAGES
    )
    transcript = models.TextField(_("transcript"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    is_example = models.BooleanField(_("example (demo)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.localized_title

    @property
    def localized_title(self) -> str:
        return self.title.get(active_language()) or self.title.get("en") or self.slug


class SearchEntry(models.Model):
    """One searchable thing (a practice in one language, a document, an episode) with
    the facets search filters on. The full-text index over it is the backend's."""

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        DOCUMENT = "document", _("Document")
        EPISODE = "episode", _("Podcast episode")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=12)
    title = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=300)
    is_public = models.BooleanField(default=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Facets as space-delimited tags (" monitor sustain "), so that both databases
    # can filter on them with the same lookup.
    principles = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=30, blank=True)
    suits_types = models.CharField(max_length=100, blank=True)
    suits_sizes = models.CharField(max_length=100, blank=True)
    languages = models.CharField(max_length=200, blank=True)
    cost_band = models.CharField(max_length=10, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique"
            )
        ]
        indexes = [models.Index(fields=["is_public", "language"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class Adoption(models.Model):
    """An agency runs a library practice from `started_on` (until `ended_on`).

    Rows are never rewritten silently: every record, change and removal goes through
    `services` and into the audit log, which keeps the history."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="adoptions"
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="adoptions"
    )
    # By model name: outreach imports practices, not the other way round.
    program = models.ForeignKey(
        "outreach.CommunityProgram",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("program"),
    )
    started_on = models.DateField(_("running since"))
    ended_on = models.DateField(_("stopped on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="adoption_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.practice} · {self.started_on:%Y-%m-%d}"


class Evidence(models.Model):
    """The staggered-adoption estimate for one practice and outcome, written by
    `insights` through `services.evidence_replace`; `result` is
    `insights.evidence.Estimate.as_dict()`."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="evidence"
    )
    outcome = models.CharField(max_length=60)
    result = models.JSONField()
    is_fictional = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "outcome"], name="one_evidence_per_outcome"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice} · {self.outcome}"
