#!/usr/bin/env bash
# Part of make bench (issue 14): scenarios d (map extent) and e (platform page) with 16 clients, first on one API node
# over the primary, then on two API nodes reading from a streaming replica (8 clients each, at the same time). A
# replica is made for the run with pg_basebackup -R from the private cluster and removed afterwards. Reports total
# req/s, each node's p50/p99, and CPU per request (ms) of the API nodes, the primary and the replica, so that the
# gain on more cores can be computed: on 2 shared cores the second node and the replica add overhead, not capacity.
#
# Settings: BENCH_DURATION (20), BENCH_WARMUP (40), BENCH_PORT (18090: nodes on it and the next), REPLICA_PG_PORT (55433).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-40}
PORT=${BENCH_SCALE_PORT:-18090}
REPLICA_PORT=${REPLICA_PG_PORT:-55433}
PSQL=$PG_BIN/psql
OUT=bench/out/scale-out-$(date +%Y%m%d-%H%M%S)
STANDBY=$DATA_DIR/bench-standby
NODES=()
STANDBY_STARTED=0
SERVER_PID=""
mkdir -p "$OUT"
[ -z "${DATABASE_URL:-}" ] || { say "scale-out: skipped with DATABASE_URL (it makes a replica of the private cluster)"; exit 0; }

stop_nodes() {
  local p
  for p in "${NODES[@]}"; do SERVER_PID=$p; stop_server; done
  NODES=()
}
cleanup() {
  stop_child
  stop_nodes
  if [ "$STANDBY_STARTED" = 1 ]; then
    as_cluster_owner "$PG_BIN/pg_ctl" -D "$STANDBY/pg" -m fast -w -t 60 stop >/dev/null 2>&1 || say "could not stop the replica"
  fi
  rm -rf "$STANDBY"
  cluster_down
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cluster_up
pg_target "$BENCH_DB"
declare -A FIX
while IFS=$'\t' read -r k v; do FIX[$k]=$v; done < <(timeout 60 "$PSQL" -X -q -At -F $'\t' -d "$PG_TARGET" -f bench/sql/fixtures.sql)
VIEWER=$(cat "$DATA_DIR/$BENCH_DB-viewer-key") || die "no benchmark key: run make bench-data"
PLATFORM=$(cat "$DATA_DIR/$BENCH_DB-platform-key")

say "making a streaming replica of the private cluster in $STANDBY (pg_basebackup -R)"
rm -rf "$STANDBY"
mkdir -p "$STANDBY"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$STANDBY"
OWNER=(); [ "$(id -u)" = 0 ] && OWNER=(runuser -u postgres --)
bounded 900 "${OWNER[@]}" "$PG_BIN/pg_basebackup" -D "$STANDBY/pg" -R -X stream -c fast \
  -d "host=127.0.0.1 port=$PG_PORT user=registry password=$PGPASSWORD" >"$OUT/basebackup.log" 2>&1 \
  || die "pg_basebackup failed (see $OUT/basebackup.log)"
as_cluster_owner "$PG_BIN/pg_ctl" -D "$STANDBY/pg" -l "$STANDBY/postgres.log" -o "-p $REPLICA_PORT" -w -t 120 start >/dev/null \
  || die "the replica did not start (see $STANDBY/postgres.log)"
STANDBY_STARTED=1

start_node() { # port [replica url]
  local port=$1 replicas=${2:-}
  RATE_LIMIT_KEY_PER_SECOND=0 RATE_LIMIT_ADDRESS_PER_SECOND=0 LOAD_DEMO_DATA=false HOST=127.0.0.1 PORT=$port \
    DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$BENCH_DB" DATABASE_USER=registry DATABASE_PASSWORD=$PGPASSWORD \
    DATABASE_REPLICA_URLS=$replicas "$JAVA" -jar "$JAR" serve >"$OUT/node-$port.log" 2>&1 &
  NODES+=($!)
  for i in $(seq 240); do
    curl -sf -m 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "node on $port did not answer /health"
}

# CPU ticks (user + system) of processes: the API nodes, and a cluster's postmaster with its backends.
ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
cluster_pids() { local pm; pm=$(head -1 "$1/postmaster.pid"); echo "$pm $(pgrep -P "$pm" | tr '\n' ' ')"; }
HZ=$(getconf CLK_TCK)

body() { # scenario → request body file
  local doc vars
  case $1 in
    d) doc=bench/graphql/parcels_bbox.graphql
       vars="{\"bbox\": {\"minLon\": ${FIX[D_MINLON]}, \"minLat\": ${FIX[D_MINLAT]}, \"maxLon\": ${FIX[D_MAXLON]}, \"maxLat\": ${FIX[D_MAXLAT]}}}" ;;
    e) doc=bench/graphql/listings_page.graphql; vars="{}" ;;
  esac
  printf '{"query": "%s", "variables": %s}\n' "$(sed -e '/^#/d' -e 's/\\/\\\\/g' -e 's/"/\\"/g' "$doc" | tr '\n' ' ')" "$vars" >"$OUT/$1.json"
  echo "$OUT/$1.json"
}

