from django.db import migrations

# The floor of the retention rule (docs/security.md): rows younger than 365 days cannot be
# deleted, and the table cannot be truncated. The web role has no DELETE or TRUNCATE
# privilege at all (`puente audit grant-web-role`): that is what stops the web. These
# triggers stop the owner's mistakes (`puente purge`, a stray psql command); only a
# deliberate `SET puente.allow_audit_flush = 'on'` (the test suite's database flush)
# passes them.
POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_event_keep_a_year() RETURNS trigger AS $$
BEGIN
    IF OLD.created_at > now() - interval '365 days'
        AND coalesce(current_setting('puente.allow_audit_flush', true), '') <> 'on' THEN
        RAISE EXCEPTION 'audit_auditevent rows are kept at least 365 days';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_keep_a_year BEFORE DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_keep_a_year();
CREATE OR REPLACE FUNCTION audit_event_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('puente.allow_audit_flush', true), '') <> 'on' THEN
        RAISE EXCEPTION 'audit_auditevent cannot be truncated';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_event_keep_a_year ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_keep_a_year();
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_no_truncate();
"""
# SQLite (development and tests) rebuilds a table when a column is added, which drops its
# triggers: the UPDATE trigger is recreated here, after migration 0003 added columns.
# Deletion is refused by the model there; PostgreSQL, the production database, refuses it
# in the database.
SQLITE_UP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only'); END;""",
]
SQLITE_DOWN: list[str] = []


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        for statement in [sql] if isinstance(sql, str) else sql or []:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_security_events_and_source")]
    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
