"""Reads for the outreach workspace, always scoped by agency: the quarter's figures,
program goals against their targets, and the national roll-up."""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from puente.agencies.models import Agency
from puente.lib.quarters import Quarter
from puente.lib.stats import count_change_p_values, is_significant
from puente.outreach.models import (
    CommunityContact,
    CommunityProgram,
    Event,
    Goal,
    GoalReport,
    Liaison,
    MediaOutreach,
    Recommendation,
    Training,
)


def _in(queryset, quarter: Quarter, field: str = "date"):
    return queryset.filter(
        **{f"{field}__gte": quarter.start, f"{field}__lte": quarter.end}
    )


def _contacts(agency: Agency, quarter: Quarter, liaison: Liaison | None = None):
    contacts = _in(CommunityContact.objects.filter(agency=agency), quarter)
    if liaison is not None:
        contacts = contacts.filter(liaison=liaison)
    return contacts


def _counts(queryset, field: str) -> dict[str, int]:
    return dict(
        sorted(
            queryset.order_by()
            .values_list(field)
            .annotate(n=Count("*"))
            .values_list(field, "n")
        )
    )


def _topic_counts(contacts) -> dict[str, int]:
    # Grouping by the stored list gives at most a few dozen combinations to add up,
    # instead of every contact's list travelling to Python.
    topics: Counter[str] = Counter()
    for values, n in contacts.order_by().values_list("topics").annotate(n=Count("*")):
        for topic in set(values or []):
            topics[topic] += n
    return dict(sorted(topics.items()))


