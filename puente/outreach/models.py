import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.agencies.models import Agency


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

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="community_contacts"
    )
    date = models.DateField(_("date"))
    liaison = models.ForeignKey(
        Liaison,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("liaison"),
    )
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts",
        verbose_name=_("partner organization"),
    )  # fmt: skip
    language = models.CharField(_("language used"), max_length=12)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    topics = models.JSONField(_("topics"), default=list)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community contact")
        verbose_name_plural = _("community contacts")
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["agency", "date"]),
            models.Index(fields=["liaison", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.liaison} ({self.get_setting_display()})"
