from django.db import migrations

# The floor of the retention rule (docs/security.md): rows younger than 365 days cannot be
# deleted by anyone, and the table cannot be truncated. The web role has no DELETE or
# TRUNCATE privilege at all (`puente security grant-web-role`); these triggers hold even
# for the owner that runs migrations and `puente purge`.
POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_event_keep_a_year() RETURNS trigger AS $$
BEGIN
    IF OLD.created_at > now() - interval '365 days' THEN
        RAISE EXCEPTION 'audit_auditevent rows are kept at least 365 days';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_keep_a_year BEFORE DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_keep_a_year();
CREATE OR REPLACE FUNCTION audit_event_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent cannot be truncated';
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
# SQLite rebuilds a table when a column is added, which drops its triggers: both are
# (re)created here, after migration 0003 added columns.
SQLITE_UP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only'); END;""",
    """CREATE TRIGGER audit_event_keep_a_year BEFORE DELETE ON audit_auditevent
    WHEN OLD.created_at > strftime('%Y-%m-%d %H:%M:%f', 'now', '-365 days')
    BEGIN SELECT RAISE(ABORT, 'audit_auditevent rows are kept at least 365 days'); END;""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_event_keep_a_year;"]


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
