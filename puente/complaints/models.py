"""Complaints and commendations from residents, U and T visa certification requests, and
follow-up messages. No field here asks for or keeps immigration status or citizenship."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TEXT_MAX = 4000


class Complaint(models.Model):
    """A complaint or commendation filed on the portal. The personal parts (contact
    details, officers' names) are emptied by `personal_data_purge` after retention."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        COMMENDATION = "commendation", _("Commendation")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        SUSTAINED = "sustained", _("Sustained")
        NOT_SUSTAINED = "not_sustained", _("Not sustained")
        EXONERATED = "exonerated", _("Exonerated")
        UNFOUNDED = "unfounded", _("Unfounded")
        RESOLVED = "resolved", _("Resolved informally")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACKNOWLEDGED = "acknowledged", _("Commendation passed on")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="complaints"
    )
    case_number = models.CharField(_("case number"), max_length=20)
    # sha256 of the private status link's secret: the link itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=12)
    what_happened = models.TextField(_("what happened"), max_length=TEXT_MAX)
    occurred_on = models.DateField(_("when"), null=True, blank=True)
    place = models.CharField(_("where (area)"), max_length=120, blank=True)
    officers = models.CharField(_("officers"), max_length=300, blank=True)
    contact_name = models.CharField(_("name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", verbose_name=_("assigned to"),
    )  # fmt: skip
    due_on = models.DateField(_("due"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=14, choices=Outcome.choices, blank=True
    )
    reply = models.TextField(_("reply"), max_length=TEXT_MAX, blank=True)
    reply_language = models.CharField(
        _("language of the reply"), max_length=12, blank=True
    )
    reply_translation = models.CharField(
        _("translation"), max_length=200, blank=True,
        help_text=_("Who translated the reply, or how (e.g. “Staff, reviewed by a certified translator”)."),
    )  # fmt: skip
    replied_at = models.DateTimeField(null=True, blank=True)
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("complaint or commendation")
        verbose_name_plural = _("complaints and commendations")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "case_number"], name="complaint_case_number_unique"
            )
        ]

    def __str__(self) -> str:
        # Only the case number: this is what the audit log keeps of the record.
        return self.case_number


class ComplaintStep(models.Model):
    """One step of a case, shown on its staff page (the audit log has them too)."""

    class Action(models.TextChoices):
        FILED = "filed", _("Filed")
        REVIEW = "review", _("Review started")
        ASSIGNED = "assigned", _("Assigned")
        DUE = "due", _("Due date set")
        OUTCOME = "outcome", _("Outcome recorded")
        REPLIED = "replied", _("Reply recorded")
        CLOSED = "closed", _("Closed")

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.action}"


