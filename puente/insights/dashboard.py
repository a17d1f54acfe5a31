"""The agency's dashboard: what an agency admin needs to see first, from every room.

It lives in `insights` because it reads outreach, language access and the portal's
trust survey, which `agencies` may not import. Every figure comes from the selector
that the room's own page uses, so the dashboard and that page never disagree."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext as _

from puente.agencies.models import Agency
from puente.language_access.selectors import agency_analysis, coverage
from puente.lib.figures_cache import figures_version
from puente.lib.languages import language_name
from puente.lib.quarters import Quarter
from puente.outreach import selectors as outreach
from puente.outreach.models import Recommendation
from puente.portal.selectors import survey_results
from puente.portal.survey import QUESTIONS


@dataclass
class Comparison:
    label: str
    this: float
    last: float

    @property
    def change(self) -> float:
        return round(self.this - self.last, 1)


# Stands for the CSRF token in cached HTML: the page puts the request's own in.
CSRF_SLOT = "\x00csrf-token\x00"


def agency_dashboard_html(*, agency: Agency, role: str, can_write: bool) -> dict:
    """{"quarter": HTML, "panels": HTML}: the dashboard's figures (`agency_dashboard`
    for today) rendered, from the shared cache while they are current. The key carries
    the agency's figures version (bumped by every change to the records they come
    from, `puente.insights.receivers`), the day (the quarter and the goals depend on
    it), the language (labels and dates) and the role (the follow-up buttons); entries
    last at most PUENTE_FIGURES_CACHE_SECONDS. Forms carry CSRF_SLOT in place of the
    CSRF token. Uncached, the figures cost about 50 queries and the follow-up queue
    (50 forms) most of the page's rendering time."""
    today = timezone.localdate()
    key = (
        f"dashboard:{agency.pk}:{figures_version(agency.pk)}:{today.isoformat()}:"
        f"{get_language()}:{role}"
    )
    parts = cache.get(key)
    if parts is None:
        context = {
            **agency_dashboard(agency=agency, today=today),
            "agency": agency,
            "can_write": can_write,
            "csrf_token": CSRF_SLOT,
        }
        parts = {
            part: render_to_string(f"insights/_dashboard_{part}.html", context)
            for part in ("quarter", "panels")
        }
        cache.set(key, parts, settings.PUENTE_FIGURES_CACHE_SECONDS)
    return parts


def agency_dashboard(*, agency: Agency, today: date | None = None) -> dict:
    """{"quarter", "previous", "comparisons": [Comparison], "off_track": [(program,
    goal title)], "gaps": [(language, document title)], "trust": [(quarter, share or
    None)], "trust_label", "recommendations": [Recommendation], "follow_ups": {...}}.

    This quarter is the calendar quarter of `today`, so far; the last is the whole
    quarter before it. Training hours are officer hours
    (hours × attendees of officer trainings)."""
    quarter = Quarter.of(today or timezone.localdate())
    previous = quarter.previous()
    # The dashboard compares figures without testing them: no SciPy for it.
    this = outreach.quarter_summary(agency=agency, quarter=quarter, change_tests=False)
    last = outreach.quarter_summary(agency=agency, quarter=previous, change_tests=False)
    comparisons = [
        Comparison(label, this[key], last[key])
        for key, label in (
            ("contacts", _("Community contacts")),
            ("events", _("Events")),
            ("active_partners", _("Active partners")),
            ("training_hours", _("Officer training hours")),
        )
    ]
    off_track = [
        (result.program.name, title)
        for result in outreach.program_results(
            agency=agency, quarter=quarter, today=today
        )
        for title in result.flagged_goals
    ]
    gaps = [
        (language_name(requirement.language), str(document))
        for requirement, document in coverage(
            agency=agency, analysis=agency_analysis(agency=agency)
        ).gaps
    ]
    table = survey_results(agency=agency, by="quarter")
    key, _statement, short = QUESTIONS[1]  # "I trust the police where I live."
    trust = [(group, table.rows[key][group].share) for group in table.groups]
    return {
        "quarter": str(quarter),
        "previous": str(previous),
        "comparisons": comparisons,
        "off_track": off_track,
        "gaps": gaps,
        "trust": trust,
        "trust_label": short,
        "recommendations": list(
            Recommendation.objects.filter(
                agency=agency, status=Recommendation.Status.OPEN
            ).order_by("made_on")[:20]
        ),
        "follow_ups": outreach.follow_up_queue(agency=agency),
    }


def recent_activity(*, agency: Agency, limit: int = 8) -> list[tuple]:
    """The agency's latest audit events as [(UTC datetime, sentence)], newest first,
    each sentence from `audit.describe` ("Ana published the portal text “Policy (es)”").
    Sign-in noise (sign-ins, sign-outs, sessions ended, downloads) is left to the audit
    log itself."""
    from puente.audit.describe import describe
    from puente.audit.models import AuditEvent

    quiet = {
        AuditEvent.Action.LOGIN,
        AuditEvent.Action.LOGOUT,
        AuditEvent.Action.SESSION_END,
        AuditEvent.Action.EXPORT,
        AuditEvent.Action.ACCESS_DENIED,
        AuditEvent.Action.MFA_VERIFY,
    }
    events = (
        AuditEvent.objects.filter(agency=agency)
        .exclude(action__in=quiet)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [(event.created_at, describe(event)) for event in events]
