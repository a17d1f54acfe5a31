#!/usr/bin/env bash
# The whole suite on SQLite with the browser tests, and every test that uses the database,
# cache, queue or storage again on PostgreSQL and Redis.
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

postgres=0
if pg_up; then
  postgres=1
elif [ "$ci" = "true" ]; then
  echo "FAIL: PostgreSQL is not reachable at $PG_TEST_URL." >&2
  exit 1
else
  skipped+=("PostgreSQL run: no server at $PG_TEST_URL")
fi

sqlite_rest() {
  echo "== Test suite on SQLite (without the browser tests) =="
  env -u DATABASE_URL $BIN/pytest -m "not browser" "$@"
}

sqlite_browser() {
  echo "== The browser tests on SQLite =="
  env -u DATABASE_URL $BIN/pytest -m browser "$@"
}

# Every test that uses the database, the cache, the queue or the storage again, on
# production's parts: PostgreSQL, with the shared cache and the broker on Redis, and the
# fleet tests (gunicorn servers and a worker). The others (pure functions, parsers,
# catalog checks) ran on SQLite and are left out (PUENTE_TEST_SERVICES_ONLY, conftest.py).
postgres_passes() {
  # Called after `||`, where `set -e` does not apply: each failure is counted.
  local status=0
  echo "== Test suite on PostgreSQL ($PG_TEST_URL) and Redis ($REDIS_TEST_URL) =="
  DATABASE_URL="$PG_TEST_URL" REDIS_URL="$REDIS_TEST_URL" PUENTE_FLEET_TESTS=1 \
    PUENTE_TEST_SERVICES_ONLY=1 $BIN/pytest -m "not browser" "$@" || status=1
  # The router on two aliases (a replica alias naming the same database); on its own,
  # because every other test declares only the default database.
  echo "== The read replica's router on PostgreSQL =="
  DATABASE_URL="$PG_TEST_URL" DATABASE_REPLICA_URL="$PG_TEST_URL" \
    $BIN/pytest puente/tests/test_replica.py || status=1
  echo "== The two database roles: migrations as the owner, the audit log as the web role =="
  bash scripts/pg-roles-check.sh "$PG_TEST_URL" || status=1
  return $status
}

second_lane() {
  local status=0
  sqlite_browser "$@" || status=1
  if [ "$postgres" = 1 ]; then postgres_passes "$@" || status=1; fi
  return $status
}

if [ "${PUENTE_TEST_SERIAL:-}" = "1" ]; then
  status=0
  sqlite_rest "$@" || status=1
  second_lane "$@" || status=1
  if [ "$status" -ne 0 ]; then exit 1; fi
else
  # Two lanes side by side on the two cores, each test run in pytest-django's own order
  # (tests that flush the database run last, so data loaded by migrations stays for the
  # others): the SQLite run without the browser tests, and the browser tests followed by
  # the PostgreSQL runs. Their databases are apart (an in-memory SQLite database, a
  # SQLite file, PostgreSQL's test database); only the PostgreSQL runs use Redis. The
  # second lane's output is shown when both are done. PUENTE_TEST_SERIAL=1 runs them
  # one after the other.
  lane_log=$(mktemp)
  trap 'rm -f "$lane_log"' EXIT
  second_lane "$@" >"$lane_log" 2>&1 &
  lane_pid=$!
  first=0
  sqlite_rest "$@" || first=$?
  second=0
  wait "$lane_pid" || second=$?
  cat "$lane_log"
  if [ "$first" -ne 0 ] || [ "$second" -ne 0 ]; then exit 1; fi
fi

if [ ${#skipped[@]} -gt 0 ]; then
  echo
  echo "SKIPPED (not a failure outside CI, but not tested either):"
  for item in "${skipped[@]}"; do echo "  - $item"; done
fi
