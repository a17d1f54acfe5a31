import pytest
from django.urls import reverse
from django.utils import translation

from puente.principles.models import Principle
from puente.principles.services import principles_sync

pytestmark = pytest.mark.django_db


def test_the_eight_principles_exist_in_english_and_spanish():
    principles = list(Principle.objects.with_texts())
    assert [p.number for p in principles] == list(range(1, 9))
    for principle in principles:
        assert {t.language for t in principle.texts.all()} == {"en", "es"}
    assert principles[6].key == "monitor"
    assert principles[6].text("en").name == "Monitor successes and failures"


def test_the_name_follows_the_active_language_and_falls_back_to_english():
    principle = Principle.objects.get(key="sustain")
    with translation.override("es"):
        assert principle.name == "Mantener los programas que funcionan"
    with translation.override("so"):
        assert principle.name == "Sustain programs that work"


def test_sync_is_idempotent():
    assert principles_sync() == 0


def test_the_principles_page_in_both_languages(client):
    assert (
        "Leverage partnerships"
        in client.get(reverse("principles:list")).content.decode()
    )
    assert (
        "Aprovechar las alianzas"
        in client.get("/es" + reverse("principles:list")).content.decode()
    )
