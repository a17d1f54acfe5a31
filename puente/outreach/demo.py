"""Two quarters of invented outreach for the two fictional demo agencies."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from puente.agencies.models import Agency
from puente.outreach.models import (
    CommunityContact,
    Liaison,
    PartnerOrganization,
    Setting,
    Topic,
)

PLAN = {
    "riverbend-pd-fictional": {
        "liaisons": [("Lía Ortega", "liaison@riverbend.example", ["es", "en"]), ("Abdi Warsame", None, ["so", "en"]), ("Mai Vang", None, ["hmn", "en"])],
        "partners": [("Riverbend Somali Community Center (fictional)", "social"), ("St. Anne's Parish (fictional)", "faith"),
                     ("Riverbend Legal Aid (fictional)", "legal"), ("Hmong Families Association (fictional)", "advocacy")],
        "quarters": [(date(2026, 4, 1), 95), (date(2026, 7, 1), 141)],
    },
    "lakeview-county-so-fictional": {
        "liaisons": [("Rosa Díaz", None, ["es", "en"]), ("Jean-Baptiste Pierre", None, ["ht", "fr", "en"])],
        "partners": [("Lakeview Haitian Alliance (fictional)", "advocacy"), ("Iglesia Nueva Vida (fictional)", "faith"),
                     ("Lakeview Farmworker Clinic (fictional)", "social")],
        "quarters": [(date(2026, 4, 1), 70), (date(2026, 7, 1), 64)],
    },
}  # fmt: skip


@transaction.atomic
def outreach_demo_load() -> int:
    rng = random.Random(5)
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
        for start, count in plan["quarters"]:
            for _ in range(count):
                liaison = rng.choices(liaisons, weights=[5, 3, 2][: len(liaisons)])[0]
                language = (
                    rng.choice(liaison.languages[:-1] or ["en"])
                    if rng.random() < 0.8
                    else "en"
                )
                contacts.append(
                    CommunityContact(
                        agency=agency, liaison=liaison, date=start + timedelta(days=rng.randint(0, 90)),
                        setting=rng.choices(Setting.values, weights=[5, 4, 4, 2, 3, 3, 2, 1])[0],
                        partner=rng.choice(partners) if rng.random() < 0.4 else None, language=language,
                        interpreter_used=rng.random() < 0.15,
                        topics=sorted(set(rng.choices(Topic.values, weights=[4, 2, 3, 3, 1, 1], k=rng.randint(1, 2)))),
                        follow_up_needed=rng.random() < 0.2,
                    )
                )  # fmt: skip
        CommunityContact.objects.bulk_create(contacts)
        created += len(liaisons) + len(partners) + len(contacts)
    return created
