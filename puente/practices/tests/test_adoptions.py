"""Which practices an agency runs, since when: the workspace page and its audit trail."""

import datetime

import pytest
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.outreach.models import CommunityProgram
from puente.practices.models import Adoption, Status
from puente.practices.services import adoption_record, practice_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(db):
    return practice_save(
        actor=None, slug="liaison", status=Status.PUBLISHED, contributed_by=None,
        data={"category": "liaison_program", "principles": ["leverage-partnerships"]},
        texts={"en": {"title": "Civilian community liaison", "summary": "s",
                      "description": "d", "outcomes": ""}},
    )  # fmt: skip


def _program(agency, name="Somali outreach"):
    return CommunityProgram.objects.create(
        agency=agency, name=name, started_on=datetime.date(2025, 1, 1),
        funding=CommunityProgram.Funding.GRANT,
    )  # fmt: skip


def test_a_writer_records_changes_and_removes_an_adoption_all_audited(
    client, member_a, agency_a, practice
):
    program = _program(agency_a)
    client.force_login(member_a)
    url = reverse("practices:agency_adoptions", kwargs={"slug": agency_a.slug})
    response = client.post(url, {
        "practice": practice.pk, "program": program.pk, "started_on": "2025-04-01",
        "note": "Two liaisons",
    })  # fmt: skip
    assert response.status_code == 302
    adoption = Adoption.objects.get(agency=agency_a)
    assert adoption.program == program and adoption.started_on.year == 2025
    page = client.get(url).content.decode()
    assert "Civilian community liaison" in page and "Somali outreach" in page

    edit = reverse(
        "practices:edit_adoption", kwargs={"slug": agency_a.slug, "uuid": adoption.uuid}
    )
    bad = client.post(edit, {"practice": practice.pk, "started_on": "2025-04-01",
                             "ended_on": "2025-01-01"})  # fmt: skip
    assert (
        bad.status_code == 200
        and "cannot stop before it started" in bad.content.decode()
    )
    client.post(edit, {"practice": practice.pk, "program": program.pk,
                       "started_on": "2025-04-01", "ended_on": "2026-03-31",
                       "note": "Two liaisons"})  # fmt: skip
    adoption.refresh_from_db()
    assert adoption.ended_on == datetime.date(2026, 3, 31)
    change = AuditEvent.objects.get(action="update", object_id=str(adoption.pk))
    assert change.changes == {"ended_on": ["", "2026-03-31"]}

    client.post(
        reverse("practices:delete_adoption",
                kwargs={"slug": agency_a.slug, "uuid": adoption.uuid})
    )  # fmt: skip
    assert not Adoption.objects.exists()
    actions = list(
        AuditEvent.objects.filter(object_type="practices.adoption")
        .order_by("id").values_list("action", flat=True)
    )  # fmt: skip
    assert actions == ["create", "update", "delete"]


def test_another_agencys_program_is_refused(agency_a, agency_b, practice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        adoption_record(agency=agency_a, practice=practice,
                        started_on=datetime.date(2025, 1, 1), program=_program(agency_b))  # fmt: skip
    assert not Adoption.objects.exists()


def test_access_outsiders_404_readers_403_anonymous_login_wrong_method_405(
    client, member_b, viewer_a, agency_a, practice
):
    adoption = adoption_record(
        agency=agency_a, practice=practice, started_on=datetime.date(2025, 1, 1)
    )
    url = reverse("practices:agency_adoptions", kwargs={"slug": agency_a.slug})
    edit = reverse(
        "practices:edit_adoption", kwargs={"slug": agency_a.slug, "uuid": adoption.uuid}
    )
    delete = reverse(
        "practices:delete_adoption",
        kwargs={"slug": agency_a.slug, "uuid": adoption.uuid},
    )
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    client.force_login(member_b)  # another agency's member sees nothing
    assert client.get(url).status_code == 404
    assert client.get(edit).status_code == 404
    assert client.post(delete).status_code == 404
    client.force_login(viewer_a)  # a read-only member sees the list, changes nothing
    page = client.get(url)
    assert page.status_code == 200 and "Record a practice" not in page.content.decode()
    assert (
        client.post(
            url, {"practice": practice.pk, "started_on": "2025-01-01"}
        ).status_code
        == 403
    )
    assert client.get(edit).status_code == 403
    assert client.get(delete).status_code == 405
    assert Adoption.objects.count() == 1
