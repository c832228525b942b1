#!/usr/bin/env bash
# Load test: simulated leads autosave answers (one assessment each) while executives load dashboards,
# against gunicorn (as bin/run starts it), PostgreSQL, Redis and a Celery worker on this machine.
# Then checks that every answer the simulated leads saved is in the database and no request failed.
#
#   benchmarks/load/run.sh                                   # the full run: 50 leads, 10 executives, 3 minutes
#   LOAD_LEADS=10 LOAD_EXECUTIVES=3 LOAD_RUN_TIME=20s benchmarks/load/run.sh   # the short form CI runs
#
# DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tp_load, created if missing; its `loadtest`
# organisation is re-created) and REDIS_URL (default redis://127.0.0.1:6379/8) choose the services.
# Figures and the check land in benchmarks/out/load/ (summary.json, locust_*.csv, *.log).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tp_load}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/8}"
export CELERY_QUEUE="load-$$"
export DEBUG=false
unset DJANGO_ALLOW_ASYNC_UNSAFE
LEADS="${LOAD_LEADS:-50}"
EXECUTIVES="${LOAD_EXECUTIVES:-10}"
RUN_TIME="${LOAD_RUN_TIME:-3m}"
PORT="${LOAD_PORT:-8765}"
OUT=benchmarks/out/load
mkdir -p "$OUT"
rm -f "$OUT"/saved.json "$OUT"/summary.json "$OUT"/locust_*.csv

.venv/bin/python - <<'PY'
import os

import environ
import psycopg

db = environ.Env.db_url_config(os.environ["DATABASE_URL"])
params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
try:
    psycopg.connect(dbname=db["NAME"], **params).close()
except psycopg.OperationalError:
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
PY
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py seed_catalog >/dev/null
.venv/bin/python benchmarks/load/prepare.py --leads "$LEADS" --executives "$EXECUTIVES"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
.venv/bin/celery -A teamplanner worker -Q "$CELERY_QUEUE" --loglevel=WARNING --concurrency=2 >"$OUT/worker.log" 2>&1 &
pids+=($!)
.venv/bin/gunicorn teamplanner.wsgi --bind "127.0.0.1:$PORT" --workers "${WEB_CONCURRENCY:-3}" --timeout 120 \
  --access-logfile "$OUT/access.log" >"$OUT/web.log" 2>&1 &
pids+=($!)
.venv/bin/python - "$PORT" <<'PY'
import sys
import time
import urllib.request

for _ in range(120):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=5)  # noqa: S310
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("gunicorn did not start; see benchmarks/out/load/web.log")
PY

echo "Load: $LEADS leads autosaving and $EXECUTIVES executives on dashboards for $RUN_TIME"
LOAD_LEADS="$LEADS" LOAD_EXECUTIVES="$EXECUTIVES" .venv/bin/locust -f benchmarks/load/locustfile.py --headless \
  --host "http://127.0.0.1:$PORT" --users "$((LEADS + EXECUTIVES))" --spawn-rate "${LOAD_SPAWN_RATE:-10}" \
  --run-time "$RUN_TIME" --stop-timeout 10 --csv "$OUT/locust" --only-summary --loglevel WARNING \
  >"$OUT/locust.log" 2>&1 || true  # failures are counted and judged by the check below
.venv/bin/python benchmarks/load/check.py
