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


def test_purge_keeps_every_row_younger_than_a_year(settings):
    from datetime import timedelta
    from unittest import mock

    from django.core.management import call_command
    from django.utils import timezone

    from puente.audit.services import audit_purge

    settings.PUENTE_AUDIT_RETENTION_DAYS = 365
    young = record(action="login", actor_label="young@example.org")
    # A row from 400 days ago, written as if the clock were then.
    then = timezone.now() - timedelta(days=400)
    with mock.patch("django.utils.timezone.now", return_value=then):
        old = record(action="login", actor_label="old@example.org")
    # Asking for 30 days still keeps a year.
    assert audit_purge(days=30, dry_run=True) == 1
    call_command("purge")
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [young.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite refuses it in the model only"
)
def test_the_database_refuses_to_delete_a_young_row(agency_a):
    event = record(action="create", agency=agency_a, obj=agency_a)
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL puente.allow_audit_flush = 'off'")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
