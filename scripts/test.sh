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

# The jobs, longest first. Each runs its tests in pytest-django's own order (tests that
# flush the database run last, so data loaded by migrations stays for the others). Their
# databases are apart: an in-memory SQLite database, SQLite files for the browser tests,
# and on PostgreSQL one test database for the main run, another for the replica's and a
# scratch one for the roles check; only the main PostgreSQL run uses Redis.
jobs=(sqlite_rest)
if [ "$postgres" = 1 ]; then jobs+=(postgres_run); fi
jobs+=(sqlite_browser_apps sqlite_browser_pages)
if [ "$postgres" = 1 ]; then jobs+=(postgres_replica postgres_roles); fi

sqlite_rest() {
  echo "== Test suite on SQLite (without the browser tests) =="
  env -u DATABASE_URL $BIN/pytest -m "not browser" "$@"
}

# The browser tests in two parts of about the same length: the apps' own, and the
# project-wide ones in puente/tests (every page on a phone, sign-in, axe on public pages).
sqlite_browser_apps() {
  echo "== The apps' browser tests on SQLite =="
  env -u DATABASE_URL $BIN/pytest -m browser --ignore=puente/tests "$@"
}

sqlite_browser_pages() {
  echo "== The project-wide browser tests (puente/tests) on SQLite =="
  env -u DATABASE_URL $BIN/pytest -m browser puente/tests "$@"
}

# Every test that uses the database, the cache, the queue or the storage again, on
# production's parts: PostgreSQL, with the shared cache and the broker on Redis, and the
# fleet tests (gunicorn servers and a worker). The others (pure functions, parsers,
# catalog checks) ran on SQLite and are left out (PUENTE_TEST_SERVICES_ONLY, conftest.py).
postgres_run() {
  echo "== Test suite on PostgreSQL ($PG_TEST_URL) and Redis ($REDIS_TEST_URL) =="
  DATABASE_URL="$PG_TEST_URL" REDIS_URL="$REDIS_TEST_URL" PUENTE_FLEET_TESTS=1 \
    PUENTE_TEST_SERVICES_ONLY=1 $BIN/pytest -m "not browser" "$@"
}

# The router on two aliases (a replica alias naming the same database); on its own,
# because every other test declares only the default database. Its database is named
# apart (…_replica) so that it can run beside the main PostgreSQL run.
postgres_replica() {
  local url=${PG_TEST_URL%%\?*}
  local replica_url="${url}_replica${PG_TEST_URL#"$url"}"
  echo "== The read replica's router on PostgreSQL ($replica_url) =="
  DATABASE_URL="$replica_url" DATABASE_REPLICA_URL="$replica_url" \
    $BIN/pytest puente/tests/test_replica.py
}

postgres_roles() {
  echo "== The two database roles: migrations as the owner, the audit log as the web role =="
  bash scripts/pg-roles-check.sh "$PG_TEST_URL"
}

run_dir=$(mktemp -d)
trap 'rm -rf "$run_dir"' EXIT

# A worker takes the next job nobody has taken (mkdir is atomic), runs it into its own
# log and notes its exit status and seconds.
worker() {
  local i start
  for i in "${!jobs[@]}"; do
    mkdir "$run_dir/claim.$i" 2>/dev/null || continue
    echo "-- started: ${jobs[$i]}"
    start=$SECONDS
    "${jobs[$i]}" "$@" >"$run_dir/$i.log" 2>&1 && echo 0 >"$run_dir/$i.rc" || echo $? >"$run_dir/$i.rc"
    echo "-- finished: ${jobs[$i]} (exit $(cat "$run_dir/$i.rc"), $((SECONDS - start)) s)"
  done
}

# Two workers side by side on the two cores; each job's output is shown when all are
# done. PUENTE_TEST_SERIAL=1 runs them one after the other.
if [ "${PUENTE_TEST_SERIAL:-}" = "1" ]; then
  worker "$@"
else
  worker "$@" &
  first=$!
  worker "$@" &
  second=$!
  wait "$first" "$second" || true
fi
failed=()
for i in "${!jobs[@]}"; do
  cat "$run_dir/$i.log"
  if [ "$(cat "$run_dir/$i.rc" 2>/dev/null || echo 1)" != 0 ]; then failed+=("${jobs[$i]}"); fi
done

if [ ${#skipped[@]} -gt 0 ]; then
  echo
  echo "SKIPPED (not a failure outside CI, but not tested either):"
  for item in "${skipped[@]}"; do echo "  - $item"; done
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo
  echo "FAILED: ${failed[*]}"
  exit 1
fi
