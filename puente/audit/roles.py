"""The two PostgreSQL roles (docs/security.md): the owner runs migrations and `puente
purge`; the web role, which gunicorn and Celery use, may change every table except the
audit log, where it may only add and read rows. Only the owner can ALTER a table (and so
disable its triggers), and the web role has neither DELETE nor TRUNCATE on the audit log.
"""

from django.db import connection
from psycopg import sql

AUDIT_TABLE = "audit_auditevent"


def grant_web_role(role: str) -> None:
    """Grant `role` its rights on the current schema's tables and sequences, and the same
    on tables the owner creates later. Re-runnable."""
    name = sql.Identifier(role)
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
        sql.SQL(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
        ).format(name),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(
            name
        ),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(name),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            "GRANT USAGE, SELECT ON SEQUENCES TO {}"
        ).format(name),
        sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(AUDIT_TABLE), name),
        sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(
            sql.Identifier(AUDIT_TABLE), name
        ),
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
