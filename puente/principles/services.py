from django.db import transaction

from puente.principles.data import PRINCIPLES
from puente.principles.models import Principle, PrincipleText


@transaction.atomic
def principles_sync(*, principle_model=Principle, text_model=PrincipleText) -> int:
    """Create or update the eight principles and their wording; returns rows changed.

    The model classes are arguments so the data migration can pass its
    historical models.
    """
    changed = 0
    for entry in PRINCIPLES:
        principle, created = principle_model.objects.get_or_create(
            key=entry["key"], defaults={"number": entry["number"]}
        )
        changed += created
        if principle.number != entry["number"]:
            principle.number = entry["number"]
            principle.save(update_fields=["number"])
            changed += 1
        for language in ("en", "es"):
            name, description = entry[language]
            text, created = text_model.objects.get_or_create(
                principle=principle,
                language=language,
                defaults={"name": name, "description": description},
            )
            if not created and (text.name, text.description) != (name, description):
                text.name, text.description = name, description
                text.save(update_fields=["name", "description"])
                changed += 1
            changed += created
    return changed
