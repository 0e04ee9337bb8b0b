#!/usr/bin/env bash
# Try the whole service on this machine with one command: Redis, PostgreSQL and an S3-compatible
# server on loopback (scripts/services.sh), the API on http://127.0.0.1:3000 and one render worker,
# and an API key for a workspace named "demo", printed last, on its own. The API's and the worker's
# JSON logs go to .tmp/service/*.log (tail -f them). Ctrl-C stops the API and the worker;
# `bash scripts/services.sh stop` stops the servers.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
[ -f dist/apps/api/src/main.js ] || npm run build
eval "$(bash scripts/services.sh start)"
export DATABASE_URL REDIS_URL S3_ENDPOINT S3_BUCKET S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY S3_REGION S3_FORCE_PATH_STYLE
export STORAGE=s3 HOST=127.0.0.1 PORT="${PORT:-3000}" METRICS_PORT="${METRICS_PORT:-9464}"
logs=.tmp/service
mkdir -p "$logs"

node dist/apps/api/src/main.js >>"$logs/api.log" 2>&1 &
api=$!
trap 'kill $api ${worker:-} 2>/dev/null || true' EXIT INT TERM
# The API migrates the database on boot; the worker and the key wait for it.
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$api" 2>/dev/null || { tail -20 "$logs/api.log" >&2; exit 1; }
  sleep 0.5
done
node dist/apps/worker/src/main.js >>"$logs/worker.log" 2>&1 &
worker=$!

key=$(node bin/clipwright.js keys create --workspace demo 2>/dev/null)
cat <<INFO

Clipwright is running: API http://127.0.0.1:$PORT/v1, OpenAPI and "Try it out" at http://127.0.0.1:$PORT/docs
Metrics: http://127.0.0.1:$METRICS_PORT/metrics   Logs: $logs/api.log, $logs/worker.log   Stop: Ctrl-C

  curl -H "Authorization: Bearer \$KEY" http://127.0.0.1:$PORT/v1/templates
  curl -H "Authorization: Bearer \$KEY" -H 'Content-Type: application/json' \\
    -d "{\\"template\\":\\"news-brief\\",\\"data\\":\$(jq '.features[0]' templates/news-brief/sample.geojson)}" \\
    http://127.0.0.1:$PORT/v1/jobs
  curl -H "Authorization: Bearer \$KEY" -o clip.mp4 http://127.0.0.1:$PORT/v1/jobs/<id>/outputs/clip-16x9.mp4

API key for workspace "demo" (shown once; only its hash is stored):

KEY=$key

INFO
wait
