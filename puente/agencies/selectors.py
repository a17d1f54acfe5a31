from django.db.models import Count, QuerySet

from puente.agencies.models import Agency, Membership, Program
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
