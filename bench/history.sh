#!/usr/bin/env bash
# make bench, issue 12 (the register remembers): on the bench database,
#  1. verify-change-log over its change log (make bench-data writes 1 000 000 entries): entries/s;
#  2. two copies of it, each with its own server: one with the change log as it is, one with the change-log triggers
#     disabled (the register as it was before the log). On the first, a block with reserves and geometry read now and
#     as of an instant in its history (bench-register, 8 clients).
#  3. updateMineParcel and createListing on each server in turn, BENCH_ROUNDS rounds (with then without, without then
#     with, ...), the idle server waiting; the first round warms up for BENCH_WARMUP s, later ones for 5 s. This VM's
#     speed drifts by up to 2x within minutes, so one run of each after the other measures the drift as much as the
#     log. Reported: each round's ratio with the log / without, and their median.
# The copies are dropped at the end. Settings: BENCH_DURATION (20), BENCH_WARMUP (20), BENCH_CONNECTIONS (8),
# BENCH_ROUNDS (3), BENCH_PORT (18100; the server without the log listens on the next port).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-20}
CLIENTS=${BENCH_CONNECTIONS:-8}
PORT=${BENCH_PORT:-18100}
ROUNDS=${BENCH_ROUNDS:-3}
PSQL=$PG_BIN/psql
OUT=bench/out/history-$(date +%Y%m%d-%H%M%S)
COPIES="${BENCH_DB}_writes ${BENCH_DB}_nolog"
SERVER_PID=""
NOLOG_PID=""
SERVED_PID=""
mkdir -p "$OUT"
[ -f "$JAR" ] || die "$JAR is missing: make build"
[ -z "${DATABASE_URL:-}" ] || { say "history: skipped with DATABASE_URL (it copies the private cluster's bench database)"; exit 0; }

drop_copy() { # database
  timeout 120 "$PSQL" -X -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1 || say "could not drop $1"
}
cleanup() {
  stop_child
  stop_server
  SERVER_PID=$NOLOG_PID stop_server
  SERVER_PID=$SERVED_PID stop_server # one started but not yet handed over (it did not answer in time)
  for c in $COPIES; do drop_copy "$c"; done
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

copy() { # database with_log: 1 or 0
  drop_copy "$1"
  say "copying $BENCH_DB to $1"
  bounded 900 "$PSQL" -X -q -d postgres -c "CREATE DATABASE $1 TEMPLATE $BENCH_DB STRATEGY FILE_COPY" >/dev/null || die "could not copy $BENCH_DB"
  if [ "$2" = 0 ]; then
    timeout 60 "$PSQL" -X -q -d "$1" -v ON_ERROR_STOP=1 -c "DO \$\$ DECLARE t text; BEGIN
      FOR t IN SELECT table_name FROM change_log_table LOOP
        EXECUTE format('ALTER TABLE %I DISABLE TRIGGER change_log_row, DISABLE TRIGGER change_log_require_action', t);
      END LOOP; END \$\$" >/dev/null || die "could not disable the change-log triggers in $1"
  fi
}
serve() { # label database port
  RATE_LIMIT_KEY_PER_SECOND=0 RATE_LIMIT_ADDRESS_PER_SECOND=0 LOAD_DEMO_DATA=false HOST=127.0.0.1 PORT=$3 \
    DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$2" DATABASE_USER=registry DATABASE_PASSWORD=$PGPASSWORD \
    "$JAVA" -jar "$JAR" serve >"$OUT/server-$1.log" 2>&1 &
  SERVED_PID=$!
  for _ in $(seq 240); do curl -sf -m 2 "http://127.0.0.1:$3/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  die "the server did not answer /health (see $OUT/server-$1.log)"
}
load() { # label port runs warmup
  bounded $((6 * (DURATION + WARMUP) + 300)) "$JAVA" -jar "$JAR" bench-register --url "http://127.0.0.1:$2" --viewer-key "$VIEWER" \
    --editor-key "$EDITOR" --block "$BLOCK" --clients "$CLIENTS" --seconds "$DURATION" --warmup "$4" --runs "$3" \
    >"$OUT/$1.txt" 2>"$OUT/$1.log" || die "bench-register failed (see $OUT/$1.log)"
}

copy "${BENCH_DB}_writes" 1
copy "${BENCH_DB}_nolog" 0
serve with-log "${BENCH_DB}_writes" "$PORT"
SERVER_PID=$SERVED_PID
SERVED_PID=""
serve without-log "${BENCH_DB}_nolog" $((PORT + 1))
NOLOG_PID=$SERVED_PID
SERVED_PID=""
say "with the change log: reads now and as of ($CLIENTS clients, ${DURATION} s each)"
load reads "$PORT" reads "$WARMUP"
# The first round warms each server's write path up fully; later ones briefly, after the other server's run.
for i in $(seq "$ROUNDS"); do
  w=$([ "$i" = 1 ] && echo "$WARMUP" || echo 5)
  say "round $i of $ROUNDS: updateMineParcel and createListing with the change log and without"
  # Odd rounds start with the log, even ones without, so that a steady drift does not favour either.
  if [ $((i % 2)) = 1 ]; then
    load "with-log-$i" "$PORT" updates,listings "$w"
    load "without-log-$i" $((PORT + 1)) updates,listings "$w"
  else
    load "without-log-$i" $((PORT + 1)) updates,listings "$w"
    load "with-log-$i" "$PORT" updates,listings "$w"
  fi
done
stop_server
SERVER_PID=$NOLOG_PID stop_server
NOLOG_PID=""

val() { grep "^BENCH name=$2 " "$OUT/$1.txt" | sed -n "s/.*\\b$3=\\([^ ]*\\).*/\\1/p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
row() { printf '%-34s %9s %9s %9s %9s %7s\n' "$@"; }
{
  echo "change log: $VERIFY"
  row run "req/s" p50 p95 p99 errors
  for r in read_now read_as_of; do
    row "$r" "$(val reads $r rps)" "$(val reads $r p50)" "$(val reads $r p95)" "$(val reads $r p99)" "$(val reads $r errors)"
  done
  for m in update_mine_parcel create_listing; do
    for i in $(seq "$ROUNDS"); do
      for l in with-log without-log; do
        row "$m ($l, round $i)" "$(val $l-$i $m rps)" "$(val $l-$i $m p50)" "$(val $l-$i $m p95)" "$(val $l-$i $m p99)" "$(val $l-$i $m errors)"
      done
    done
  done
  echo "as-of read / current read: p50 $(ratio "$(val reads read_as_of p50)" "$(val reads read_now p50)")x," \
    "p99 $(ratio "$(val reads read_as_of p99)" "$(val reads read_now p99)")x (target <= 2x at $CLIENTS clients)"
  for m in update_mine_parcel create_listing; do
    rs=$(for i in $(seq "$ROUNDS"); do ratio "$(val with-log-$i $m rps)" "$(val without-log-$i $m rps)"; echo; done)
    echo "$m with the log / without: median $(echo "$rs" | median)x req/s over $ROUNDS rounds ($(echo $rs | tr ' ' '/')) (target >= 0.8)"
  done
  grep -h '^# ' "$OUT"/with-log-1.txt "$OUT"/without-log-1.txt || true
} | tee "$OUT/table.txt"
cp "$OUT/table.txt" bench/out/history-latest.txt
