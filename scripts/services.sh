#!/usr/bin/env bash
# The servers that service mode and the medium test tier talk to (docs/architecture.md "Two modes"):
# Redis, PostgreSQL and an S3-compatible server (s3rver), run from Debian packages and node_modules
# because no container engine runs on these machines (docs/conventions.md §10). They listen on 127.0.0.1
# only, keep their data under .tmp/services/, and are reused when already running.
#
#   scripts/services.sh start [redis|postgres|s3]   start what is not running (all three, or the one
#                                                  named), then print the export line on stdout
#   scripts/services.sh env      print the export line only:  eval "$(scripts/services.sh env)"
#   scripts/services.sh status   exit 0 when all three answer
#   scripts/services.sh stop [redis|postgres|s3]    stop the servers this folder's pid files name
#                                                  (the outage specs stop and restart one of them)
#
# Redis runs as BullMQ requires (https://docs.bullmq.io/guide/going-to-production): append-only
# file on (appendfsync everysec: at most a second of writes lost on a crash, none on a restart) and
# maxmemory-policy noeviction (an evicted key would be a lost job). The job rows in PostgreSQL stay
# the record of what was accepted either way: a worker's reconciler queues again what Redis lost.
#
# Overrides: CLIPWRIGHT_SERVICES_DIR, CLIPWRIGHT_REDIS_PORT (56379), CLIPWRIGHT_PG_PORT (55432),
# CLIPWRIGHT_S3_PORT (54569), CLIPWRIGHT_S3_BUCKET (clipwright), PG_BIN (the newest
# /usr/lib/postgresql/*/bin). Uncommon default ports so a developer's own servers are left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Never another address: these servers have throwaway credentials (or none, for Redis).
HOST=127.0.0.1
DATA="${CLIPWRIGHT_SERVICES_DIR:-$ROOT/.tmp/services}"
REDIS_PORT="${CLIPWRIGHT_REDIS_PORT:-56379}"
PG_PORT="${CLIPWRIGHT_PG_PORT:-55432}"
S3_PORT="${CLIPWRIGHT_S3_PORT:-54569}"
S3_BUCKET="${CLIPWRIGHT_S3_BUCKET:-clipwright}"
PG_DB=clipwright
PG_USER=clipwright
PG_PASSWORD=clipwright

REDIS_DIR="$DATA/redis"
PG_DIR="$DATA/postgres"
# PostgreSQL runs as 'postgres' when we are root, and that user must reach its folder: a checkout
# under /root (mode 700, common on CI runners) is out of its reach, so the cluster moves to /tmp.
if [ "$(id -u)" = "0" ] && id postgres >/dev/null 2>&1; then
  mkdir -p "$DATA"
  if ! runuser -u postgres -- test -x "$DATA"; then PG_DIR="/tmp/clipwright-services-$PG_PORT/postgres"; fi
fi
S3_DIR="$DATA/s3"