def _contact_figures(agency: Agency, quarter: Quarter, liaison: Liaison | None) -> dict:
    """The quarter's contact counts: {"n", "interpreter", "follow_ups": int, "liaison":
    {liaison id: n}, "language", "setting", "topics": {value: n} sorted by value,
    "partner": {partner id: n}}.

    On PostgreSQL one statement reads the quarter once from the agency-and-date covering
    index and groups it every way at once (GROUPING SETS), instead of one scan per figure;
    SQLite, which has no grouping sets, takes one grouped query per figure."""
    contacts = _contacts(agency, quarter, liaison)
    if connection.vendor != "postgresql":
        totals = contacts.aggregate(
            n=Count("*"),
            interpreter=Count("date", filter=Q(interpreter_used=True)),
            follow_ups=Count("date", filter=Q(follow_up_needed=True)),
        )
        return {
            **totals,
            "liaison": _counts(contacts, "liaison_id"),
            "language": _counts(contacts, "language"),
            "setting": _counts(contacts, "setting"),
            "topics": _topic_counts(contacts),
            "partner": _counts(contacts.exclude(partner=None), "partner_id"),
        }
    sql = f"""
        SELECT GROUPING(liaison_id, language, setting, topics, partner_id),
               liaison_id, language, setting, topics, partner_id, COUNT(*),
               COUNT(*) FILTER (WHERE interpreter_used), COUNT(*) FILTER (WHERE follow_up_needed)
        FROM {CommunityContact._meta.db_table}
        WHERE agency_id = %s AND date >= %s AND date <= %s {"AND liaison_id = %s" if liaison else ""}
        GROUP BY GROUPING SETS ((), (liaison_id), (language), (setting), (topics), (partner_id))
    """  # noqa: S608 - the model's table, values as parameters
    params = [agency.pk, quarter.start, quarter.end]
    if liaison is not None:
        params.append(liaison.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # GROUPING(...) has a bit set for each column the row is not grouped by, the first
    # column in the highest bit: 0b01111 is the row per liaison, 0b11111 the total.
    figures: dict = {"n": 0, "interpreter": 0, "follow_ups": 0}
    by = {"liaison": {}, "language": {}, "setting": {}, "partner": {}}
    topics: Counter[str] = Counter()
    for grouping, liaison_id, language, setting, values, partner, n, interpreter, follow_ups in rows:  # fmt: skip
        if grouping == 0b11111:
            figures.update(n=n, interpreter=interpreter, follow_ups=follow_ups)
        elif grouping == 0b01111:
            by["liaison"][liaison_id] = n
        elif grouping == 0b10111:
            by["language"][language] = n
        elif grouping == 0b11011:
            by["setting"][setting] = n
        elif grouping == 0b11101:
            if isinstance(values, str):
                values = json.loads(values)
            for topic in set(values or []):
                topics[topic] += n
        elif grouping == 0b11110 and partner is not None:
            by["partner"][partner] = n
    figures.update({key: dict(sorted(counts.items())) for key, counts in by.items()})
    figures["topics"] = dict(sorted(topics.items()))
    return figures


def quarter_summary(
    *,
    agency: Agency,
    quarter: Quarter,
    liaison: Liaison | None = None,
    change_tests: bool = True,
) -> dict:
    """The quarter's figures. Contact figures follow the liaison filter; the rest are the
    agency's. Quarter-over-quarter change in contacts and events is tested with an exact
    Poisson test (p < 0.05, `lib.stats.count_change_p_values`, both in one batch); with
    `change_tests=False` (a page that shows no test) the keys `change_p_value`,
    `change_is_meaningful` and `events_change_is_meaningful` are left out."""
    figures = _contact_figures(agency, quarter, liaison)
    total = figures["n"]
    previous = _contacts(agency, quarter.previous(), liaison).count()
    per_liaison_id = figures["liaison"]
    names = dict(
        Liaison.objects.filter(pk__in=per_liaison_id).values_list("pk", "name")
    )
    per_liaison = dict(sorted((names[pk], n) for pk, n in per_liaison_id.items()))
    liaisons = len(per_liaison)

    events = _in(Event.objects.filter(agency=agency), quarter)
    event_totals = events.aggregate(
        n=Count("*"), attendance=Sum("attendance"), follow_ups=Sum("follow_ups")
    )
    previous_events = _in(
        Event.objects.filter(agency=agency), quarter.previous()
    ).count()
    contact_partners = set(figures["partner"])
    event_partners = set(
        events.filter(partners__isnull=False)
        .order_by()
        .values_list("partners", flat=True)
        .distinct()
    )

    trainings = _in(Training.objects.filter(agency=agency), quarter)
    officer_hours = trainings.filter(audience=Training.Audience.OFFICERS).aggregate(
        hours=Sum(F("hours") * F("attendees"))
    )["hours"] or Decimal(0)
    community_trained = (
        trainings.filter(audience=Training.Audience.COMMUNITY).aggregate(
            n=Sum("attendees")
        )["n"]
        or 0
    )
    media = _in(MediaOutreach.objects.filter(agency=agency), quarter).aggregate(
        n=Count("*"), reach=Sum("estimated_reach")
    )
    contact_tests, event_tests = {}, {}
    if change_tests:
        contacts_change = (previous, total)
        events_change = (previous_events, event_totals["n"])
        p_values = count_change_p_values([contacts_change, events_change])
        contact_tests = {
            "change_p_value": p_values[contacts_change],
            "change_is_meaningful": is_significant(p_values[contacts_change]),
        }
        event_tests = {
            "events_change_is_meaningful": is_significant(p_values[events_change])
        }
    return {
        "quarter": str(quarter),
        "contacts": total,
        "previous_quarter_contacts": previous,
        "change": total - previous,
        **contact_tests,
        "liaisons": liaisons,
        "contacts_per_liaison": round(total / liaisons, 1) if liaisons else None,
        "contacts_by_liaison": per_liaison,
        "contacts_by_language": figures["language"],
        "contacts_by_setting": figures["setting"],
        "contacts_by_topic": figures["topics"],
        "interpreter_used": figures["interpreter"],
        "follow_ups_needed": figures["follow_ups"],
        "events": event_totals["n"],
        "previous_quarter_events": previous_events,
        **event_tests,
        "attendance": event_totals["attendance"] or 0,
        "event_follow_ups": event_totals["follow_ups"] or 0,
        "active_partners": len(contact_partners | event_partners),
        "media_items": media["n"],
        "media_reach": media["reach"] or 0,
        "training_hours": float(officer_hours),
        "sworn_staff": agency.sworn_staff,
        "training_hours_per_officer": (
            round(float(officer_hours) / agency.sworn_staff, 2)
            if agency.sworn_staff
            else None
        ),
        "community_members_trained": community_trained,
        **recommendation_counts(agency=agency, quarter=quarter),
    }


def recommendation_counts(*, agency: Agency, quarter: Quarter) -> dict[str, int]:
    """Advisory-board recommendations: made during the quarter, closed during it, and
    still open at its end."""
    recommendations = Recommendation.objects.filter(agency=agency)
    closed = list(Recommendation.CLOSED)
    return recommendations.aggregate(
        recommendations_made=Count(
            "id", filter=Q(made_on__gte=quarter.start, made_on__lte=quarter.end)
        ),
        recommendations_closed=Count(
            "id",
            filter=Q(
                status__in=closed,
                closed_on__gte=quarter.start,
                closed_on__lte=quarter.end,
            ),
        ),
        recommendations_open=Count(
            "id",
            filter=Q(made_on__lte=quarter.end)
            & (
                ~Q(status__in=closed)
                | Q(closed_on__isnull=True)
                | Q(closed_on__gt=quarter.end)
            ),
        ),
    )


def contacts_by_quarter(
    *, agency: Agency, last: Quarter, count: int = 6, liaison: Liaison | None = None
) -> list[tuple[str, int]]:
    """Contacts in each of the `count` quarters up to `last`, oldest first."""
    quarters = [last]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    # A plain COUNT(*) per quarter: each is a range of the covering index, read alone, and
    # cheaper than one pass that tests every row against every quarter; all in one
    # statement, one round trip.
    table = CommunityContact._meta.db_table
    one = f"(SELECT COUNT(*) FROM {table} WHERE agency_id = %s AND date >= %s AND date <= %s{' AND liaison_id = %s' if liaison else ''})"  # noqa: S608 - the model's table
    params: list = []
    for q in quarters:
        params += [agency.pk, q.start, q.end] + ([liaison.pk] if liaison else [])
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([one] * len(quarters)), params)
        counts = dict(zip([str(q) for q in quarters], cursor.fetchone(), strict=True))
    return [(str(q), counts[str(q)]) for q in quarters]


