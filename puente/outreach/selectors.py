from collections import Counter

from django.db.models import Count

from puente.agencies.models import Agency
from puente.lib.quarters import Quarter
from puente.lib.stats import count_change_p_value, is_meaningful_change
from puente.outreach.models import CommunityContact, Liaison


def _contacts(agency: Agency, quarter: Quarter, liaison: Liaison | None = None):
    contacts = CommunityContact.objects.filter(
        agency=agency, date__gte=quarter.start, date__lte=quarter.end
    )
    if liaison is not None:
        contacts = contacts.filter(liaison=liaison)
    return contacts


def quarter_summary(
    *, agency: Agency, quarter: Quarter, liaison: Liaison | None = None
) -> dict:
    """The quarter's contact figures, with the change from the previous quarter and
    whether it is meaningful (exact Poisson test, p < 0.05)."""
    contacts = _contacts(agency, quarter, liaison)
    previous = _contacts(agency, quarter.previous(), liaison).count()
    total = contacts.count()
    per_liaison = dict(
        contacts.values_list("liaison__name")
        .annotate(n=Count("id"))
        .values_list("liaison__name", "n")
    )
    liaisons = len(per_liaison)
    topics: Counter[str] = Counter()
    for values in contacts.values_list("topics", flat=True):
        topics.update(values)
    return {
        "quarter": str(quarter),
        "contacts": total,
        "previous_quarter_contacts": previous,
        "change": total - previous,
        "change_p_value": count_change_p_value(previous, total),
        "change_is_meaningful": is_meaningful_change(previous, total),
        "liaisons": liaisons,
        "contacts_per_liaison": round(total / liaisons, 1) if liaisons else None,
        "contacts_by_liaison": dict(sorted(per_liaison.items())),
        "contacts_by_language": _counts(contacts, "language"),
        "contacts_by_setting": _counts(contacts, "setting"),
        "contacts_by_topic": dict(sorted(topics.items())),
        "interpreter_used": contacts.filter(interpreter_used=True).count(),
        "follow_ups_needed": contacts.filter(follow_up_needed=True).count(),
        "active_partners": contacts.exclude(partner=None)
        .values("partner")
        .distinct()
        .count(),
    }


def _counts(contacts, field: str) -> dict[str, int]:
    return dict(
        sorted(
            contacts.values_list(field).annotate(n=Count("id")).values_list(field, "n")
        )
    )
