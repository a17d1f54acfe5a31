"""Identity numbers and contact details in residents' comments are removed before they
are stored, and staff are told (issue 14)."""

import pytest
from django.test import Client

from puente.lib.redact import MARK, redact
from puente.portal import services
from puente.portal.models import SurveyResponse


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mi seguro social es 123-45-6789, ayuda", "ssn"),
        ("SSN 123456789 por favor", "ssn"),
        ("ITIN 912 78 1234", "ssn"),
        ("Mi número A es A# 123-456-789", "a_number"),
        ("case A12345678 pending", "a_number"),
        ("llámame al (612) 555-0147", "phone"),
        ("call +1 612.555.0147 tonight", "phone"),
        ("WhatsApp +52 55 1234 5678", "phone"),
        ("escribe a maria.lopez+x@correo.example.mx", "email"),
    ],
)
def test_each_kind_is_removed(text, kind):
    cleaned, kinds = redact(text)
    assert kind in kinds
    assert MARK in cleaned
    digits = "".join(ch for ch in cleaned if ch.isdigit())
    assert len(digits) < 4, cleaned
    assert "@" not in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Más patrullas a pie en 2026, por favor.",
        "Fui a 3 reuniones y 12 vecinos vinieron.",
        "Quarter 2026Q4 was better than Q3.",
    ],
)
def test_ordinary_comments_are_kept_whole(text):
    assert redact(text) == (text, [])


@pytest.mark.django_db
def test_a_comment_is_stored_redacted_and_staff_see_a_note(agency_a, admin_a):
    services.feedback_submit(
        agency=agency_a,
        language="es",
        answers={"safety": 2},
        comment="Soy indocumentado, mi SSN es 123-45-6789 y mi teléfono 612-555-0147.",
    )
    stored = SurveyResponse.objects.get()
    assert "123-45-6789" not in stored.comment and "0147" not in stored.comment
    assert stored.comment.count(MARK) == 2
    staff = Client()
    staff.force_login(admin_a)
    page = staff.get(f"/workspace/{agency_a.slug}/portal/results/").content.decode()
    assert "Puente removed an identity number" in page
    assert "6789" not in page