# Programs and their goals


@dataclass
class GoalResult:
    goal: Goal
    target: int
    actual: int | None  # None: a reported figure that was not reported
    previous_actual: int | None

    @property
    def met(self) -> bool:
        return self.actual is not None and self.actual >= self.target


@dataclass
class ProgramResult:
    program: CommunityProgram
    goals: list[GoalResult] = field(default_factory=list)
    flagged: bool = False
    flagged_goals: list[str] = field(default_factory=list)
    evaluated: tuple[str, str] = ("", "")


def judged_quarters(
    quarter: Quarter, today: date | None = None
) -> tuple[Quarter, Quarter]:
    """The two quarters a program is judged on: the chosen one and the one before, moved
    back one when the chosen quarter has not ended yet (a quarter in progress has not
    missed anything)."""
    today = today or timezone.localdate()
    last = quarter if quarter.end < today else quarter.previous()
    return last.previous(), last


def _program_actuals(agency: Agency, quarter: Quarter, metrics: set[str]) -> dict:
    """Counted metrics per program for one quarter: one grouped query for each kind of
    record that some goal is measured by, none for the others."""
    M = Goal.Metric
    actuals: dict[tuple[int | None, str], int] = {}
    if M.CONTACTS in metrics:
        actuals[(None, M.CONTACTS)] = _contacts(agency, quarter).count()
    events = (
        _in(Event.objects.filter(agency=agency, program__isnull=False), quarter)
        if metrics & {M.EVENTS, M.ATTENDANCE}
        else Event.objects.none()
    )
    trainings = (
        _in(Training.objects.filter(agency=agency, program__isnull=False), quarter)
        if M.TRAINING_HOURS in metrics
        else Training.objects.none()
    )
    media = (
        _in(MediaOutreach.objects.filter(agency=agency, program__isnull=False), quarter)
        if M.MEDIA_REACH in metrics
        else MediaOutreach.objects.none()
    )
    for program, n, attendance in (
        events.order_by()
        .values_list("program")
        .annotate(n=Count("*"), attendance=Sum("attendance"))
        .values_list("program", "n", "attendance")
    ):
        actuals[(program, Goal.Metric.EVENTS)] = n
        actuals[(program, Goal.Metric.ATTENDANCE)] = attendance or 0
    for program, hours in (
        trainings.order_by()
        .values_list("program")
        .annotate(hours=Sum(F("hours") * F("attendees")))
        .values_list("program", "hours")
    ):
        actuals[(program, Goal.Metric.TRAINING_HOURS)] = int(hours or 0)
    for program, reach in (
        media.order_by()
        .values_list("program")
        .annotate(reach=Sum("estimated_reach"))
        .values_list("program", "reach")
    ):
        actuals[(program, Goal.Metric.MEDIA_REACH)] = reach or 0
    return actuals


