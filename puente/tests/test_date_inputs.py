"""Date pickers hold their date in every language. `<input type="date">` accepts only
2026-11-30; Django wrote the Spanish 30/11/2026, which the browser shows as an empty
field. Found on the liaison's contact form at /es/, where every contact needed its date
typed again; on a Spanish complaint page the due date showed empty, and the next update
saved from the page cleared it."""

import re
from datetime import date

import pytest
from django.utils import timezone

from puente.complaints.tests.factories import ComplaintFactory
from puente.outreach.tests.factories import LiaisonFactory

pytestmark = pytest.mark.django_db


def _date_values(html: str) -> list[str]:
    return re.findall(r'<input type="date" name="[^"]+" value="([^"]*)"', html)


def test_the_spanish_contact_form_opens_on_today(client, agency_a, member_a):
    LiaisonFactory(agency=agency_a, user=member_a)
    client.force_login(member_a)
    page = client.get(f"/es/workspace/{agency_a.slug}/outreach/contacts/new/")
    assert page["Content-Language"] == "es"
    assert _date_values(page.content.decode()) == [timezone.localdate().isoformat()]


def test_a_complaints_due_date_shows_on_the_spanish_case_page(
    client, agency_a, admin_a
):
    """Shown empty, the due date was then cleared by any update saved from the page."""
    case = ComplaintFactory(agency=agency_a, due_on=date(2026, 12, 15))
    client.force_login(admin_a)
    page = client.get(f"/es/workspace/{agency_a.slug}/complaints/{case.uuid}/")
    assert page["Content-Language"] == "es"
    assert "2026-12-15" in _date_values(page.content.decode())
