#!/usr/bin/env bash
# make bench, issue 12 (the register remembers): on the bench database,
#  1. verify-change-log over its change log (make bench-data writes 1 000 000 entries): entries/s;
#  2. on a copy of it, a server with the change log as it is: a block with reserves and geometry read now and as of
#     an instant in its history, then updateMineParcel and createListing (bench-register, 8 clients);
#  3. on a fresh copy with the change-log triggers disabled (the register as it was before the log), the same runs
#     (so that both servers are as warm when their mutations are measured): the throughput ratio with the log / without.
# The copies are dropped at the end. Settings: BENCH_DURATION (20), BENCH_WARMUP (20), BENCH_CONNECTIONS (8),
# BENCH_PORT (18100).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-20}
CLIENTS=${BENCH_CONNECTIONS:-8}
PORT=${BENCH_PORT:-18100}
PSQL=$PG_BIN/psql
OUT=bench/out/history-$(date +%Y%m%d-%H%M%S)
COPY=${BENCH_DB}_writes
SERVER_PID=""
mkdir -p "$OUT"
[ -f "$JAR" ] || die "$JAR is missing: make build"
[ -z "${DATABASE_URL:-}" ] || { say "history: skipped with DATABASE_URL (it copies the private cluster's bench database)"; exit 0; }

drop_copy() {
  timeout 120 "$PSQL" -X -q -d postgres -c "DROP DATABASE IF EXISTS $COPY WITH (FORCE)" >/dev/null 2>&1 || say "could not drop $COPY"
}
cleanup() {
  stop_child
  stop_server
  drop_copy
  cluster_down
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cluster_up
pg_target "$BENCH_DB"
timeout 60 "$PSQL" -X -q -d "$PG_TARGET" -c 'SELECT 1 FROM bench.fixture LIMIT 1' >/dev/null 2>&1 || die "no benchmark data in $BENCH_DB: run make bench-data first"
BLOCK=$(timeout 60 "$PSQL" -X -q -At -d "$PG_TARGET" -c "SELECT parcel_id FROM bench.fixture WHERE scenario = 'a'")
ENTRIES=$(timeout 60 "$PSQL" -X -q -At -d "$PG_TARGET" -c "SELECT max(seq) FROM change_log")
VIEWER=$(cat "$DATA_DIR/$BENCH_DB-viewer-key") || die "no benchmark key: run make bench-data"
EDITOR_FILE=$DATA_DIR/$BENCH_DB-editor-key
if [ ! -s "$EDITOR_FILE" ]; then
  REGISTRY_DATABASE=$BENCH_DB timeout 120 "$JAVA" -jar "$JAR" create-key --role STAFF_EDITOR --name "make bench (writes)" \
    2>>"$OUT/create-key.log" | grep -o 'mrr_[A-Za-z0-9_-]*' >"$EDITOR_FILE.new" && chmod 600 "$EDITOR_FILE.new" && mv "$EDITOR_FILE.new" "$EDITOR_FILE" \
    || die "could not create an editor key (see $OUT/create-key.log)"
fi
EDITOR=$(cat "$EDITOR_FILE")

# Twice: the first run reads the log from disk or the OS cache into a cold cluster, the second from shared buffers.
verify() { # label
  local start wall inner
  start=$(date +%s%N)
  REGISTRY_DATABASE=$BENCH_DB bounded 1800 "$JAVA" -jar "$JAR" verify-change-log >"$OUT/verify-$1.txt" 2>"$OUT/verify-$1.log" \
    || die "verification failed (see $OUT/verify-$1.txt)"
  wall=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  inner=$(sed -n 's/.*(\([0-9.]*\) s)$/\1/p' "$OUT/verify-$1.txt")
  awk -v l="$1" -v n="$ENTRIES" -v s="$inner" -v w="$wall" 'BEGIN { printf "%s: %d entries in %.1f s, %.0f entries/s (%.1f s with the JVM start)", l, n, s, n / s, w }'
}
say "verify-change-log over $ENTRIES entries, twice"
VERIFY="$(verify first); $(verify second); target >= 200000 entries/s"
say "$VERIFY"

copy() { # with_log: 1 or 0
  drop_copy
  say "copying $BENCH_DB to $COPY"
  bounded 900 "$PSQL" -X -q -d postgres -c "CREATE DATABASE $COPY TEMPLATE $BENCH_DB STRATEGY FILE_COPY" >/dev/null || die "could not copy $BENCH_DB"
  if [ "$1" = 0 ]; then
    timeout 60 "$PSQL" -X -q -d "$COPY" -v ON_ERROR_STOP=1 -c "DO \$\$ DECLARE t text; BEGIN
      FOR t IN SELECT table_name FROM change_log_table LOOP
        EXECUTE format('ALTER TABLE %I DISABLE TRIGGER change_log_row, DISABLE TRIGGER change_log_require_action', t);
      END LOOP; END \$\$" >/dev/null || die "could not disable the change-log triggers in $COPY"
  fi
}
serve() {
  RATE_LIMIT_KEY_PER_SECOND=0 RATE_LIMIT_ADDRESS_PER_SECOND=0 LOAD_DEMO_DATA=false HOST=127.0.0.1 PORT=$PORT \
    DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$COPY" DATABASE_USER=registry DATABASE_PASSWORD=$PGPASSWORD \
    "$JAVA" -jar "$JAR" serve >"$OUT/server-$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 240); do curl -sf -m 2 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  die "the server did not answer /health (see $OUT/server-$1.log)"
}
load() { # label runs
  bounded $((6 * (DURATION + WARMUP) + 300)) "$JAVA" -jar "$JAR" bench-register --url "http://127.0.0.1:$PORT" --viewer-key "$VIEWER" \
    --editor-key "$EDITOR" --block "$BLOCK" --clients "$CLIENTS" --seconds "$DURATION" --warmup "$WARMUP" --runs "$2" \
    >"$OUT/$1.txt" 2>"$OUT/$1.log" || die "bench-register failed (see $OUT/$1.log)"
}

