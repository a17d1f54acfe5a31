"""On PostgreSQL the web runs as a role that may only INSERT and SELECT on the audit log
(docs/security.md). These statements run as that role (SET ROLE) and must fail."""

import pytest
from django.db import DatabaseError, connection, transaction

from puente.audit.models import AuditEvent
from puente.audit.services import record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
    ),
]

WEB_ROLE = "puente_web_test"


@pytest.fixture
def as_web_role(django_db_blocker):
    from django.core.management import call_command

    with connection.cursor() as cursor:
        cursor.execute(
            "DO $$ BEGIN CREATE ROLE puente_web_test NOLOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
        )
    call_command("audit", "grant-web-role", WEB_ROLE)

    def run(statement: str, params=None):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL puente.allow_audit_flush = 'off'")
            cursor.execute(f"SET LOCAL ROLE {WEB_ROLE}")
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None

    return run


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update",
        "UPDATE audit_auditevent SET action = 'delete'",
        "DROP TABLE audit_auditevent",
    ],
)
def test_the_web_role_cannot_erase_or_unguard_the_audit_log(as_web_role, statement):
    record(action="create", actor_label="kept@example.org")
    with pytest.raises(DatabaseError):
        as_web_role(statement)
    assert AuditEvent.objects.filter(actor_label="kept@example.org").count() == 1


def test_the_web_role_can_add_and_read_audit_rows_and_change_other_tables(
    as_web_role, agency_a
):
    as_web_role(
        "INSERT INTO audit_auditevent (created_at, actor_label, action, outcome, "
        "object_type, object_id, object_repr, changes, source, path) VALUES "
        "(now(), 'web@example.org', 'login', 'success', '', '', '', '{}', '', '')"
    )
    [[count]] = as_web_role(
        "SELECT count(*) FROM audit_auditevent WHERE actor_label = 'web@example.org'"
    )
    assert count == 1
    as_web_role(
        "UPDATE agencies_agency SET name = 'Renamed (fictional)' WHERE id = %s",
        [agency_a.pk],
    )
    agency_a.refresh_from_db()
    assert agency_a.name == "Renamed (fictional)"


def test_even_the_owner_cannot_delete_rows_younger_than_a_year_or_truncate():
    record(action="create", actor_label="young@example.org")
    for statement in ("DELETE FROM audit_auditevent", "TRUNCATE audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                # The test suite's own flush switch, off as in production.
                cursor.execute("SET LOCAL puente.allow_audit_flush = 'off'")
                cursor.execute(statement)
    assert AuditEvent.objects.filter(actor_label="young@example.org").exists()
