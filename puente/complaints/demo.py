"""Invented complaints, commendations and certification requests for the fictional
Riverbend demo agency (Minnesota, where no statute we cite sets a certification limit,
so the demo agency sets its own). Runs once: an agency that has cases is left alone."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from puente.agencies.models import Agency
from puente.complaints import services
from puente.complaints.models import CertificationRequest, Complaint

DEMO_AGENCY = "riverbend-pd-fictional"

CASES = [
    ("complaint", "es", "The officer did not call an interpreter (fictional demo case).", "closed", "sustained"),
    ("complaint", "so", "I waited an hour for help (fictional demo case).", "under_review", ""),
    ("commendation", "hmn", "The liaison helped my family (fictional demo case).", "closed", "acknowledged"),
    ("complaint", "es", "Rude words at a traffic stop (fictional demo case).", "received", ""),
]  # fmt: skip


@transaction.atomic
def complaints_demo_load() -> int:
    agency = Agency.objects.filter(slug=DEMO_AGENCY).first()
    if agency is None or Complaint.objects.filter(agency=agency).exists():
        return 0
    changed = 0
    for kind, language, text, status, outcome in CASES:
        complaint, _token = services.complaint_file(
            agency=agency, kind=kind, language=language, what_happened=text
        )
        if status != "received":
            services.complaint_update(
                actor=None, complaint=complaint, status=status, assigned_to=None,
                due_on=complaint.due_on, outcome=outcome,
            )  # fmt: skip
        changed += 1
    services.certification_settings_update(actor=None, agency=agency, own_days=90)
    today = timezone.localdate()
    S = CertificationRequest.Status
    for days_ago, form, crime, status, extra in [
        (120, "u", "domestic_violence", S.CERTIFIED, {"certifying_official": "Lt. Demo (fictional)"}),
        (100, "u", "assault", S.UNDER_REVIEW, {}),
        (80, "t", "trafficking", S.RECEIVED, {}),
        (60, "u", "stalking", S.DECLINED, {"decline_reason": "no_record"}),
        (10, "u", "extortion", S.RECEIVED, {}),
    ]:  # fmt: skip
        received = today - timedelta(days=days_ago)
        decided = (
            received + timedelta(days=40)
            if status in (S.CERTIFIED, S.DECLINED)
            else None
        )
        services.certification_request_create(
            actor=None, agency=agency, form=form, received_on=received,
            requester_kind="attorney", crime=crime, language="es", status=status,
            decided_on=decided, **extra,
        )  # fmt: skip
        changed += 1
    return changed