copy 1
serve with-log
say "with the change log: reads now and as of, updateMineParcel, createListing ($CLIENTS clients, ${DURATION} s each)"
load with-log reads,updates,listings
stop_server
copy 0
serve without-log
say "the change-log triggers disabled: the same runs"
load without-log reads,updates,listings
stop_server

val() { grep "^BENCH name=$2 " "$OUT/$1.txt" | sed -n "s/.*\\b$3=\\([^ ]*\\).*/\\1/p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "change log: $VERIFY"
  printf '%-22s %9s %9s %9s %9s %7s\n' run "req/s" p50 p95 p99 errors
  for r in read_now read_as_of; do
    printf '%-22s %9s %9s %9s %9s %7s\n' "$r" "$(val with-log $r rps)" "$(val with-log $r p50)" "$(val with-log $r p95)" "$(val with-log $r p99)" "$(val with-log $r errors)"
  done
  for m in update_mine_parcel create_listing; do
    for l in with-log without-log; do
      printf '%-22s %9s %9s %9s %9s %7s\n' "$m ($l)" "$(val $l $m rps)" "$(val $l $m p50)" "$(val $l $m p95)" "$(val $l $m p99)" "$(val $l $m errors)"
    done
  done
  echo "as-of read / current read: p50 $(ratio "$(val with-log read_as_of p50)" "$(val with-log read_now p50)")x," \
    "p99 $(ratio "$(val with-log read_as_of p99)" "$(val with-log read_now p99)")x (target <= 2x at $CLIENTS clients)"
  for m in update_mine_parcel create_listing; do
    echo "$m with the log / without: $(ratio "$(val with-log $m rps)" "$(val without-log $m rps)")x req/s (target >= 0.8)"
  done
  grep -h '^# ' "$OUT/with-log.txt" "$OUT/without-log.txt" || true
} | tee "$OUT/table.txt"
cp "$OUT/table.txt" bench/out/history-latest.txt
