"""Invented adoption histories for the demo's evidence, on fictional agencies only.

Sixty of the demo's fictional agencies get twelve quarters of trust-survey answers and
community contacts. Three library practices are adopted at staggered times, each by its
own fourteen agencies; eighteen agencies adopt none. By construction (all of it
fictional, and the practice pages say so):

- the civilian community liaison raises trust by about 8 points, willingness to report
  by about 6 and fair treatment by about 4, growing over the first quarters;
- regular community meetings and forums raise contacts by about 12 a quarter;
- academy tactical Spanish training changes nothing here.

Every agency shares a slow common rise in trust, so a before-and-after comparison alone
would credit every practice with it. Runs once: agencies that already have adoptions are
left alone.
"""

import random
from datetime import date

from django.db import transaction

from puente.agencies.models import Agency
from puente.lib.quarters import Quarter
from puente.outreach.models import CommunityContact, Liaison
from puente.portal.models import SurveyResponse
from puente.practices.models import Adoption, Practice
from puente.practices.services import adoption_record

QUARTERS = 12
POOL = 14
NEVER = 18
# practice slug -> adoption quarter offsets (0 = first quarter of the window)
PRACTICES = {
    "civilian-community-liaison": [3] * 5 + [6] * 5 + [9] * 4,
    "regular-community-meetings-and-forums": [2] * 5 + [5] * 5 + [8] * 4,
    "academy-tactical-spanish-and-cultural-training": [4] * 5 + [7] * 5 + [10] * 4,
}
# Effect in probability points at full strength, per survey question.
LIAISON_EFFECT = {"trust": 0.12, "report": 0.09, "fair": 0.06}
FORUM_CONTACTS = 12
RESPONDENTS = 50


def demo_window(today: date) -> list[Quarter]:
    """The twelve complete quarters before `today`'s, oldest first."""
    last = Quarter.of(today).previous()
    quarters = [last]
    while len(quarters) < QUARTERS:
        quarters.insert(0, quarters[0].previous())
    return quarters


def _ramp(quarter: int, start: int | None) -> float:
    """0 before adoption, then half in the first quarter and full from the third."""
    if start is None or quarter < start:
        return 0.0
    return min(1.0, 0.5 + 0.25 * (quarter - start))


@transaction.atomic
def evidence_demo_load(today: date | None = None) -> int:
    """Load the adoption histories and panels. Returns rows created (0 when present)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    practices = {p.slug: p for p in Practice.objects.filter(slug__in=PRACTICES)}
    agencies = list(
        Agency.objects.filter(is_fictional=True, slug__startswith="demo-").order_by(
            "slug"
        )[: POOL * len(PRACTICES) + NEVER]
    )
    if len(practices) < len(PRACTICES) or len(agencies) < POOL * len(PRACTICES) + NEVER:
        return 0
    if Adoption.objects.filter(agency__in=agencies).exists():
        return 0
    rng = random.Random(17)
    window = demo_window(today)
    plan: dict[int, tuple[str | None, int | None]] = {}
    for k, agency in enumerate(agencies):
        group = k // POOL if k < POOL * len(PRACTICES) else None
        if group is None:
            plan[agency.pk] = (None, None)
            continue
        slug = list(PRACTICES)[group]
        plan[agency.pk] = (slug, PRACTICES[slug][k % POOL])
    created = 0
    responses, contacts = [], []
    languages = ["en", "es", "so", "vi"]
    for agency in agencies:
        slug, start = plan[agency.pk]
        if slug is not None:
            adoption_record(
                agency=agency, practice=practices[slug],
                started_on=window[start].start,
                note="Fictional demo adoption.",
            )  # fmt: skip
            created += 1
        liaison = Liaison.objects.create(
            agency=agency, name="Demo liaison (fictional)", languages=["en", "es"]
        )
        level = rng.uniform(0.42, 0.62)
        contacts_level = rng.randint(12, 30)
        for q, quarter in enumerate(window):
            common = 0.006 * q
            for _ in range(RESPONDENTS):
                answers = {}
                for key in ("safety", "trust", "report", "witness", "fair", "voice"):
                    p = level + common
                    if slug == "civilian-community-liaison":
                        p += LIAISON_EFFECT.get(key, 0) * _ramp(q, start)
                    agree = rng.random() < p
                    answers[key] = (
                        rng.choice((4, 5)) if agree else rng.choice((1, 2, 3))
                    )
                responses.append(
                    SurveyResponse(
                        agency=agency,
                        quarter=str(quarter),
                        language=rng.choice(languages),
                        **answers,
                    )  # fmt: skip
                )
            count = contacts_level + rng.randint(-2, 2) + q // 3
            if slug == "regular-community-meetings-and-forums":
                count += round(FORUM_CONTACTS * _ramp(q, start))
            for _ in range(max(0, count)):
                day = quarter.start.toordinal() + rng.randint(0, 88)
                contacts.append(
                    CommunityContact(
                        agency=agency,
                        liaison=liaison,
                        date=date.fromordinal(min(day, quarter.end.toordinal())),
                        setting=rng.choice(["business", "faith", "community", "event"]),
                        language=rng.choice(languages),
                        topics=[],
                    )  # fmt: skip
                )
    SurveyResponse.objects.bulk_create(responses, batch_size=2000)
    CommunityContact.objects.bulk_create(contacts, batch_size=2000)
    return created + len(responses) + len(contacts)
