#!/usr/bin/env bash
# The whole suite: on SQLite with the browser tests, then again on PostgreSQL.
# With CI=true a missing PostgreSQL or Chromium is a failure, never a silent skip.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_TEST_URL=${PG_TEST_URL:-postgres://postgres@127.0.0.1:5432/puente}
REDIS_TEST_URL=${REDIS_TEST_URL:-redis://127.0.0.1:6379/1}
CHROMIUM=${PUENTE_CHROMIUM:-/usr/bin/chromium}
ci=$(echo "${CI:-}" | tr '[:upper:]' '[:lower:]')
skipped=()

if [ ! -x "$CHROMIUM" ]; then
  if [ "$ci" = "true" ]; then
    echo "FAIL: Chromium not found at $CHROMIUM (install Debian's chromium package)." >&2
    exit 1
  fi
  skipped+=("browser tests: Chromium not found at $CHROMIUM (apt-get install chromium)")
fi

echo "== Test suite on SQLite (with the browser tests) =="
# Two processes side by side on the two cores: the browser tests and the rest, each in
# pytest-django's own order (tests that flush the database run last, so data loaded by
# migrations stays for the others). PUENTE_TEST_SERIAL=1 runs them one after the other.
browser_log=$(mktemp)
if [ "${PUENTE_TEST_SERIAL:-}" = "1" ]; then
  env -u DATABASE_URL $BIN/pytest "$@"
else
  env -u DATABASE_URL $BIN/pytest -m browser "$@" >"$browser_log" 2>&1 &
  browser_pid=$!
  rest=0
  env -u DATABASE_URL $BIN/pytest -m "not browser" "$@" || rest=$?
  browser=0
  wait "$browser_pid" || browser=$?
  echo "== The browser tests on SQLite =="
  cat "$browser_log"
  rm -f "$browser_log"
  if [ "$rest" -ne 0 ] || [ "$browser" -ne 0 ]; then exit 1; fi
fi

pg_up() {
  $BIN/python - "$PG_TEST_URL" <<'PY'
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                    password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
PY
}

if pg_up; then
  # With the shared cache and the broker on Redis, and the fleet tests (gunicorn
  # servers and a worker).
  echo "== Test suite on PostgreSQL ($PG_TEST_URL) and Redis ($REDIS_TEST_URL) =="
  DATABASE_URL="$PG_TEST_URL" REDIS_URL="$REDIS_TEST_URL" \
    PUENTE_FLEET_TESTS=1 $BIN/pytest -m "not browser" "$@"
  # The router on two aliases (a replica alias naming the same database); on its own,
  # because every other test declares only the default database.
  echo "== The read replica's router on PostgreSQL =="
  DATABASE_URL="$PG_TEST_URL" DATABASE_REPLICA_URL="$PG_TEST_URL" \
    $BIN/pytest puente/tests/test_replica.py
  echo "== The two database roles: migrations as the owner, the audit log as the web role =="
  bash scripts/pg-roles-check.sh "$PG_TEST_URL"
elif [ "$ci" = "true" ]; then
  echo "FAIL: PostgreSQL is not reachable at $PG_TEST_URL." >&2
  exit 1
else
  skipped+=("PostgreSQL run: no server at $PG_TEST_URL")
fi

if [ ${#skipped[@]} -gt 0 ]; then
  echo
  echo "SKIPPED (not a failure outside CI, but not tested either):"
  for item in "${skipped[@]}"; do echo "  - $item"; done
fi
