from typing import Literal

from django.utils import translation
from ninja import Router, Schema

from puente.lib.api import responses
from puente.principles.models import Principle

router = Router(tags=["principles"])


class PrincipleOut(Schema):
    key: str
    number: int
    name: str
    description: str


@router.get(
    "/principles",
    response=responses({200: list[PrincipleOut]}, (304, 422)),
    summary="The eight principles",
)
def list_principles(request, lang: Literal["en", "es"] = "en"):
    """The wording in `lang`."""
    with translation.override(lang):
        return [
            PrincipleOut(
                key=p.key, number=p.number, name=p.name, description=p.description
            )
            for p in Principle.objects.with_texts()
        ]
