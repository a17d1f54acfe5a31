"""`puente purge` empties the personal parts of closed cases past PUENTE_RETENTION_DAYS
and the addresses of follow-ups, and says nothing of them in its output."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from puente.complaints.models import FollowUp
from puente.complaints.tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def test_purge_removes_the_personal_parts_of_old_closed_cases(agency_a, settings):
    old = timezone.now() - timedelta(days=settings.PUENTE_RETENTION_DAYS + 1)
    expired = ComplaintFactory(
        agency=agency_a, status="closed", outcome="resolved", closed_at=old,
        contact_name="Amal", contact_email="amal@example.org", contact_phone="555 0100",
        officers="Ofc. Smith #4411",
        what_happened="Call me at 612-555-0188 or amal@example.org. It was rude.",
    )  # fmt: skip
    recent = ComplaintFactory(
        agency=agency_a, status="closed", outcome="resolved", closed_at=timezone.now(),
        contact_email="keep@example.org",
    )  # fmt: skip
    still_open = ComplaintFactory(agency=agency_a, contact_email="open@example.org")
    unsent = FollowUp.objects.create(
        agency=agency_a, kind="contact", topic="property", language="es",
        channel="text", recipient="+1 555 0100", status="queued",
    )  # fmt: skip
    FollowUp.objects.filter(pk=unsent.pk).update(created_at=old)
    out = StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert "3 records" not in out.getvalue() and "2 records" in out.getvalue()
    call_command("purge", stdout=out)
    assert "amal" not in out.getvalue().lower() and "555" not in out.getvalue()
    expired.refresh_from_db()
    assert (
        expired.contact_name,
        expired.contact_email,
        expired.contact_phone,
        expired.officers,
    ) == ("", "", "", "")
    assert expired.what_happened == "Call me at [■■■] or [■■■]. It was rude."
    assert expired.personal_data_removed_at is not None
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.contact_email == "keep@example.org" and still_open.contact_email
    unsent.refresh_from_db()
    assert (unsent.recipient, unsent.status) == ("", "expired")
