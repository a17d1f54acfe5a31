#!/usr/bin/env bash
# The two PostgreSQL roles of docs/deployment.md, as CI uses them: a scratch database owned by
# an owner role that runs the migrations, a web role granted by `puente audit grant-web-role`,
# then, connected as the web role, the audit log accepts INSERT and SELECT and refuses DELETE,
# TRUNCATE, UPDATE and ALTER TABLE ... DISABLE TRIGGER. Needs a superuser URL in $1.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
ADMIN_URL=$1
DB=puente_roles_check_$$
OWNER=puente_ci_owner
WEB=puente_ci_web
PASS=$($BIN/python -c 'import secrets; print(secrets.token_hex(12))')

psql_admin() { $BIN/python - "$ADMIN_URL" "$1" <<'PY'
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                     password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True) as c:
    c.execute(sys.argv[2])
PY
}
base=$($BIN/python -c 'import sys, dj_database_url as d; c=d.parse(sys.argv[1]); print(c["HOST"] + ":" + str(c["PORT"] or 5432))' "$ADMIN_URL")
cleanup() { psql_admin "DROP DATABASE IF EXISTS $DB" || true; }
trap cleanup EXIT
for role in $OWNER $WEB; do
  psql_admin "DO \$\$ BEGIN CREATE ROLE $role LOGIN PASSWORD '$PASS'; EXCEPTION WHEN duplicate_object THEN ALTER ROLE $role LOGIN PASSWORD '$PASS'; END \$\$"
done
psql_admin "CREATE DATABASE $DB OWNER $OWNER"
OWNER_URL="postgres://$OWNER:$PASS@$base/$DB"
WEB_URL="postgres://$WEB:$PASS@$base/$DB"
DATABASE_URL=$OWNER_URL $BIN/puente migrate --no-input --verbosity 0
DATABASE_URL=$OWNER_URL $BIN/puente audit grant-web-role $WEB
DATABASE_URL=$WEB_URL $BIN/puente shell -c "
from django.db import connection, transaction
from puente.audit.services import record
from puente.audit.models import AuditEvent
record(action='login', actor_label='ci@example.org')
assert AuditEvent.objects.filter(actor_label='ci@example.org').count() == 1
for statement in ['DELETE FROM audit_auditevent', 'TRUNCATE audit_auditevent',
                  'UPDATE audit_auditevent SET action = %s',
                  'ALTER TABLE audit_auditevent DISABLE TRIGGER ALL']:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, ['delete'] if '%s' in statement else None)
    except Exception as exc:
        print('refused as the web role:', statement, '->', type(exc).__name__)
    else:
        raise SystemExit('the web role could run: ' + statement)
assert AuditEvent.objects.filter(actor_label='ci@example.org').count() == 1
print('audit log: INSERT and SELECT only, as the web role')
"
