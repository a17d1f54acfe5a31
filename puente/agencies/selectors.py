from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

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


# Events about a person's account rather than an agency's data: recorded without an
# agency, shown in the audit log of every agency the person is a member of.
ACCOUNT_ACTIONS = (
    AuditEvent.Action.LOGIN,
    AuditEvent.Action.LOGIN_FAILED,
    AuditEvent.Action.LOGOUT,
    AuditEvent.Action.LOCKOUT,
    AuditEvent.Action.UNLOCK,
    AuditEvent.Action.MFA_ENROL,
    AuditEvent.Action.MFA_REMOVE,
    AuditEvent.Action.MFA_VERIFY,
    AuditEvent.Action.PASSWORD_CHANGE,
    AuditEvent.Action.PASSWORD_RESET,
    AuditEvent.Action.SESSION_END,
    AuditEvent.Action.DISABLE,
)


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

    Besides the events about the agency's data, the account events of its current
    members (sign-in and its failures, lockout, second factor, password, sessions;
    `ACCOUNT_ACTIONS`), which carry no agency: a failed sign-in is matched by the
    email tried, so only attempts on a member's address appear, never another's.
    """
    members = agency.memberships.values_list("user_id", "user__email")
    ids = [user_id for user_id, _email in members]
    emails = [email.lower() for _id, email in members]
    accounts = Q(agency__isnull=True, action__in=ACCOUNT_ACTIONS) & (
        Q(actor_id__in=ids) | Q(label_lower__in=emails)
    )
    events = (
        AuditEvent.objects.alias(label_lower=Lower("actor_label"))
        .filter(Q(agency=agency) | accounts)
        .order_by("-created_at", "-id")
        .select_related("actor")
    )
    if who:
        events = events.filter(
            Q(actor_label__icontains=who) | Q(actor__full_name__icontains=who)
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