def _actual(goal: Goal, actuals: dict, reports: dict) -> int | None:
    if goal.metric == Goal.Metric.REPORTED:
        return reports.get(goal.pk)
    if goal.metric == Goal.Metric.CONTACTS:
        return actuals[(None, Goal.Metric.CONTACTS)]
    return actuals.get((goal.program_id, goal.metric), 0)


def _runs_in(program: CommunityProgram, quarter: Quarter) -> bool:
    return program.started_on <= quarter.start and (
        program.ended_on is None or program.ended_on >= quarter.end
    )


def program_results(
    *, agency: Agency, quarter: Quarter, today: date | None = None
) -> list[ProgramResult]:
    """Each program's goals against their targets in `quarter`, and a flag on a program
    with a goal that missed its target in both judged quarters (see `judged_quarters`)."""
    programs = list(
        CommunityProgram.objects.filter(agency=agency).prefetch_related(
            "goals", "principles"
        )
    )
    if not programs:
        return []
    earlier, later = judged_quarters(quarter, today)
    wanted = {quarter, quarter.previous(), earlier, later}
    metrics = {goal.metric for program in programs for goal in program.goals.all()}
    actuals = {q: _program_actuals(agency, q, metrics) for q in wanted}
    reports: dict[Quarter, dict[int, int]] = {q: {} for q in wanted}
    for goal_id, text, value in GoalReport.objects.filter(
        goal__program__agency=agency, quarter__in=[str(q) for q in wanted]
    ).values_list("goal", "quarter", "value"):
        reports[Quarter.parse(text)][goal_id] = value
    results = []
    for program in programs:
        result = ProgramResult(program=program, evaluated=(str(earlier), str(later)))
        for goal in program.goals.all():
            result.goals.append(
                GoalResult(
                    goal=goal,
                    target=goal.quarterly_target,
                    actual=_actual(goal, actuals[quarter], reports[quarter]),
                    previous_actual=_actual(
                        goal, actuals[quarter.previous()], reports[quarter.previous()]
                    ),
                )
            )
            if _runs_in(program, earlier) and all(
                (_actual(goal, actuals[q], reports[q]) or 0) < goal.quarterly_target
                for q in (earlier, later)
            ):
                result.flagged_goals.append(goal.title)
        result.flagged = bool(result.flagged_goals)
        results.append(result)
    return results


# Across agencies