ROWS=()
measure() { # mode scenario key ports...
  local mode=$1 s=$2 key=$3; shift 3
  local ports=("$@") conns=$((16 / $#)) p
  export BENCH_BODY; BENCH_BODY=$(body "$s")
  export BENCH_KEY=$key
  local clients=()
  for p in "${ports[@]}"; do
    timeout $((WARMUP + 30)) wrk -t1 -c"$conns" -d"${WARMUP}s" --timeout 10s -s bench/wrk/graphql.lua "http://127.0.0.1:$p/graphql" >/dev/null 2>&1 &
    clients+=($!)
  done
  wait "${clients[@]}" || true
  clients=()
  local api0 pri0 rep0 api1 pri1 rep1
  api0=$(ticks "${NODES[@]}"); pri0=$(ticks $(cluster_pids "$DATA_DIR/pg")); rep0=$(ticks $(cluster_pids "$STANDBY/pg"))
  for p in "${ports[@]}"; do
    timeout $((DURATION + 30)) wrk -t1 -c"$conns" -d"${DURATION}s" --latency --timeout 10s -s bench/wrk/graphql.lua \
      "http://127.0.0.1:$p/graphql" >"$OUT/${mode//[ ,]/_}-$s-$p.txt" 2>&1 &
    clients+=($!)
  done
  wait "${clients[@]}" || true
  api1=$(ticks "${NODES[@]}"); pri1=$(ticks $(cluster_pids "$DATA_DIR/pg")); rep1=$(ticks $(cluster_pids "$STANDBY/pg"))
  local total=0 rps lat="" errors=0
  for p in "${ports[@]}"; do
    line=$(grep '^BENCH ' "$OUT/${mode//[ ,]/_}-$s-$p.txt")
    total=$((total + $(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$line")))
    errors=$((errors + $(sed -n 's/.*http_errors=\([0-9]*\).*/\1/p' <<<"$line") + $(sed -n 's/.*socket_errors=\([0-9]*\).*/\1/p' <<<"$line")))
    lat="$lat $(sed -n 's/.*p50=\([0-9.]*\).*p99=\([0-9.]*\).*/\1\/\2/p' <<<"$line")"
  done
  rps=$(awk -v n="$total" -v d="$DURATION" 'BEGIN {printf "%.1f", n / d}')
  cpu() { awk -v t="$1" -v n="$total" -v hz="$HZ" 'BEGIN {printf "%.2f", n ? t * 1000 / hz / n : 0}'; }
  ROWS+=("$(printf '%-4s %-22s %9s %-24s %7s %8s %8s %8s' "$s" "$mode" "$rps" "${lat# }" "$errors" \
    "$(cpu $((api1 - api0)))" "$(cpu $((pri1 - pri0)))" "$(cpu $((rep1 - rep0)))")")
  say "  $s $mode: $rps req/s, p50/p99 per node (ms):${lat}, errors $errors"
}

say "one node over the primary"
start_node "$PORT"
measure "1 node, primary" d "$VIEWER" "$PORT"
measure "1 node, primary" e "$PLATFORM" "$PORT"
stop_nodes
say "two nodes reading from the replica"
REPLICA="jdbc:postgresql://127.0.0.1:$REPLICA_PORT/$BENCH_DB"
start_node "$PORT" "$REPLICA"
start_node $((PORT + 1)) "$REPLICA"
measure "2 nodes, replica" d "$VIEWER" "$PORT" $((PORT + 1))
measure "2 nodes, replica" e "$PLATFORM" "$PORT" $((PORT + 1))
for p in "$PORT" $((PORT + 1)); do curl -s "http://127.0.0.1:$p/health" >"$OUT/health-$p.json"; done

# Subscription fan-out over the same two nodes: changes made through the first reach the second by NOTIFY.
EDITOR_FILE=$DATA_DIR/$BENCH_DB-editor-key
if [ ! -s "$EDITOR_FILE" ]; then
  # The command logs to stdout too: the key is the one token of its form.
  REGISTRY_DATABASE=$BENCH_DB timeout 120 "$JAVA" -jar "$JAR" create-key --role STAFF_EDITOR --name "make bench (fan-out)" \
    2>>"$OUT/create-key.log" | grep -o 'mrr_[A-Za-z0-9_-]*' >"$EDITOR_FILE.new" && chmod 600 "$EDITOR_FILE.new" && mv "$EDITOR_FILE.new" "$EDITOR_FILE" \
    || die "could not create an editor key (see $OUT/create-key.log)"
fi
FANOUT_SUBSCRIBERS=${BENCH_FANOUT_SUBSCRIBERS:-1000}
FANOUT_SECONDS=${BENCH_FANOUT_SECONDS:-60}
say "fan-out: $FANOUT_SUBSCRIBERS subscribers over 2 nodes, 10 listing changes/s for $FANOUT_SECONDS s"
bounded $((FANOUT_SECONDS + 180)) "$JAVA" -jar "$JAR" bench-fanout --nodes "http://127.0.0.1:$PORT,http://127.0.0.1:$((PORT + 1))" \
  --subscribers "$FANOUT_SUBSCRIBERS" --per-second 10 --seconds "$FANOUT_SECONDS" --viewer-key "$VIEWER" --editor-key "$(cat "$EDITOR_FILE")" \
  >"$OUT/fanout.txt" 2>"$OUT/fanout.log" || say "fan-out: not every subscriber received every change (see $OUT/fanout.txt)"
FANOUT=$(grep '^BENCH ' "$OUT/fanout.txt" || echo "fan-out: no result (see $OUT/fanout.log)")

{
  echo "16 clients in all; latencies in ms (p50/p99 of each node's clients); CPU in ms per request"
  printf '%-4s %-22s %9s %-24s %7s %8s %8s %8s\n' scen mode "req/s" "p50/p99 per node" errors "API cpu" "primary" "replica"
  printf '%s\n' "${ROWS[@]}"
  echo "replica as /health saw it at the end: $(cat "$OUT/health-$PORT.json")"
  echo "subscription fan-out (delivery ms from the change's transaction time): ${FANOUT#BENCH }"
} | tee "$OUT/table.txt"
cp "$OUT/table.txt" bench/out/scale-out-latest.txt
