import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(
        self, email: str, password: str | None = None, **extra
    ) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in: agency staff, evaluators, board members.

    Residents never have accounts; what they tell the portal is anonymous.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # Set after too many failed sign-ins; only an agency or platform admin clears it.
    locked_at = models.DateTimeField(_("locked since"), null=True, blank=True)
    # Why the account was disabled by Puente itself (inactivity); empty otherwise.
    disabled_reason = models.CharField(_("disabled because"), max_length=40, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class UserSession(models.Model):
    """One signed-in browser session, so its owner can see and end it.

    `place` is coarse on purpose: the network address with its last part blanked
    (203.0.113.x); Puente has no location database and keeps no full address.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("user")
    )
    session_key = models.CharField(max_length=64, unique=True)
    device = models.CharField(_("device"), max_length=120, blank=True)
    place = models.CharField(_("network"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("signed in"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-last_seen"]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.device} {self.place}"


# Personal API tokens (services in accounts/tokens.py, used by puente/api.py).


class ApiToken(models.Model):
    """A personal API token. The token itself is shown once and only its SHA-256 is
    kept: tokens are 256 random bits, so a fast hash is as safe as a slow one and lets
    every request find its token by an index lookup."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(_("read-only"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # The network addresses it was used from, newest last, so that a first use from a
    # new place is audited once (bounded: accounts.tokens.PLACES_KEPT).
    places = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_with})"

    @property
    def starts_with(self) -> str:
        """How the token begins, enough to recognise it, never to use it."""
        return f"pnt_{self.prefix}…"


class IdempotencyKey(models.Model):
    """The stored answer to a POST made with an `Idempotency-Key`, per token, so that a
    retried request gets the same answer and never makes a second row."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["token", "key"], name="idempotency_key_unique_per_token"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