def national_contacts_per_liaison(*, quarter: Quarter) -> list[dict]:
    """Contacts per active liaison by state for one quarter, across every agency: the
    national roll-up. A liaison counts as active when they logged a contact.

    On PostgreSQL each agency's quarter is read from the agency-and-date covering index (a
    lateral join: one short index range per agency), so contacts need no second index on
    the date alone, which would slow every import. SQLite takes the plain grouping."""
    contact_table = CommunityContact._meta.db_table
    agency_table = Agency._meta.db_table
    if connection.vendor == "postgresql":
        per_liaison = f"""
            {agency_table} a CROSS JOIN LATERAL (
                SELECT c.agency_id, c.liaison_id, COUNT(*) AS n FROM {contact_table} c
                WHERE c.agency_id = a.id AND c.date >= %s AND c.date <= %s
                GROUP BY c.agency_id, c.liaison_id) s"""  # noqa: S608 - model tables
    else:
        per_liaison = f"""
            (SELECT agency_id, liaison_id, COUNT(*) AS n FROM {contact_table}
             WHERE date >= %s AND date <= %s GROUP BY agency_id, liaison_id) s
            JOIN {agency_table} a ON a.id = s.agency_id"""  # noqa: S608 - model tables
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT a.state, COUNT(DISTINCT s.agency_id), COUNT(*), SUM(s.n)
            FROM {per_liaison}
            GROUP BY a.state ORDER BY a.state
            """,  # noqa: S608 - table names from the models, values as parameters
            [quarter.start, quarter.end],
        )
        rows = cursor.fetchall()
    return [
        {
            "state": state,
            "agencies": agencies,
            "liaisons": liaisons,
            "contacts": int(contacts),
            "contacts_per_liaison": round(int(contacts) / liaisons, 1),
        }
        for state, agencies, liaisons, contacts in rows
    ]


def quarter_figures(
    *, agency: Agency, quarter: Quarter, liaison: Liaison | None = None, today=None
) -> dict:
    """The quarter's summary with its programs, as plain data for JSON, exports and reports."""
    figures = quarter_summary(agency=agency, quarter=quarter, liaison=liaison)
    figures["programs"] = [
        {
            "name": result.program.name,
            "flagged": result.flagged,
            "flagged_goals": result.flagged_goals,
            "judged_quarters": list(result.evaluated),
            "sustainability": result.program.sustainability,
            "goals": [
                {
                    "title": g.goal.title,
                    "metric": g.goal.metric,
                    "target": g.target,
                    "actual": g.actual,
                    "previous_quarter_actual": g.previous_actual,
                    "met": g.met,
                }
                for g in result.goals
            ],
        }
        for result in program_results(agency=agency, quarter=quarter, today=today)
    ]
    return figures


def default_quarter(today: date | None = None) -> Quarter:
    """The last quarter that has ended: the one a chief reads."""
    return Quarter.of(today or timezone.localdate()).previous()


def languages_against_workforce(*, agency: Agency, summary: dict) -> list[dict]:
    """The community's languages (from the profile and the quarter's contacts) next to how
    many staff can hold a conversation in each: where the agency can and cannot be understood."""
    from puente.agencies.selectors import workforce_by_language

    workforce = workforce_by_language(agency=agency)
    contacts = summary["contacts_by_language"]
    languages = [
        code
        for code in dict.fromkeys([*agency.community_languages, *contacts, *workforce])
        if code != "en"
    ]
    rows = [
        {
            "language": code,
            "community_language": code in agency.community_languages,
            "contacts": contacts.get(code, 0),
            "staff_able": workforce.get(code, {}).get("able", 0),
            "staff_certified": workforce.get(code, {}).get("certified", 0),
        }
        for code in languages
    ]
    return sorted(rows, key=lambda r: (-r["contacts"], -r["staff_able"], r["language"]))


def follow_up_queue(*, agency: Agency, limit: int = 50) -> dict:
    """Contacts marked as needing a follow-up that is not done yet, oldest first, at
    most `limit` of them: {"waiting": n, "unassigned": n, "contacts": [...]}."""
    waiting = CommunityContact.objects.filter(
        agency=agency, follow_up_needed=True, follow_up_done_at__isnull=True
    )
    counts = waiting.aggregate(
        n=Count("pk"), unassigned=Count("pk", filter=Q(follow_up_assignee=None))
    )
    return {
        "waiting": counts["n"],
        "unassigned": counts["unassigned"],
        "contacts": list(
            waiting.select_related("liaison", "follow_up_assignee").order_by(
                "date", "created_at"
            )[:limit]
        ),
    }
