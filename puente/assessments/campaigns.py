"""Running a campaign: inviting agencies, the pre-notice, invitation and reminder
emails on their schedule, and response rates."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.assessments.models import (
    POLICE_RESPONDENTS,
    Campaign,
    CampaignAgency,
    Response,
)
from puente.audit.models import AuditEvent
from puente.audit.services import record
from puente.lib.sizes import SIZE_BANDS, size_band
from puente.lib.suppression import is_publishable
from puente.notifications.services import (
    message_queue,
    message_render,
    messages_due,
    messages_send_after_commit,
)

LOW_RESPONSE_RATE = 0.5


def agencies_matching(
    *,
    states: list[str] | None = None,
    types: list[str] | None = None,
    size_bands: list[str] | None = None,
) -> QuerySet[Agency]:
    """Registry agencies by state, type and size band (agencies of unknown size match no band)."""
    agencies = Agency.objects.filter(is_fictional=False) | Agency.objects.filter(
        is_fictional=True
    )
    if states:
        agencies = agencies.filter(state__in=states)
    if types:
        agencies = agencies.filter(agency_type__in=types)
    if size_bands:
        condition = Q(pk__in=[])
        for key, low, high, _label in SIZE_BANDS:
            if key in size_bands:
                band = Q(population_served__gte=low)
                if high is not None:
                    band &= Q(population_served__lt=high)
                condition |= band
        agencies = agencies.filter(condition)
    return agencies


@transaction.atomic
def campaign_invite_agencies(
    *, campaign: Campaign, agencies: QuerySet[Agency], actor=None
) -> int:
    """Add agencies to the campaign; those already in it are left as they are."""
    existing = set(campaign.participants.values_list("agency_id", flat=True))
    new = [
        CampaignAgency(campaign=campaign, agency_id=pk)
        for pk in agencies.values_list("pk", flat=True)
        if pk not in existing
    ]
    CampaignAgency.objects.bulk_create(new, batch_size=2000)
    if new:
        record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            obj=campaign,
            changes={"agencies_added": len(new)},
        )
    return len(new)


@transaction.atomic
def campaign_set_contacts(*, campaign: Campaign, text: str, actor=None) -> int:
    """Set the contact address of agencies in the campaign from lines of
    `short name or ORI, email[, language]` (language: a code of settings.LANGUAGES, the
    language the agency's mail is written in; English if left out). All or nothing:
    raises ValidationError naming every bad line."""
    languages = {code for code, _name in settings.LANGUAGES}
    entries = {e.agency.slug: e for e in campaign.participants.select_related("agency")}
    entries |= {e.agency.ori: e for e in entries.values() if e.agency.ori}
    problems, changes = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, _sep, rest = (part.strip() for part in line.partition(","))
        email, _sep, language = (part.strip() for part in rest.partition(","))
        language = language.lower() or settings.LANGUAGE_CODE
        entry = entries.get(key) or entries.get(key.upper())
        if entry is None:
            problems.append(
                _("Line %(line)d: %(agency)r is not an agency of this campaign.")
                % {"line": number, "agency": key}
            )
            continue
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("Line %(line)d: %(email)r is not an email address.")
                % {"line": number, "email": email}
            )
            continue
        if language not in languages:
            problems.append(
                _(
                    "Line %(line)d: %(language)r is not a language of Puente (%(codes)s)."
                )
                % {
                    "line": number,
                    "language": language,
                    "codes": ", ".join(sorted(languages)),
                }
            )
            continue
        changes[entry.pk] = (email.lower(), language)
    if problems:
        raise ValidationError(problems)
    for pk, (email, language) in changes.items():
        CampaignAgency.objects.filter(pk=pk).update(
            contact_email=email, contact_language=language
        )
    if changes:
        record(
            action=AuditEvent.Action.UPDATE,
            actor=actor,
            obj=campaign,
            changes={"contacts_set": len(changes)},
        )
    return len(changes)


@transaction.atomic
def campaign_agency_set_consent(
    *, entry: CampaignAgency, consent: bool, actor=None
) -> CampaignAgency:
    """Record whether the agency agrees to be named in the campaign's publications
    (as a point on the map and, if selected, in a profile). Audited."""
    if entry.consent_to_publish == consent:
        return entry
    before = entry.consent_to_publish
    entry.consent_to_publish = consent
    entry.save(update_fields=["consent_to_publish"])
    record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        agency=entry.agency,
        obj=entry,
        changes={"consent_to_publish": [before, consent]},
    )
    return entry


@dataclass
class Sent:
    prenotices: int = 0
    invitations: int = 0
    reminders: int = 0
    skipped_without_address: int = 0
    links: list[str] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)


def _survey_link(base_url: str, token) -> str:
    return base_url.rstrip("/") + reverse("assessments:survey", kwargs={"token": token})


def _links(
    campaign: Campaign, entry: CampaignAgency, base_url: str
) -> list[tuple[str, str]]:
    """(respondent type label, link) for each respondent of the agency who has not submitted, creating the responses."""
    kinds = campaign.respondent_types or campaign.instrument.spec["respondent_types"]
    responses = {
        r.respondent_type: r
        for r in Response.objects.filter(campaign=campaign, agency=entry.agency_id)
    }
    now = timezone.now()
    links = []
    for kind in kinds:
        response = responses.get(kind)
        if response is None:
            response = Response.objects.create(
                instrument=campaign.instrument, agency_id=entry.agency_id, campaign=campaign,
                respondent_type=kind, respondent_email=entry.contact_email, invited_at=now,
            )  # fmt: skip
        if not response.is_submitted:
            links.append(
                (
                    response.get_respondent_type_display(),
                    _survey_link(base_url, response.token),
                )
            )
    return links


def _sample_links(campaign: Campaign, base_url: str) -> list[tuple[str, str]]:
    """Links shaped like the real ones, for the preview (no response is created)."""
    kinds = campaign.respondent_types or campaign.instrument.spec["respondent_types"]
    labels = dict(Response._meta.get_field("respondent_type").flatchoices)
    return [
        (
            labels.get(kind, kind),
            _survey_link(base_url, "00000000-0000-0000-0000-000000000000"),
        )
        for kind in kinds
    ]


def campaign_reference(campaign: Campaign) -> str:
    """How the outbox refers to the messages of a campaign (notifications.Message.reference)."""
    return f"assessments.campaign:{campaign.pk}"


def _due(campaign: Campaign, entries, today: date):
    """(entry, template, reminder number) for each message the schedule says is due;
    entries without an address give (entry, None, 0)."""
    opened = campaign.is_open and (
        campaign.opens_on is None or campaign.opens_on <= today
    )
    for entry in entries:
        if not entry.contact_email:
            yield entry, None, 0
            continue
        if not opened:
            if (
                entry.prenotice_sent_at is None
                and campaign.status != Campaign.Status.CLOSED
            ):
                yield entry, "prenotice", 0
            continue
        if entry.invitation_sent_at is None:
            yield entry, "invitation", 0
            continue
        schedule = campaign.reminder_days or []
        if entry.reminders_sent >= len(schedule):
            continue
        due = entry.invitation_sent_at.date() + timedelta(
            days=schedule[entry.reminders_sent]
        )
        if today >= due:
            yield entry, "reminder", entry.reminders_sent + 1


def _context(campaign: Campaign, entry: CampaignAgency) -> dict:
    return {
        "campaign": campaign,
        "agency": entry.agency,
        "site_name": settings.SITE_NAME,
    }


def campaign_preview_due(
    *, campaign: Campaign, base_url: str, today: date | None = None
) -> list[dict]:
    """What `campaign_send_due` would send today, without sending or creating anything:
    one example per kind of message and language, as
    {"template", "language", "count", "subject", "body"}; links are examples."""
    today = today or timezone.localdate()
    entries = campaign.participants.select_related("agency").order_by("agency__name")
    groups: dict[tuple[str, str], dict] = {}
    for entry, template, number in _due(campaign, entries, today):
        if template is None:
            continue
        key = (template, entry.contact_language)
        if key in groups:
            groups[key]["count"] += 1
            continue
        context = {**_context(campaign, entry), "number": number}
        if template != "prenotice":
            context["links"] = _sample_links(campaign, base_url)
        subject, body = message_render(
            template=f"campaign_{template}",
            context=context,
            language=entry.contact_language,
        )
        groups[key] = {
            "template": template, "language": entry.contact_language, "count": 1,
            "subject": subject, "body": body,
        }  # fmt: skip
    order = {"prenotice": 0, "invitation": 1, "reminder": 2}
    return sorted(groups.values(), key=lambda g: (order[g["template"]], g["language"]))


def _queue(
    campaign: Campaign, entry: CampaignAgency, template: str, context: dict
) -> int:
    subject, body = message_render(
        template=f"campaign_{template}",
        context=context,
        language=entry.contact_language,
    )
    return message_queue(
        kind=f"campaign_{template}", recipient=entry.contact_email, subject=subject,
        body=body, language=entry.contact_language, send=False,
        reference=f"{campaign_reference(campaign)}:{entry.pk}",
    ).pk  # fmt: skip


@transaction.atomic
def campaign_send_due(
    *, campaign: Campaign, base_url: str, today: date | None = None, actor=None
) -> Sent:
    """Queue what the schedule says is due today: a pre-notice before the campaign opens,
    the invitation with one link per respondent once it is open, then the reminders,
    each in the language of the agency's contact.

    The survey links and the outbox rows (notifications) are written in this one
    transaction; the messages are sent by a task after it commits, each exactly once.
    Messages of this campaign still waiting from an earlier run (a mail server that
    failed) are sent again with them. Running it again the same day queues nothing more.
    This is the one entry point the command, the scheduler and the pages call."""
    today = today or timezone.localdate()
    sent = Sent()
    now = timezone.now()
    entries = campaign.participants.select_related("agency").select_for_update()
    for entry, template, number in _due(campaign, entries, today):
        if template is None:
            sent.skipped_without_address += 1
            continue
        context = _context(campaign, entry)
        if template == "prenotice":
            sent.message_ids.append(_queue(campaign, entry, template, context))
            entry.prenotice_sent_at = now
            entry.save(update_fields=["prenotice_sent_at"])
            sent.prenotices += 1
        elif template == "invitation":
            links = _links(campaign, entry, base_url)
            sent.message_ids.append(
                _queue(campaign, entry, template, {**context, "links": links})
            )
            entry.invitation_sent_at = now
            entry.save(update_fields=["invitation_sent_at"])
            sent.invitations += 1
        else:
            links = _links(campaign, entry, base_url)
            if not links:
                continue
            sent.message_ids.append(
                _queue(
                    campaign,
                    entry,
                    template,
                    {**context, "links": links, "number": number},
                )
            )
            entry.reminders_sent += 1
            entry.last_reminder_at = now
            entry.save(update_fields=["reminders_sent", "last_reminder_at"])
            sent.reminders += 1
    waiting = messages_due(reference_prefix=campaign_reference(campaign))
    messages_send_after_commit(ids=sorted(set(waiting) | set(sent.message_ids)))
    if sent.prenotices or sent.invitations or sent.reminders:
        record(
            action=AuditEvent.Action.UPDATE, actor=actor, actor_label="" if actor else "schedule", obj=campaign,
            changes={"prenotices": sent.prenotices, "invitations": sent.invitations, "reminders": sent.reminders},
        )  # fmt: skip
    return sent


@dataclass
class RateCell:
    key: str
    invited: int
    responded: int
    publishable: bool

    @property
    def rate(self) -> float | None:
        return round(self.responded / self.invited, 3) if self.invited else None

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < LOW_RESPONSE_RATE


def _police_responded(campaign: Campaign) -> Exists:
    """Whether the agency of the outer row has a submitted police response in the campaign."""
    return Exists(
        Response.objects.filter(
            campaign=campaign, agency=OuterRef("agency"), status=Response.Status.SUBMITTED,
            respondent_type__in=POLICE_RESPONDENTS,
        )
    )  # fmt: skip


def campaign_response_rates(*, campaign: Campaign) -> dict:
    """Invited and responding agencies (at least one submitted police response),
    overall and by state, type and size band. Cells under the small-cell threshold
    are marked so that pages shown outside the program can hide them."""
    responded = _police_responded(campaign)
    rows = campaign.participants.annotate(responded=responded).values_list(
        "agency__state", "agency__agency_type", "agency__population_served", "responded"
    )
    tallies: dict[str, dict[str, list[int]]] = {"state": {}, "type": {}, "size": {}}
    total = [0, 0]
    for state, kind, population, did in rows:
        for dimension, key in (
            ("state", state),
            ("type", kind),
            ("size", size_band(population) or "unknown"),
        ):
            cell = tallies[dimension].setdefault(key, [0, 0])
            cell[0] += 1
            cell[1] += int(did)
        total[0] += 1
        total[1] += int(did)

    def cells(dimension):
        return [
            RateCell(k, v[0], v[1], is_publishable(v[0]))
            for k, v in sorted(tallies[dimension].items())
        ]

    return {
        "overall": RateCell("all", total[0], total[1], True),
        "by_state": cells("state"),
        "by_type": cells("type"),
        "by_size": cells("size"),
    }


def campaign_late_agencies(*, campaign: Campaign) -> QuerySet[CampaignAgency]:
    """Invited agencies with no submitted police response after every scheduled reminder."""
    responded = _police_responded(campaign)
    return (
        campaign.participants.filter(
            invitation_sent_at__isnull=False,
            reminders_sent__gte=len(campaign.reminder_days or []),
        )
        .annotate(responded=responded)
        .filter(responded=False)
        .select_related("agency")
    )
