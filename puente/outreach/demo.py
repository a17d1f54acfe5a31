"""Two quarters of invented outreach for the two fictional demo agencies."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from puente.agencies.models import Agency, WorkforceLanguage
from puente.lib.quarters import Quarter
from puente.outreach.models import (
    AdvisoryMeeting,
    AdvisoryMember,
    Agreement,
    CommunityContact,
    CommunityProgram,
    Event,
    Goal,
    GoalReport,
    Liaison,
    MediaOutreach,
    PartnerOrganization,
    Recommendation,
    Setting,
    Topic,
    Training,
)
from puente.principles.models import Principle

PLAN = {
    "riverbend-pd-fictional": {
        "liaisons": [("Lía Ortega", "liaison@riverbend.example", ["es", "en"]), ("Abdi Warsame", None, ["so", "en"]), ("Mai Vang", None, ["hmn", "en"])],
        "partners": [("Riverbend Somali Community Center (fictional)", "social"), ("St. Anne's Parish (fictional)", "faith"),
                     ("Riverbend Legal Aid (fictional)", "legal"), ("Hmong Families Association (fictional)", "advocacy")],
        "contacts": [95, 141, 38],
    },
    "lakeview-county-so-fictional": {
        "liaisons": [("Rosa Díaz", None, ["es", "en"]), ("Jean-Baptiste Pierre", None, ["ht", "fr", "en"])],
        "partners": [("Lakeview Haitian Alliance (fictional)", "advocacy"), ("Iglesia Nueva Vida (fictional)", "faith"),
                     ("Lakeview Farmworker Clinic (fictional)", "social")],
        "contacts": [70, 64, 21],
    },
}  # fmt: skip


@transaction.atomic
def outreach_demo_load() -> int:
    rng = random.Random(5)
    today = timezone.localdate()
    created = 0
    User = get_user_model()
    for slug, plan in PLAN.items():
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None or CommunityContact.objects.filter(agency=agency).exists():
            continue
        liaisons = [
            Liaison.objects.create(agency=agency, name=name, languages=languages, user=User.objects.filter(email=email).first() if email else None)
            for name, email, languages in plan["liaisons"]
        ]  # fmt: skip
        partners = [
            PartnerOrganization.objects.create(agency=agency, name=name, kind=kind)
            for name, kind in plan["partners"]
        ]
        contacts = []
        for quarter, count in zip(_quarters(), plan["contacts"], strict=True):
            span = (min(quarter.end, today) - quarter.start).days
            for _ in range(count):
                liaison = rng.choices(liaisons, weights=[5, 3, 2][: len(liaisons)])[0]
                language = (
                    rng.choice(liaison.languages[:-1] or ["en"])
                    if rng.random() < 0.8
                    else "en"
                )
                contacts.append(
                    CommunityContact(
                        agency=agency, liaison=liaison, date=quarter.start + timedelta(days=rng.randint(0, span)),
                        setting=rng.choices(Setting.values, weights=[5, 4, 4, 2, 3, 3, 2, 1])[0],
                        partner=rng.choice(partners) if rng.random() < 0.4 else None, language=language,
                        interpreter_used=rng.random() < 0.15,
                        topics=sorted(set(rng.choices(Topic.values, weights=[4, 2, 3, 3, 1, 1], k=rng.randint(1, 2)))),
                        follow_up_needed=rng.random() < 0.2,
                    )
                )  # fmt: skip
        CommunityContact.objects.bulk_create(contacts)
        created += len(liaisons) + len(partners) + len(contacts)
        created += _workspace(agency, partners, rng, today)
    return created


def _quarters() -> list[Quarter]:
    """The two quarters before this one, and this one so far: the demo never goes stale."""
    last = Quarter.of(timezone.localdate()).previous()
    return [last.previous(), last, last.next()]


def _day(rng, quarter: Quarter, today) -> date:
    end = min(quarter.end, today)
    return quarter.start + timedelta(days=rng.randint(0, (end - quarter.start).days))


WORKSPACE = {
    "riverbend-pd-fictional": {
        "sworn": 180,
        "contact": ("Halima Yusuf (fictional)", "halima@somali-center.example"),
        "programs": [
            # (name, principles, goal title, metric, target, events per quarter): the forums fall short twice.
            ("Somali community forums", ["broad-outreach", "leverage-partnerships"], "Three forums a quarter", "events", 3, [1, 2]),
            ("Liaison street outreach", ["broad-outreach", "monitor"], "100 community contacts a quarter", "contacts", 100, [0, 0]),
        ],
        "workforce": [("es", "fluent", 22), ("es", "certified", 6), ("so", "conversational", 2), ("hmn", "fluent", 1), ("vi", "basic", 3)],
        "board": ["Amina Farah (fictional)", "Pastor Luis Reyes (fictional)", "Ka Lee (fictional)", "Dr. Ellen Marsh (fictional)"],
    },
    "lakeview-county-so-fictional": {
        "sworn": 95,
        "contact": ("Marie-Claire Joseph (fictional)", "mcj@haitian-alliance.example"),
        "programs": [
            ("Spanish for deputies", ["train", "sustain"], "Deputies completing the course", "reported", 8, [0, 0]),
        ],
        "workforce": [("es", "fluent", 9), ("ht", "fluent", 2), ("fr", "conversational", 3)],
        "board": ["Rev. Joseph Antoine (fictional)", "Carmen Ruiz (fictional)", "Tom Becker (fictional)"],
    },
}  # fmt: skip

EVENTS = [
    ("forum", "Community forum: reporting crime safely", "Public library, main hall", 45),
    ("festival", "Summer cultural festival booth", "Riverside Park", 220),
    ("academy", "Citizen police academy, session", "Police headquarters, training room", 24),
    ("meeting", "Meeting with faith leaders", "Community center", 15),
]  # fmt: skip


def _workspace(agency: Agency, partners, rng, today) -> int:
    plan = WORKSPACE[agency.slug]
    earlier, last, current = _quarters()
    agency.sworn_staff = agency.sworn_staff or plan["sworn"]
    agency.save(update_fields=["sworn_staff"])
    first = partners[0]
    first.contact_name, first.contact_email = plan["contact"]
    first.save()
    Agreement.objects.create(partner=first, kind=Agreement.Kind.MOU, title="Referral and outreach MOU",
                             signed_on=earlier.start - timedelta(days=200))  # fmt: skip
    old = partners[-1]
    old.status, old.contact_name = (
        PartnerOrganization.Status.INACTIVE,
        "Former Coordinator (fictional)",
    )
    old.inactive_since = earlier.start - timedelta(
        days=800
    )  # past the retention period: `puente purge` shows it
    old.save()
    count = 2
    programs = []
    for name, principle_keys, goal_title, metric, target, forums in plan["programs"]:
        program = CommunityProgram.objects.create(
            agency=agency, name=name, owner="Community liaison unit", started_on=earlier.start - timedelta(days=400),
            funding=CommunityProgram.Funding.GRANT, funding_note="State community-policing grant (fictional)",
            written_policy=metric != "events", budget_line=False, trained_people=1 if metric == "events" else 3,
        )  # fmt: skip
        program.principles.set(Principle.objects.filter(key__in=principle_keys))
        goal = Goal.objects.create(
            program=program, title=goal_title, metric=metric, quarterly_target=target
        )
        if metric == "reported":
            GoalReport.objects.create(goal=goal, quarter=str(earlier), value=target + 2)
            GoalReport.objects.create(goal=goal, quarter=str(last), value=target - 3)
        for quarter, n in zip((earlier, last), forums, strict=True):
            for _ in range(n):
                event = Event.objects.create(
                    agency=agency, program=program, kind=Event.Kind.FORUM, title=f"{name}: community forum",
                    date=_day(rng, quarter, today), place="Community center", languages=["so", "en"],
                    interpretation_provided=True, attendance=rng.randint(20, 60), follow_ups=rng.randint(0, 4),
                )  # fmt: skip
                event.partners.set([first])
                count += 1
        programs.append(program)
        count += 2
    for quarter in (earlier, last, current):
        for kind, title, place, size in rng.sample(EVENTS, 3):
            day = _day(rng, quarter, today)
            Event.objects.create(
                agency=agency, kind=kind, title=title, date=day, place=place,
                languages=sorted({"en", *rng.sample(agency.community_languages or ["es"], 1)}),
                interpretation_provided=rng.random() < 0.7, attendance=int(size * rng.uniform(0.6, 1.2)),
            ).partners.set(rng.sample(partners, 2))  # fmt: skip
            count += 1
    for days, (kind, title, place, _size) in zip((12, 33), EVENTS[:2], strict=True):
        Event.objects.create(agency=agency, kind=kind, title=title, date=today + timedelta(days=days), place=place,
                             languages=["en", "es"], interpretation_provided=True)  # fmt: skip
        count += 1
    for quarter in (earlier, last):
        MediaOutreach.objects.create(agency=agency, date=_day(rng, quarter, today), channel="radio",
                                     outlet="Radio La Voz (fictional)", language="es", estimated_reach=12000,
                                     subject="How to report a crime without fear")  # fmt: skip
        MediaOutreach.objects.create(agency=agency, date=_day(rng, quarter, today), channel="social_media",
                                     outlet="Agency Facebook page", language="en", estimated_reach=rng.randint(2000, 6000),
                                     subject="Community forum announcement")  # fmt: skip
        Training.objects.create(agency=agency, title="Cultural competence: immigrant communities", kind="cultural",
                                audience="officers", date=_day(rng, quarter, today), hours=Decimal("4"),
                                attendees=rng.randint(20, 40), program=programs[-1])  # fmt: skip
        Training.objects.create(agency=agency, title="Tactical Spanish, module 1", kind="language", audience="officers",
                                date=_day(rng, quarter, today), hours=Decimal("8"), attendees=rng.randint(8, 15),
                                language="es")  # fmt: skip
        Training.objects.create(agency=agency, title="Know your local police (community class)", kind="other",
                                audience="community", date=_day(rng, quarter, today), hours=Decimal("2"),
                                attendees=rng.randint(15, 35), language="es")  # fmt: skip
        count += 5
    for language, level, staff in plan["workforce"]:
        WorkforceLanguage.objects.create(
            agency=agency, language=language, level=level, staff=staff
        )
        count += 1
    for name in plan["board"]:
        AdvisoryMember.objects.create(agency=agency, name=name, affiliation="Community leader (fictional)",
                                      joined_on=earlier.start - timedelta(days=300), show_publicly=True)  # fmt: skip
        count += 1
    for quarter in (earlier, last):
        meeting = AdvisoryMeeting.objects.create(
            agency=agency, date=_day(rng, quarter, today), place="Community center", attendance=len(plan["board"]) + 6,
            minutes="Members reviewed the quarter's outreach figures and asked about interpretation at forums.",
            minutes_public=True,
        )  # fmt: skip
        count += 1
    Recommendation.objects.create(agency=agency, meeting=meeting, made_on=meeting.date,
                                  text="Hold forums in the evening so that working parents can attend.")  # fmt: skip
    Recommendation.objects.create(agency=agency, made_on=earlier.start + timedelta(days=10),
                                  text="Publish the complaint form in the community's languages.",
                                  status=Recommendation.Status.IMPLEMENTED, response="Translated and posted.",
                                  closed_on=last.start + timedelta(days=20))  # fmt: skip
    return count + 2
