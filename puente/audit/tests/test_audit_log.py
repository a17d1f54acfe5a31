import pytest
from django.db import DatabaseError, connection, transaction

from puente.audit.models import AppendOnlyError, AuditEvent
from puente.audit.services import record

pytestmark = pytest.mark.django_db


def test_record_stores_who_what_action_outcome_and_utc_time(member_a, agency_a):
    event = record(
        action="update",
        actor=member_a,
        agency=agency_a,
        obj=agency_a,
        changes={"city": ["", "X"]},
    )
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_label == member_a.email
    assert (event.object_type, event.object_id) == ("agencies.agency", str(agency_a.pk))
    assert event.object_repr == str(agency_a)
    assert event.outcome == "success"
    assert event.created_at.utcoffset().total_seconds() == 0


def test_events_cannot_be_changed_or_deleted_through_the_orm(agency_a):
    event = record(action="create", agency=agency_a, obj=agency_a)
    event.action = "delete"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_updates_too(agency_a):
    event = record(action="create", agency=agency_a, obj=agency_a)
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE audit_auditevent SET action = 'delete' WHERE id = %s", [event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).action == "create"


def test_the_record_outlives_the_user_and_agency(member_a, agency_a):
    event = record(action="update", actor=member_a, agency=agency_a, obj=agency_a)
    member_a.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_label == "sam@a.example"
