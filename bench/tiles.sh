#!/usr/bin/env bash
# Vector tiles under load: each scenario first through the API (the jar on its own loopback port, against the bench
# database) under wrk with a staff key, then as the very statement the API runs for that tile (bench/sql/t_*.sql)
# under pgbench at the same concurrency. Prints req/s and p50/p95/p99 with the API/SQL ratio and the targets, and
# writes the table to bench/out/ (tiles-latest.txt). Every step is bounded in time; the server, and the cluster if
# this run started it, are stopped on exit however the run ends.
#   a_tile_farmland  z14 WebMercatorQuad basic-farmland tile where the farmland is densest
#   b_tile_blocks    z10 WebMercatorQuad tile of all blocks (mine-parcels) where they are densest
#   c_tile_304       (a) revalidated with its ETag (If-None-Match): the version lookup and a 304, no SQL twin
#
# Settings (environment): BENCH_DURATION (s, default 20), BENCH_WARMUP (s, 40), BENCH_CONNECTIONS (8),
# BENCH_THREADS (2), BENCH_PORT (18081), BENCH_SCENARIOS (comma-separated names, default all), BENCH_DB (registry_bench), plus the jar's own REGISTRY_PG_PORT /
# REGISTRY_DATA_DIR / DATABASE_URL. The bench data of another checkout is used with REGISTRY_DATA_DIR=<it>/.data.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-40}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
THREADS=${BENCH_THREADS:-2}
PORT=${BENCH_PORT:-18081}
ONLY=${BENCH_SCENARIOS:-}
PSQL=$PG_BIN/psql
PGBENCH=$PG_BIN/pgbench
OUT=bench/out/tiles-$(date +%Y%m%d-%H%M%S)
SERVER_PID=""

command -v wrk >/dev/null || die "wrk is missing: WITH_BENCH_TOOLS=1 scripts/ensure-deps.sh installs it"
command -v curl >/dev/null || die "curl is missing: WITH_BENCH_TOOLS=1 scripts/ensure-deps.sh installs it"
[ -x "$PGBENCH" ] || die "pgbench not found in $PG_BIN"
[ -f "$JAR" ] || die "$JAR is missing: make build"
mkdir -p "$OUT"

cleanup() {
  stop_child
  stop_server
  cluster_down
}
trap cleanup EXIT
trap 'exit 130' INT TERM

field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<<"$1"; }

cluster_up
pg_target "$BENCH_DB"
declare -A FIX
while IFS=$'\t' read -r k v; do FIX[$k]=$v; done \
  < <(timeout 300 "$PSQL" -X -q -At -F $'\t' -d "$PG_TARGET" -f bench/sql/tile_fixtures.sql)
[ -n "${FIX[A_X]:-}" ] && [ -n "${FIX[B_X]:-}" ] && [ -n "${FIX[DATASET]:-}" ] \
  || die "no farmland or blocks in $BENCH_DB: run make bench-data first"
FARMLAND=$(timeout 60 "$PSQL" -X -q -At -d "$PG_TARGET" -c "SELECT feature_count FROM layer_dataset WHERE id = ${FIX[DATASET]}")

key_file=$DATA_DIR/$BENCH_DB-viewer-key
if [ ! -s "$key_file" ]; then
  say "no benchmark key in $key_file: creating a STAFF_VIEWER key"
  REGISTRY_DATABASE=$BENCH_DB timeout 120 "$JAVA" -jar "$JAR" create-key --role STAFF_VIEWER --name "make bench" \
    2>>"$OUT/create-key.log" >"$key_file.new" && chmod 600 "$key_file.new" && mv "$key_file.new" "$key_file" \
    || { rm -f "$key_file.new"; die "could not create a key (see $OUT/create-key.log)"; }
fi
BENCH_KEY=$(cat "$key_file")
export BENCH_KEY

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "port $PORT is already in use: set BENCH_PORT to a free port"
fi
say "starting the server on 127.0.0.1:$PORT against $BENCH_DB (log: $OUT/server.log)"
RATE_LIMIT_KEY_PER_SECOND=0 RATE_LIMIT_ADDRESS_PER_SECOND=0 \
  REGISTRY_DATABASE=$BENCH_DB PORT=$PORT HOST=127.0.0.1 LOAD_DEMO_DATA=false "$JAVA" -jar "$JAR" serve >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 240); do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$OUT/server.log" >&2; die "the server exited during startup"; }
  curl -sf -m 2 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  [ "$i" = 240 ] && die "the server did not answer /health within 120 s"
  sleep 0.5
