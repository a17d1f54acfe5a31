import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency
from puente.lib.jobs import BackgroundJob


class Jurisdiction(models.Model):
    """A Census geography the agency serves, with the ACS figures imported for it.

    The figures are stored so that pages never re-read the file. An agency's jurisdictions
    come from one import, so they share one table and one vintage and can be summed.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="jurisdictions"
    )
    geoid = models.CharField(_("GEOID"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    table = models.CharField(_("ACS table"), max_length=10)
    vintage = models.PositiveSmallIntegerField(_("ACS year"), null=True, blank=True)
    population_5_plus = models.PositiveBigIntegerField(_("population 5 years and over"))
    population_5_plus_moe = models.PositiveBigIntegerField(null=True, blank=True)
    source_filename = models.CharField(_("source file"), max_length=200, blank=True)
    is_example = models.BooleanField(
        _("example figures"),
        default=False,
        help_text=_(
            "Real figures of another geography, shown as an example (demo only)."
        ),
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["geoid"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "geoid"], name="jurisdiction_unique_geoid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.geoid})"


class LanguageFigure(models.Model):
    """One ACS language group in one jurisdiction. Empty figures are suppressed cells."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="figures"
    )
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("language group"), max_length=200)
    speakers = models.PositiveBigIntegerField(null=True, blank=True)
    speakers_moe = models.PositiveBigIntegerField(null=True, blank=True)
    very_well = models.PositiveBigIntegerField(null=True, blank=True)
    very_well_moe = models.PositiveBigIntegerField(null=True, blank=True)
    lep = models.PositiveBigIntegerField(_("LEP persons"), null=True, blank=True)
    lep_moe = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["jurisdiction", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "label"], name="language_figure_unique_label"
            )
        ]

    def __str__(self) -> str:
        return self.label


class AgeFigure(models.Model):
    """Adults of one survey age band in one of the agency's geographies, from ACS table
    B01001 (puente/language_access/ages.py). Kept by GEOID, so re-importing the language
    tables does not lose them; the survey is weighted with the rows whose GEOID is one of
    the agency's jurisdictions. `people` is None for a suppressed cell."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="age_figures"
    )
    geoid = models.CharField(_("GEOID"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    vintage = models.PositiveSmallIntegerField(_("ACS year"), null=True, blank=True)
    band = models.CharField(_("age band"), max_length=8)
    people = models.PositiveBigIntegerField(_("people"), null=True, blank=True)
    people_moe = models.PositiveBigIntegerField(null=True, blank=True)
    source_filename = models.CharField(_("source file"), max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("age figure")
        verbose_name_plural = _("age figures")
        ordering = ["geoid", "band"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "geoid", "band"], name="age_figure_unique_band"
            )
        ]

    def __str__(self) -> str:
        return f"{self.geoid} {self.band}"


class VitalDocument(models.Model):
    """A document the agency must make available in the required languages."""

    class Kind(models.TextChoices):
        COMPLAINT_FORM = "complaint_form", _("Complaint form")
        VICTIM_RIGHTS = "victim_rights", _("Victim-rights notice")
        CONSENT_FORM = "consent_form", _("Consent form")
        LANGUAGE_ASSISTANCE = (
            "language_assistance",
            _("Notice of free language assistance"),
        )
        CRIME_PREVENTION = "crime_prevention", _("Crime-prevention brochure")
        COURT_PROCEDURE = "court_procedure", _("Court-procedure guide")
        OTHER = "other", _("Other vital document")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="vital_documents"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Required for the agency's own documents; optional otherwise."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vital document")
        verbose_name_plural = _("vital documents")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())

    @property
    def is_language_notice(self) -> bool:
        return self.kind == self.Kind.LANGUAGE_ASSISTANCE


class VitalDocumentTitle(models.Model):
    """A vital document's title in one language, for the public portal's list (issue 18):
    the draft (typed, or from a translator's XLIFF or PO file, noting who translated it)
    and the title staff approved."""

    document = models.ForeignKey(
        VitalDocument, on_delete=models.CASCADE, related_name="titles"
    )
    language = models.CharField(_("language"), max_length=12)
    draft = models.CharField(_("title"), max_length=200, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    draft_translated_by = models.CharField(
        _("translated by"), max_length=120, blank=True
    )
    published = models.CharField(_("published title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vital document title")
        verbose_name_plural = _("vital document titles")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="vital_document_title_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.language})"


def _translation_path(instance, filename: str) -> str:
    return f"language-access/{instance.uuid}/{filename}"


class Translation(models.Model):
    """A vital document in one language: the file, when it was translated, who reviewed it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        VitalDocument, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=12)
    translated_on = models.DateField(_("date of the translation"))
    reviewed_by = models.CharField(
        _("reviewed by"),
        max_length=200,
        help_text=_(
            "Name or role of the reviewer, e.g. “certified court interpreter”."
        ),
    )
    file = models.FileField(_("file"), upload_to=_translation_path)
    filename = models.CharField(max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="translation_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.language})"

    @property
    def language_name(self) -> str:
        from puente.lib.languages import language_name

        return language_name(self.language)


class InterpreterUse(models.Model):
    """One use of an interpreter or a language line: typed in, or a row of a vendor's
    monthly statement (`services.interpreter_uses_import`)."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        TELEPHONE = "telephone", _("Telephone")
        VIDEO = "video", _("Video")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="interpreter_uses"
    )
    used_on = models.DateField(_("date"))
    language = models.CharField(_("language"), max_length=12)
    minutes = models.PositiveIntegerField(_("minutes"))
    vendor = models.CharField(_("vendor"), max_length=120, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    cost = models.DecimalField(
        _("cost (USD)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    source_filename = models.CharField(_("imported from"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interpreter use")
        verbose_name_plural = _("interpreter uses")
        ordering = ["-used_on", "-id"]
        indexes = [models.Index(fields=["agency", "used_on"])]

    def __str__(self) -> str:
        return f"{self.language} {self.used_on} {self.minutes} min"


class CensusImportJob(BackgroundJob):
    """ACS files uploaded from the import page, imported by a worker
    (`language_access.jobs`; the shared parts in `puente.lib.jobs`). `options` holds
    {"geoids": [...], "vintage": int or None} as the form gave them."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="census_import_jobs"
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = _("Census import")
        verbose_name_plural = _("Census imports")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("language_access:import_job", args=[self.agency.slug, self.uuid])
