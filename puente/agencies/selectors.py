from django.db.models import QuerySet

from puente.agencies.models import Agency, Membership, Program, WorkforceLanguage
from puente.audit.models import AuditEvent


def agency_directory(
    *, q: str = "", state: str = "", agency_type: str = ""
) -> QuerySet[Agency]:
    """Public registry facts, filtered; never anything agency members entered privately."""
    agencies = Agency.objects.all()
    if q:
        agencies = agencies.search(q)
    if state:
        agencies = agencies.filter(state=state)
    if agency_type:
        agencies = agencies.filter(agency_type=agency_type)
    return agencies.order_by("name", "state", "id")


def directory_states() -> list[str]:
    return list(
        Agency.objects.order_by("state").values_list("state", flat=True).distinct()
    )


def agency_members(*, agency: Agency) -> QuerySet[Membership]:
    return agency.memberships.select_related("user").order_by("role", "user__email")


def agency_audit_events(
    *,
    agency: Agency,
    who: str = "",
    action: str = "",
    kind: str = "",
    since=None,
    until=None,
) -> QuerySet[AuditEvent]:
    """The agency's audit events, newest first, filtered by who (part of the email or
    name recorded), action, kind of record (`object_type`) and UTC dates (inclusive).
    Events about the agency's members' accounts (sign-in, lockout) carry no agency and
    are not here; see docs/security.md."""
    events = AuditEvent.objects.for_agency(agency).select_related("actor")
    if who:
        events = events.filter(actor_label__icontains=who) | events.filter(
            actor__full_name__icontains=who
        )
    if action:
        events = events.filter(action=action)
    if kind:
        events = events.filter(object_type=kind)
    if since:
        events = events.filter(created_at__date__gte=since)
    if until:
        events = events.filter(created_at__date__lte=until)
    return events


def agency_audit_kinds(*, agency: Agency) -> list[str]:
    """The kinds of record (`object_type`) the agency's audit log mentions."""
    return sorted(
        set(
            AuditEvent.objects.filter(agency=agency)
            .order_by()
            .values_list("object_type", flat=True)
            .distinct()
        )
    )


def program_agencies(*, program: Program) -> QuerySet[Agency]:
    return program.agencies.order_by("state", "name")


def workforce_by_language(*, agency: Agency) -> dict[str, dict[str, int]]:
    """Staff per language and level, e.g. {"es": {"fluent": 12, "certified": 3}}.
    `"able"` sums the levels at which someone can hold a conversation (conversational and up)."""
    able_levels = {
        WorkforceLanguage.Level.CONVERSATIONAL,
        WorkforceLanguage.Level.FLUENT,
        WorkforceLanguage.Level.CERTIFIED,
    }
    result: dict[str, dict[str, int]] = {}
    for language, level, staff in agency.workforce_languages.values_list(
        "language", "level", "staff"
    ):
        entry = result.setdefault(language, {"able": 0})
        entry[level] = staff
        if level in able_levels:
            entry["able"] += staff
    return dict(sorted(result.items(), key=lambda kv: (-kv[1]["able"], kv[0])))
