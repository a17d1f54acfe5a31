from django.db.models import Count, QuerySet

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


def agency_audit_events(*, agency: Agency) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_agency(agency)


def agency_dashboard_summary(*, agency: Agency) -> dict:
    by_role = dict(
        agency.memberships.values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return {
        "member_count": sum(by_role.values()),
        "members_by_role": by_role,
        "programs": list(agency.programs.order_by("name")),
    }


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