class CertificationRequest(models.Model):
    """A request to certify Form I-918 Supplement B (U visa) or Form I-914 Supplement B
    (T visa). Nothing about the requester's immigration status is kept."""

    class Form(models.TextChoices):
        U = "u", _("U visa (Form I-918 Supplement B)")
        T = "t", _("T visa (Form I-914 Supplement B)")

    class Requester(models.TextChoices):
        VICTIM = "victim", _("Victim")
        ATTORNEY = "attorney", _("Attorney or accredited representative")
        ADVOCATE = "advocate", _("Advocate")

    class Crime(models.TextChoices):
        # The qualifying criminal activity of INA 101(a)(15)(U)(iii), grouped as on Form I-918 Supp. B.
        ABDUCTION = "abduction", _("Abduction or kidnapping")
        ASSAULT = "assault", _("Felonious assault")
        DOMESTIC = "domestic_violence", _("Domestic violence")
        SEXUAL = "sexual_assault", _("Rape, sexual assault or abusive sexual contact")
        TRAFFICKING = "trafficking", _("Trafficking, involuntary servitude or peonage")
        EXTORTION = "extortion", _("Extortion or blackmail")
        STALKING = "stalking", _("Stalking")
        HOMICIDE = "homicide", _("Murder or manslaughter")
        OBSTRUCTION = (
            "obstruction",
            _("Obstruction of justice, perjury or witness tampering"),
        )
        LABOR = "labor_fraud", _("Fraud in foreign labor contracting")
        OTHER = "other", _("Other qualifying crime")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        CERTIFIED = "certified", _("Certified")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class DeclineReason(models.TextChoices):
        NOT_QUALIFYING = "not_qualifying", _("Not a qualifying crime")
        NOT_HELPFUL = "not_helpful", _("No helpfulness to the investigation")
        NO_RECORD = "no_record", _("No record of the crime in this agency")
        INCOMPLETE = "incomplete", _("Request incomplete")
        OTHER = "other", _("Other reason")

    DECIDED = {Status.CERTIFIED, Status.DECLINED, Status.WITHDRAWN}

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="certification_requests",
    )
    form = models.CharField(_("form"), max_length=1, choices=Form.choices)
    received_on = models.DateField(_("received"))
    requester_kind = models.CharField(
        _("requested by"), max_length=10, choices=Requester.choices
    )
    crime = models.CharField(_("crime category"), max_length=20, choices=Crime.choices)
    language = models.CharField(_("language of the requester"), max_length=12)
    report_number = models.CharField(
        _("police report number"), max_length=40, blank=True
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.RECEIVED
    )
    decline_reason = models.CharField(
        _("reason for declining"),
        max_length=16,
        choices=DeclineReason.choices,
        blank=True,
    )
    certifying_official = models.CharField(
        _("certifying official"), max_length=120, blank=True
    )
    review_started_on = models.DateField(_("review started"), null=True, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    # The limit in force when the request arrived, and where it comes from.
    deadline_days = models.PositiveSmallIntegerField(
        _("days allowed"), null=True, blank=True
    )
    deadline_source = models.CharField(
        _("source of the limit"), max_length=120, blank=True
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certification request")
        verbose_name_plural = _("certification requests")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.received_on}"

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED


class CertificationSettings(models.Model):
    """The agency's own limit for answering certification requests, set by an admin."""

    agency = models.OneToOneField(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="certification_settings",
    )
    own_days = models.PositiveSmallIntegerField(
        _("our own limit in days"), null=True, blank=True,
        help_text=_("Leave empty to use the state's limit, where a statute sets one."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("certification settings")
        verbose_name_plural = _("certification settings")

    def __str__(self) -> str:
        return str(self.agency)


class FollowUpTemplate(models.Model):
    """An agency's wording of a follow-up message in one language."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("After a community contact")
        COMPLAINT = "complaint", _("After a complaint")

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=12)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=1000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "language"], name="followup_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.language}"


class FollowUp(models.Model):
    """One follow-up message a resident agreed to receive. The address is kept only
    until the message is sent (or the retention period ends)."""

    class Topic(models.TextChoices):
        GENERAL = "general", _("General question or contact")
        COMPLAINT = "complaint", _("Complaint or commendation")
        PROPERTY = "property", _("Property crime or traffic")
        VICTIM = "victim_services", _("Victim services")
        DOMESTIC = "domestic_violence", _("Domestic violence")
        SEXUAL = "sexual_assault", _("Sexual assault")
        TRAFFICKING = "trafficking", _("Trafficking")
        IMMIGRATION = "immigration", _("Immigration-related request")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        REFUSED = "refused", _("Refused")
        EXPIRED = "expired", _("Address deleted unsent")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+"
    )
    complaint = models.ForeignKey(
        Complaint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    kind = models.CharField(
        _("after"), max_length=10, choices=FollowUpTemplate.Kind.choices
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    language = models.CharField(_("language"), max_length=12)
    channel = models.CharField(_("by"), max_length=5, choices=Channel.choices)
    recipient = models.CharField(_("email or phone"), max_length=254, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    message_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"follow-up {self.pk}"
