import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from puente.agencies.roles import (
    AgencyRole,
    ProgramRole,
    agency_role_allows,
    program_role_allows,
)

ori_validator = RegexValidator(
    r"^[A-Z]{2}[A-Z0-9]{7}$",
    _(
        "An ORI is nine characters: the state's two letters, then seven letters or digits."
    ),
)
state_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Use the state's two-letter postal abbreviation.")
)


class AgencyQuerySet(models.QuerySet["Agency"]):
    def for_user(self, user) -> "AgencyQuerySet":
        """Agencies the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def search(self, text: str) -> "AgencyQuerySet":
        query = self
        for word in text.split()[:6]:
            query = query.filter(
                Q(name__icontains=word)
                | Q(city__icontains=word)
                | Q(county__icontains=word)
                | Q(ori__iexact=word)
            )
        return query


class Agency(models.Model):
    """A law-enforcement agency. Its registry facts are public."""

    class Type(models.TextChoices):
        # The categories of the EPIC national assessment.
        MUNICIPAL = "municipal", _("Municipal police")
        SHERIFF = "sheriff", _("Sheriff's office or county police")
        STATE = "state", _("State agency")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    agency_type = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.OTHER
    )
    source_type = models.CharField(
        _("type in the FBI list"),
        max_length=40,
        blank=True,
        help_text=_("As the FBI Crime Data Explorer names it, e.g. City or County."),
    )
    ori = models.CharField(
        _("ORI"),
        max_length=9,
        blank=True,
        validators=[ori_validator],
        help_text=_("The FBI's nine-character Originating Agency Identifier."),
    )
    state = models.CharField(_("state"), max_length=2, validators=[state_validator])
    county = models.CharField(_("county"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    population_served = models.PositiveIntegerField(
        _("population served"), null=True, blank=True
    )
    sworn_staff = models.PositiveIntegerField(_("sworn staff"), null=True, blank=True)
    civilian_staff = models.PositiveIntegerField(
        _("civilian staff"), null=True, blank=True
    )
    facts_year = models.PositiveSmallIntegerField(
        _("year of population and staff figures"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1960), MaxValueValidator(2100)],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    community_languages = models.JSONField(
        _("languages spoken in the community"),
        default=list,
        blank=True,
        help_text=_("Language codes, most spoken first."),
    )
    is_fictional = models.BooleanField(
        _("fictional (demo)"),
        default=False,
        help_text=_("Invented for demonstrations; never a real agency."),
    )
    epic_profiled = models.BooleanField(
        _("profiled in the EPIC report (2012)"),
        default=False,
        help_text=_(
            "One of the ten agencies profiled in “Engaging Police in Immigrant "
            "Communities” (Vera Institute of Justice and COPS Office, 2012)."
        ),
    )
    source = models.TextField(
        _("source of these facts"),
        blank=True,
        help_text=_("Where the registry facts come from, so anyone can check them."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name", "state"]
        constraints = [
            models.UniqueConstraint(
                fields=["ori"], condition=~Q(ori=""), name="agency_unique_ori"
            ),
        ]
        indexes = [models.Index(fields=["state", "agency_type"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"

    @property
    def total_staff(self) -> int | None:
        if self.sworn_staff is None and self.civilian_staff is None:
            return None
        return (self.sworn_staff or 0) + (self.civilian_staff or 0)


class Membership(models.Model):
    """A user's role in one agency."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=AgencyRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["agency__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"], name="membership_unique_user_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.agency} ({self.get_role_display()})"

    def allows(self, permission: str) -> bool:
        return agency_role_allows(self.role, permission)


class Program(models.Model):
    """A body that runs assessments across agencies, as the Vera Institute did."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    agencies = models.ManyToManyField(
        Agency, through="ProgramParticipation", related_name="programs", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgramParticipation(models.Model):
    """An agency taking part in a program: what it submits there, the program sees."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="participations"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="participations"
    )
    joined_on = models.DateField(_("joined on"))

    class Meta:
        verbose_name = _("program participation")
        verbose_name_plural = _("program participations")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "agency"], name="participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} in {self.program}"


class ProgramMembership(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="program_memberships",
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=ProgramRole.choices,
        default=ProgramRole.EVALUATOR,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program membership")
        verbose_name_plural = _("program memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program"], name="program_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.program} ({self.get_role_display()})"

    def allows(self, permission: str) -> bool:
        return program_role_allows(self.role, permission)


class WorkforceLanguage(models.Model):
    """How many of the agency's staff speak a language, at one level. Counts, never names:
    the language-access analysis and the outreach dashboard compare them with the community."""

    class Level(models.TextChoices):
        BASIC = "basic", _("Basic (greetings, simple questions)")
        CONVERSATIONAL = "conversational", _("Conversational")
        FLUENT = "fluent", _("Fluent")
        CERTIFIED = "certified", _("Certified bilingual or interpreter")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="workforce_languages"
    )
    language = models.CharField(_("language"), max_length=12)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    staff = models.PositiveIntegerField(_("staff who speak it"))
    sworn = models.PositiveIntegerField(
        _("of whom sworn officers"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("workforce language")
        verbose_name_plural = _("workforce languages")
        ordering = ["language", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "language", "level"],
                name="workforce_language_unique_level",
            ),
            models.CheckConstraint(
                condition=Q(sworn__isnull=True) | Q(sworn__lte=models.F("staff")),
                name="workforce_language_sworn_within_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.level}: {self.staff}"
