import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency
from puente.language_access.models import VitalDocument
from puente.portal.survey import COMMENT_MAX_LENGTH

BODY_MAX_LENGTH = 20_000


class Section(models.TextChoices):
    """The parts of the public agency page that the agency writes, in each language."""

    HELP = "help", _("How to get help")
    POLICY = "policy", _("Local policing and federal immigration enforcement")
    LIAISONS = "liaisons", _("How to reach the liaisons")
    RIGHTS = "rights", _("Know your rights")


class PortalSettings(models.Model):
    """What the agency's public page shows besides its texts."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="portal_settings"
    )
    non_emergency_phone = models.CharField(
        _("non-emergency phone number"), max_length=40, blank=True
    )
    feedback_open = models.BooleanField(
        _("the anonymous survey accepts answers"), default=True
    )
    # Issue 14: the enforcement policy goes public only once a second admin or publisher
    # approves what the first asked to publish.
    policy_needs_second_person = models.BooleanField(
        _("a second person approves the enforcement policy"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")

    def __str__(self) -> str:
        return str(self.agency)


class PortalText(models.Model):
    """One section of the public page in one language: the draft staff are working on
    and the text the public sees. Every publication is kept in PortalTextVersion."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="portal_texts"
    )
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    language = models.CharField(_("language"), max_length=12)
    draft = models.TextField(_("text"), max_length=BODY_MAX_LENGTH, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    # Who translated the draft, when it came back from a translator (XLIFF import).
    draft_translated_by = models.CharField(
        _("translated by"), max_length=120, blank=True
    )
    published = models.TextField(_("published text"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    # A publication waiting for a second person's approval (the enforcement policy, when
    # the agency asks for two people): the text, who asked and when.
    pending = models.TextField(_("waiting for approval"), blank=True)
    pending_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked to publish"),
    )
    pending_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("portal text")
        verbose_name_plural = _("portal texts")
        ordering = ["agency", "section", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "section", "language"], name="portal_text_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.slug} {self.section} ({self.language})"

    @property
    def has_unpublished_changes(self) -> bool:
        return self.draft != self.published


class PortalTextVersion(models.Model):
    """A text as it was published: the policy's history, dated and numbered."""

    text = models.ForeignKey(
        PortalText, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["text", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["text", "version"], name="portal_text_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text} v{self.version}"


class PublishedDocument(models.Model):
    """A vital document the agency chose to offer for download on its public page."""

    document = models.OneToOneField(
        VitalDocument, on_delete=models.CASCADE, related_name="portal_listing"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document on the portal")
        verbose_name_plural = _("documents on the portal")

    def __str__(self) -> str:
        return str(self.document)


class Tag(models.TextChoices):
    PRAISE = "praise", _("Praise")
    COMPLAINT = "complaint", _("Complaint")
    LANGUAGE = "language", _("Language access")
    SAFETY = "safety", _("Safety concern")
    REQUEST = "request", _("Request or idea")
    FOLLOW_UP = "follow_up", _("To discuss with the advisory board")
    ABUSIVE = "abusive", _("Abusive or off-topic")


def _answer(label):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


class SurveyResponse(models.Model):
    """One resident's anonymous answers to the trust survey.

    On purpose there is no time (only the quarter), no address, browser, cookie or
    account, and the key is random: nothing here can be matched with a web server's
    access log or tell the order in which answers came.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="survey_responses"
    )
    quarter = models.CharField(_("quarter"), max_length=6)
    language = models.CharField(_("language of the answers"), max_length=12)
    safety = _answer(_("feels safe"))
    trust = _answer(_("trusts the police"))
    report = _answer(_("would report a crime"))
    witness = _answer(_("would come forward as a witness"))
    fair = _answer(_("treated fairly and with respect"))
    voice = _answer(_("has a voice"))
    # Optional, for weighting to the census only (portal/survey.py HOME_LANGUAGES and
    # AGE_BANDS); empty when the resident did not say.
    home_language = models.CharField(
        _("language spoken at home"), max_length=8, blank=True
    )
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    # Space-delimited with a space at each end, so that a tag is a plain LIKE lookup.
    tags = models.CharField(_("tags"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["agency", "quarter"])]

    def __str__(self) -> str:
        return f"{self.agency.slug} {self.quarter} ({self.language})"

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split()