done
say "server up (pid $SERVER_PID)"

# name | what | API path | SQL file | pgbench/psql variables | target
SCENARIOS=(
  "a_tile_farmland|z14 basic-farmland tile ${FIX[A_Y]}/${FIX[A_X]} (${FIX[A_HITS]} patches in its box)|/ogc/collections/basic-farmland/tiles/WebMercatorQuad/14/${FIX[A_Y]}/${FIX[A_X]}|t_farmland.sql|z=14 x=${FIX[A_X]} y=${FIX[A_Y]} dataset=${FIX[DATASET]}|ratio>=0.8 p95<=50"
  "b_tile_blocks|z10 mine-parcels tile ${FIX[B_Y]}/${FIX[B_X]} (${FIX[B_HITS]} blocks in its box)|/ogc/collections/mine-parcels/tiles/WebMercatorQuad/10/${FIX[B_Y]}/${FIX[B_X]}|t_blocks.sql|z=10 x=${FIX[B_X]} y=${FIX[B_Y]}|ratio>=0.8 p95<=50"
  "c_tile_304|(a) revalidated: If-None-Match with its ETag, answered 304|/ogc/collections/basic-farmland/tiles/WebMercatorQuad/14/${FIX[A_Y]}/${FIX[A_X]}|-|-|-"
)
ROWS=()
NOTES=()
for s in "${SCENARIOS[@]}"; do
  IFS='|' read -r name what path sql vars target <<<"$s"
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$name,"* ]]; then continue; fi
  url="http://127.0.0.1:$PORT$path"
  say "$name: $what"
  unset BENCH_IF_NONE_MATCH
  expect=200
  if [ "$name" = c_tile_304 ]; then
    BENCH_IF_NONE_MATCH=$(curl -s -m 60 -o /dev/null -D - -H "Authorization: Bearer $BENCH_KEY" "$url" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
    export BENCH_IF_NONE_MATCH
    expect=304
  fi
  note=""
  api="n/a"
  status=$(curl -s -m 60 -o "$OUT/$name.tile" -w '%{http_code}' -H "Authorization: Bearer $BENCH_KEY" \
    ${BENCH_IF_NONE_MATCH:+-H "If-None-Match: $BENCH_IF_NONE_MATCH"} "$url" || echo 000)
  if [ "$status" != "$expect" ]; then
    note="API not measured: HTTP $status $(head -c 200 "$OUT/$name.tile")"
    say "  $note"
  else
    bytes=$( [ -f "$OUT/$name.tile" ] && stat -c %s "$OUT/$name.tile" || echo 0)
    bounded $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s bench/wrk/tiles.lua "$url" \
      >"$OUT/$name.wrk-warmup.txt" 2>&1 || true
    bounded $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s -s bench/wrk/tiles.lua "$url" \
      >"$OUT/$name.wrk.txt" 2>&1 || true
    api=$(grep '^BENCH ' "$OUT/$name.wrk.txt" || echo "n/a")
    if [ "$api" != "n/a" ] && { [ "$(field "$api" http_errors)" != 0 ] || [ "$(field "$api" socket_errors)" != 0 ]; }; then
      note="API: $(field "$api" http_errors) HTTP errors, $(field "$api" socket_errors) socket errors"
      api="$api unchecked=1"
    fi
    note="${note:+$note; }API tile $bytes bytes"
    say "  API: ${api#BENCH }"
  fi
  sqlres="n/a"
  if [ "$sql" != "-" ]; then
    defs=()
    pvars=()
    for v in $vars; do defs+=(-D "$v"); pvars+=(-v "$v"); done
    hex=$(timeout 120 "$PSQL" -X -q -At "${pvars[@]}" -d "$PG_TARGET" -f "bench/sql/$sql" 2>"$OUT/$name.psql.txt" || true)
    if [ -z "$hex" ]; then
      note="$note; SQL not measured: $(head -c 200 "$OUT/$name.psql.txt")"
    else
      note="$note, SQL tile $(( (${#hex} - 2) / 2 )) bytes"
      # Prepared, as the API's driver runs a statement it has seen before.
      bounded $((WARMUP + 60)) "$PGBENCH" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$WARMUP" -f "bench/sql/$sql" \
        "${defs[@]}" "$PG_TARGET" >"$OUT/$name.pgbench-warmup.txt" 2>&1 || true
      if bounded $((DURATION + 60)) "$PGBENCH" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "bench/sql/$sql" \
          "${defs[@]}" -l --log-prefix="$OUT/$name.pgbench-log" "$PG_TARGET" >"$OUT/$name.pgbench.txt" 2>&1; then
        tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/$name.pgbench.txt" | head -1)
        sqlres="$(cat "$OUT/$name".pgbench-log.* | awk '$3 ~ /^[0-9]+$/ {print $3}' | sort -n | awk -f bench/percentiles.awk) rps=$tps"
      else
        note="$note; SQL run failed: see $OUT/$name.pgbench.txt"
      fi
      say "  SQL: ${sqlres#BENCH }"
    fi
  fi
  ROWS+=("$name|$api|$sqlres|$target")
  NOTES+=("$name: $what; $note")
done

stop_server

{
  printf 'Tile benchmark %s, commit %s: %s connections, %s threads, %s s per run after %s s warm-up, %s CPUs.\n' \
    "$(date '+%Y-%m-%d %H:%M')" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" "$CONNECTIONS" "$THREADS" \
    "$DURATION" "$WARMUP" "$(nproc)"
  printf 'Database %s: %s current farmland patches. API = OGC API tiles over HTTP (wrk, staff key); SQL = the same statement (pgbench -M prepared).\n\n' \
    "$BENCH_DB" "$FARMLAND"
  printf '%-16s | %9s %8s %8s %8s | %9s %8s %8s %8s | %7s | %-20s | %s\n' scenario 'API req/s' p50 p95 p99 'SQL req/s' p50 p95 p99 API/SQL target verdict
  printf '%s\n' "-----------------+-------------------------------------+-------------------------------------+---------+----------------------+---------"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name api sqlres target <<<"$row"
    awk -v name="$name" -v api="$api" -v sql="$sqlres" -v target="$target" '
      function get(line, key,   m) { if (match(line, key "=[^ ]*")) return substr(line, RSTART + length(key) + 1, RLENGTH - length(key) - 1); return "" }
      function cell(v, fmt) { return v == "" ? sprintf("%" fmt "s", "n/a") : sprintf("%" fmt ".1f", v) }
      BEGIN {
        ar = get(api, "rps"); sr = get(sql, "rps")
        exact = (ar != "" && sr != "" && sr > 0) ? ar / sr : ""
        ratio = exact == "" ? "" : sprintf("%.3f", exact)
        verdict = (target == "-" || target == "") ? "-" : "met"
        n = split(target, goals, " ")
        for (i = 1; i <= n && verdict != "-"; i++) {
          if (goals[i] ~ /^ratio>=/) { want = substr(goals[i], 8); if (exact == "") verdict = "n/a"; else if (exact < want + 0) verdict = "NOT met" }
          else if (goals[i] ~ /^p95<=/) { want = substr(goals[i], 6); p = get(api, "p95"); if (p == "") verdict = "n/a"; else if (p + 0 > want + 0 && verdict != "n/a") verdict = "NOT met" }
        }
        if (verdict != "-" && get(api, "unchecked") != "") verdict = "bad answers"
        printf "%-16s | %9s %8s %8s %8s | %9s %8s %8s %8s | %7s | %-20s | %s\n", name,
          cell(ar, "9"), cell(get(api, "p50"), "8"), cell(get(api, "p95"), "8"), cell(get(api, "p99"), "8"),
          cell(sr, "9"), cell(get(sql, "p50"), "8"), cell(get(sql, "p95"), "8"), cell(get(sql, "p99"), "8"),
          ratio == "" ? "n/a" : ratio, target, verdict
      }'
  done
  printf '\nLatencies in ms. Targets: ratio>=X is API req/s over SQL req/s, p95<=N the API p95 in ms.\n'
  printf '%s\n' "${NOTES[@]}"
  printf 'Raw output: %s\n' "$OUT"
} | tee "$OUT/results.txt"
cp "$OUT/results.txt" bench/out/tiles-latest.txt
