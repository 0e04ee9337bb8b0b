#!/usr/bin/env bash
# Try the whole service on this machine with one command: Redis, PostgreSQL and an S3-compatible
# server on loopback (scripts/services.sh), the API on http://127.0.0.1:3000 and one render worker,
# and an API key for a workspace named "demo", printed once. Ctrl-C stops the API and the worker;
# `bash scripts/services.sh stop` stops the servers.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
[ -f dist/apps/api/src/main.js ] || npm run build
eval "$(bash scripts/services.sh start)"
export DATABASE_URL REDIS_URL S3_ENDPOINT S3_BUCKET S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY S3_REGION S3_FORCE_PATH_STYLE
export STORAGE=s3 HOST=127.0.0.1 PORT="${PORT:-3000}"

node dist/apps/api/src/main.js &
api=$!
trap 'kill $api ${worker:-} 2>/dev/null || true' EXIT INT TERM
# The API migrates the database on boot; the worker and the key wait for it.
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
node dist/apps/worker/src/main.js &
worker=$!

key=$(node bin/clipwright.js keys create --workspace demo 2>/dev/null)
cat <<INFO

Clipwright is running: API http://127.0.0.1:$PORT/v1 (OpenAPI: http://127.0.0.1:$PORT/docs)
API key for workspace "demo": $key

  curl -H "Authorization: Bearer $key" http://127.0.0.1:$PORT/v1/templates
  curl -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \\
    -d "{\\"template\\":\\"news-brief\\",\\"data\\":\$(jq '.features[0]' templates/news-brief/sample.geojson)}" \\
    http://127.0.0.1:$PORT/v1/jobs

INFO
wait