log() { echo "services: $*" >&2; }
die() {
  echo "services: $*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

env_line() {
  echo "export REDIS_URL=redis://$HOST:$REDIS_PORT" \
    "DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@$HOST:$PG_PORT/$PG_DB" \
    "S3_ENDPOINT=http://$HOST:$S3_PORT S3_BUCKET=$S3_BUCKET S3_ACCESS_KEY_ID=S3RVER" \
    "S3_SECRET_ACCESS_KEY=S3RVER S3_REGION=us-east-1 S3_FORCE_PATH_STYLE=true"
}

# Poll until "$@" succeeds; s3rver and PostgreSQL take a moment after their process appears.
wait_for() {
  local what="$1" tries="$2"
  shift 2
  for _ in $(seq "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "$what did not come up; see its log under $DATA"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# ---- Redis ---------------------------------------------------------------------------------------

redis_ping() { [ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

start_redis() {
  if redis_ping; then
    log "redis: reusing the server on $HOST:$REDIS_PORT"
    return
  fi
  have redis-server || die "redis-server is not installed (Debian: apt-get install redis-server)"
  mkdir -p "$REDIS_DIR"
  # AOF instead of RDB snapshots; noeviction so Redis answers "out of memory" rather than drop a job.
  redis-server --port "$REDIS_PORT" --bind "$HOST" --save '' --appendonly yes --appendfsync everysec \
    --maxmemory-policy noeviction --daemonize yes \
    --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
  wait_for "redis" 50 redis_ping
  log "redis: started on $HOST:$REDIS_PORT"
}

stop_redis() {
  if pid_alive "$REDIS_DIR/redis.pid"; then
    redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || kill "$(cat "$REDIS_DIR/redis.pid")"
    log "redis: stopped"
  fi
  rm -f "$REDIS_DIR/redis.pid"
}

# ---- PostgreSQL ----------------------------------------------------------------------------------

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    echo "$PG_BIN"
  elif ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1
  elif have pg_config; then
    pg_config --bindir
  else
    die "PostgreSQL is not installed (Debian: apt-get install postgresql)"
  fi
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the Debian 'postgres' user.
as_pg() {
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (Debian package postgresql)"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_ready() { "$(pg_bin)/pg_isready" -q -h "$HOST" -p "$PG_PORT"; }

pg_socket_dir() {
  # A Unix socket path may hold about 107 bytes; a deep checkout falls back to a short /tmp name.
  local dir="$PG_DIR/socket"
  if [ $((${#dir} + 20)) -gt 100 ]; then dir="/tmp/clipwright-pg-$PG_PORT"; fi
  echo "$dir"
}

start_postgres() {
  local bin pgdata sock
  bin="$(pg_bin)"
  pgdata="$PG_DIR/data"
  sock="$(pg_socket_dir)"
  if pg_ready; then
    log "postgres: reusing the server on $HOST:$PG_PORT"
  else
    mkdir -p "$PG_DIR" "$sock"
    if [ "$(id -u)" = "0" ]; then
      chown postgres "$PG_DIR" "$sock"
      as_pg test -w "$PG_DIR" || die "user postgres cannot write $PG_DIR (set CLIPWRIGHT_SERVICES_DIR to a folder it can reach)"
      [ "$PG_DIR" = "$DATA/postgres" ] || log "postgres: $DATA is out of user postgres's reach; data in $PG_DIR"
    fi
    if [ ! -f "$pgdata/PG_VERSION" ]; then
      # Trust only over the Unix socket (guarded by the folder's permissions); TCP needs a password.
      as_pg "$bin/initdb" -D "$pgdata" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || die "initdb failed; see $PG_DIR/initdb.log"
    fi
    as_pg "$bin/pg_ctl" -D "$pgdata" -l "$PG_DIR/postgres.log" -w -t 60 \
      -o "-k $sock -h $HOST -p $PG_PORT" start >/dev/null || die "postgres did not start; see $PG_DIR/postgres.log"
    log "postgres: started on $HOST:$PG_PORT"
  fi
  if [ -S "$sock/.s.PGSQL.$PG_PORT" ]; then
    ensure_pg_database "$bin" "$sock"
  fi
  PGPASSWORD="$PG_PASSWORD" "$bin/psql" -h "$HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -tAc 'select 1' \
    >/dev/null 2>&1 || die "the server on $HOST:$PG_PORT does not accept $PG_USER/$PG_DB; is it someone else's?"
}

# The role may create databases so tests can make a throwaway one each and drop it afterwards.
ensure_pg_database() {
  local bin="$1" sock="$2" psql
  psql=("$bin/psql" -h "$sock" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq)
  if [ "$(as_pg "${psql[@]}" -c "select 1 from pg_roles where rolname = '$PG_USER'")" != "1" ]; then
    as_pg "${psql[@]}" -c "create role $PG_USER login createdb password '$PG_PASSWORD'" >/dev/null
  fi
  if [ "$(as_pg "${psql[@]}" -c "select 1 from pg_database where datname = '$PG_DB'")" != "1" ]; then
    as_pg "${psql[@]}" -c "create database $PG_DB owner $PG_USER" >/dev/null
  fi
}

stop_postgres() {
  local pgdata="$PG_DIR/data"
  if [ -f "$pgdata/postmaster.pid" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 && log "postgres: stopped" || true
  fi
}

# ---- S3 (s3rver) ---------------------------------------------------------------------------------

# Node rather than curl: node is certain to be here, curl is not on a minimal Debian.
s3_bucket_ok() {
  node -e 'fetch(process.argv[1], { method: "HEAD" }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' \
    "http://$HOST:$S3_PORT/$S3_BUCKET"
}

start_s3() {
  if port_open "$S3_PORT"; then
    s3_bucket_ok || die "port $S3_PORT answers but has no bucket $S3_BUCKET; is it someone else's server?"
    log "s3: reusing the server on $HOST:$S3_PORT"
    return
  fi
  local bin="$ROOT/node_modules/s3rver/bin/s3rver.js"
  [ -f "$bin" ] || die "s3rver is missing from node_modules (npm install)"
  mkdir -p "$S3_DIR/data"
  # setsid: a process group of its own, so the test runner's exit or Ctrl-C does not take it down.
  setsid node "$bin" -d "$S3_DIR/data" -a "$HOST" -p "$S3_PORT" -s --configure-bucket "$S3_BUCKET" \
    </dev/null >"$S3_DIR/s3rver.log" 2>&1 &
  echo $! >"$S3_DIR/s3rver.pid"
  wait_for "s3rver" 100 s3_bucket_ok
  log "s3: started on $HOST:$S3_PORT (bucket $S3_BUCKET)"
}

stop_s3() {
  if pid_alive "$S3_DIR/s3rver.pid"; then
    kill "$(cat "$S3_DIR/s3rver.pid")"
    log "s3: stopped"
  fi
  rm -f "$S3_DIR/s3rver.pid"
}

# --------------------------------------------------------------------------------------------------

case "${1:-}" in
  start)
    case "${2:-all}" in
      redis) start_redis ;;
      postgres) start_postgres ;;
      s3) start_s3 ;;
      all)
        start_redis
        start_postgres
        start_s3
        ;;
      *) die "unknown server ${2}: redis, postgres or s3" ;;
    esac
    env_line
    ;;
  env) env_line ;;
  status)
    ok=0
    redis_ping && log "redis: up" || { log "redis: down"; ok=1; }
    pg_ready && log "postgres: up" || { log "postgres: down"; ok=1; }
    s3_bucket_ok && log "s3: up" || { log "s3: down"; ok=1; }
    exit $ok
    ;;
  stop)
    case "${2:-all}" in
      redis) stop_redis ;;
      postgres) stop_postgres ;;
      s3) stop_s3 ;;
      all)
        stop_s3
        stop_postgres
        stop_redis
        ;;
      *) die "unknown server ${2}: redis, postgres or s3" ;;
    esac
    ;;
  *)
    echo "usage: $0 start|stop|env|status" >&2
    exit 2
    ;;
esac
