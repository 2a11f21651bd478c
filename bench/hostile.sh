#!/usr/bin/env bash
# make bench-hostile (also run by make bench): 8 ordinary clients (the platform's listings page, scenario e's
# document) under wrk, first alone and then while 3 more clients keep sending the worst requests of issue 10
# (fragment doubling, 5 000 aliases, huge decimal exponents, a zig-zag overlap check near the vertex cap,
# nested GEOMETRYCOLLECTION). Target: the ordinary p99 under hostile load at most 2x the unloaded p99.
# Uses the demo register in its own database (registry_hostile), so no bench-data is needed.
#
# Settings (environment): BENCH_DURATION (s per phase, default 20), BENCH_WARMUP (s, 40), BENCH_CONNECTIONS (8),
# BENCH_THREADS (2), BENCH_HOSTILE_CONNECTIONS (3), BENCH_HOSTILE_PORT (18081), BENCH_HOSTILE_DB (registry_hostile),
# BENCH_HOSTILE_LIMITS (on: anonymous attackers under the default address limit; off: no limits, staff key),
# plus the jar's own REGISTRY_PG_PORT / REGISTRY_DATA_DIR / DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-40}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
THREADS=${BENCH_THREADS:-2}
HOSTILE=${BENCH_HOSTILE_CONNECTIONS:-3}
PORT=${BENCH_HOSTILE_PORT:-18081}
DB=${BENCH_HOSTILE_DB:-registry_hostile}
OUT=bench/out/hostile-$(date +%Y%m%d-%H%M%S)
SERVER_PID=""

command -v wrk >/dev/null || die "wrk is missing: make bench installs it (WITH_BENCH_TOOLS=1 scripts/ensure-deps.sh)"
command -v curl >/dev/null || die "curl is missing: make bench installs it (WITH_BENCH_TOOLS=1 scripts/ensure-deps.sh)"
[ -f "$JAR" ] || die "$JAR is missing: make build"
mkdir -p "$OUT"

HOSTILE_PID=""
stop_hostile() {
  [ -n "$HOSTILE_PID" ] || return 0
  kill -TERM "$HOSTILE_PID" 2>/dev/null || true
  wait "$HOSTILE_PID" 2>/dev/null || true
  HOSTILE_PID=""
}
cleanup() {
  stop_child
  stop_hostile
  stop_server
  cluster_down
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The worst requests, one JSON body per file. Built here, not stored: some are hundreds of kilobytes.
json_body() { printf '{"query": "%s", "variables": %s}\n' "$1" "$2"; }
{
  doc="fragment F0 on MineParcel { code }"
  for i in $(seq 1 39); do doc="$doc fragment F$i on MineParcel { ...F$((i - 1)) ...F$((i - 1)) }"; done
  json_body "$doc { mineParcels { nodes { ...F39 } } }" '{}' >"$OUT/hostile-fragments.json"
  json_body "{ $(seq -f 'a%g: __typename' 0 4999 | tr '\n' ' ') }" '{}' >"$OUT/hostile-aliases.json"
  for n in 1e1000000000 1e-2147483647; do
    json_body 'mutation($id: ID!, $in: ListingOutcomeInput!) { reportListingOutcome(id: $id, input: $in) { replayed } }' \
      "{\"id\": \"0\", \"in\": {\"idempotencyKey\": \"bench-$n\", \"result\": \"SOLD\", \"finalPriceYuan\": \"$n\", \"decidedAt\": \"2021-01-01T10:00:00+08:00\"}}" \
      >"$OUT/hostile-number$n.json"
  done
  # A comb of 49 998 vertices over the demo blocks (the cap is 50 000): each tooth cuts every feature it crosses.
  wkt=$(awk 'BEGIN { t = 24997; x0 = 113.40; x1 = 113.90; s = (x1 - x0) / t; printf "POLYGON((%.7f 32.9", x0;
    for (i = 0; i < t; i++) { x = x0 + i * s; printf ",%.7f 33.3,%.7f 32.95", x, x + s / 2 }
    printf ",%.7f 33.3,%.7f 32.9,%.7f 32.9))", x1, x1, x0 }')
  json_body 'query($wkt: String!) { overlapCheck(geometry: {wkt: $wkt}) { verdict } }' "{\"wkt\": \"$wkt\"}" >"$OUT/hostile-zigzag.json"
  json_body 'query($wkt: String!) { overlapCheck(geometry: {wkt: $wkt}) { verdict } }' \
    "{\"wkt\": \"$(printf 'GEOMETRYCOLLECTION(%.0s' $(seq 20000))POINT(1 2)$(printf ')%.0s' $(seq 20000))\"}" >"$OUT/hostile-nested.json"
}
ls "$OUT"/hostile-*.json >"$OUT/hostile-bodies.txt"

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "port $PORT is already in use: set BENCH_HOSTILE_PORT to a free port"
fi
# A server that has to be killed leaves the private cluster running: whoever started it here stops it at the end.
if [ -z "${DATABASE_URL:-}" ]; then
  if [ -f "$DATA_DIR/pg/PG_VERSION" ]; then
    cluster_up
  else
    CLUSTER_STARTED=1
  fi
fi
say "starting the server on 127.0.0.1:$PORT with the demo register in $DB (log: $OUT/server.log)"
# BENCH_HOSTILE_LIMITS=on (default): the hostile clients are anonymous and meet the default per-address limit, as an
# attacker without a key would; the ordinary clients' key is not limited (one wrk key stands for many callers).
# =off: no limits at all and the hostile clients use the staff key too, so the worst requests (the overlap comb
# included) must be harmless in themselves.
if [ "${BENCH_HOSTILE_LIMITS:-on}" = off ]; then
  LIMIT_ENV="RATE_LIMIT_KEY_PER_SECOND=0 RATE_LIMIT_ADDRESS_PER_SECOND=0"
else
  LIMIT_ENV="RATE_LIMIT_KEY_PER_SECOND=0"
fi
env $LIMIT_ENV \
REGISTRY_DATABASE=$DB PORT=$PORT HOST=127.0.0.1 LOAD_DEMO_DATA=true "$JAVA" -jar "$JAR" serve >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 240); do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$OUT/server.log" >&2; die "the server exited during startup"; }
  curl -sf -m 2 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  [ "$i" = 240 ] && die "the server did not answer /health within 120 s"
  sleep 0.5
done
say "server up (pid $SERVER_PID)"
BENCH_KEY=$(cat "$DATA_DIR/$DB-editor-key" 2>/dev/null) || die "no editor key in $DATA_DIR/$DB-editor-key"
export BENCH_KEY

printf '{"query": "%s", "variables": {}}\n' "$(sed -e '/^#/d' -e 's/"/\\"/g' bench/graphql/listings_page.graphql | tr '\n' ' ')" >"$OUT/ordinary.json"
status=$(curl -s -m 60 -o "$OUT/ordinary.response.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $BENCH_KEY" --data-binary "@$OUT/ordinary.json" "http://127.0.0.1:$PORT/graphql" || echo 000)
if [ "$status" != 200 ] || grep -q '"errors"' "$OUT/ordinary.response.json"; then
  die "the ordinary request fails: HTTP $status, $(head -c 300 "$OUT/ordinary.response.json")"
fi

ordinary() {
  BENCH_BODY=$OUT/ordinary.json bounded $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --latency --timeout 10s \
    -s bench/wrk/graphql.lua "http://127.0.0.1:$PORT/graphql" >"$OUT/$2.wrk.txt" 2>&1 || true
  grep '^BENCH ' "$OUT/$2.wrk.txt" || echo "BENCH n/a"
}
say "warm-up: ${WARMUP} s of ordinary requests"
ordinary "$WARMUP" warmup >/dev/null
say "unloaded: $CONNECTIONS ordinary clients for $DURATION s"
alone=$(ordinary "$DURATION" unloaded)
say "  ${alone#BENCH }"

say "loaded: the same, while $HOSTILE clients send the worst requests"
HOSTILE_KEY=$BENCH_KEY
[ "${BENCH_HOSTILE_LIMITS:-on}" = off ] || HOSTILE_KEY=""
BENCH_KEY=$HOSTILE_KEY BENCH_BODIES=$OUT/hostile-bodies.txt timeout -k 5 $((DURATION + 90)) wrk -t1 -c"$HOSTILE" -d"$((DURATION + 4))s" --timeout 60s \
  -s bench/wrk/rotate.lua "http://127.0.0.1:$PORT/graphql" >"$OUT/hostile.wrk.txt" 2>&1 &
HOSTILE_PID=$!
sleep 2
loaded=$(ordinary "$DURATION" loaded)
say "  ${loaded#BENCH }"
wait "$HOSTILE_PID" 2>/dev/null || true
HOSTILE_PID=""
hostile=$(grep '^BENCH ' "$OUT/hostile.wrk.txt" || echo "BENCH n/a")
say "  hostile clients: ${hostile#BENCH }"
alive=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health" || true)
stop_server

{
  printf 'Hostile-load benchmark %s, commit %s: %s ordinary connections (%s threads) + %s hostile, %s s per phase after %s s warm-up, %s CPUs.\n' \
    "$(date '+%Y-%m-%d %H:%M')" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" "$CONNECTIONS" "$THREADS" "$HOSTILE" \
    "$DURATION" "$WARMUP" "$(nproc)"
  printf 'Rate limits: %s.\n' "$([ "${BENCH_HOSTILE_LIMITS:-on}" = off ] && echo 'off, hostile clients with the staff key' \
    || echo 'hostile clients anonymous under the default per-address limit, ordinary key unlimited')"
  printf 'Ordinary request: bench/graphql/listings_page.graphql on the demo register (%s). Hostile: %s.\n\n' "$DB" \
    "$(sed 's#.*/hostile-##; s#\.json##' "$OUT/hostile-bodies.txt" | paste -sd ' ' -)"
  awk -v alone="$alone" -v loaded="$loaded" -v hostile="$hostile" -v alive="$alive" '
    function get(line, key) { if (match(line, key "=[^ ]*")) return substr(line, RSTART + length(key) + 1, RLENGTH - length(key) - 1); return "" }
    function cell(v, fmt) { return v == "" ? sprintf("%" fmt "s", "n/a") : sprintf("%" fmt ".1f", v) }
    BEGIN {
      printf "%-14s | %9s %8s %8s %8s | %9s %8s %8s %8s | %7s | %-8s | %s\n", "scenario", "alone r/s", "p50", "p95", "p99", "load r/s", "p50", "p95", "p99", "p99 x", "target", "verdict"
      printf "%s\n", "---------------+-------------------------------------+-------------------------------------+---------+----------+---------"
      a = get(alone, "p99"); l = get(loaded, "p99")
      # No ordinary answer at all under load is the worst result, not a p99 of 0.
      if (get(loaded, "requests") == "0") l = ""
      ratio = (a != "" && l != "" && a > 0) ? l / a : ""
      verdict = ratio == "" ? "n/a" : (ratio <= 2 ? "met" : "NOT met")
      if (get(loaded, "requests") == "0") verdict = "NOT met (no ordinary request answered under load)"
      if (get(loaded, "http_errors") + get(loaded, "socket_errors") > 0 || get(alone, "http_errors") + get(alone, "socket_errors") > 0) verdict = verdict " (ordinary errors)"
      printf "%-14s | %9s %8s %8s %8s | %9s %8s %8s %8s | %7s | %-8s | %s\n", "hostile_load",
        cell(get(alone, "rps"), "9"), cell(get(alone, "p50"), "8"), cell(get(alone, "p95"), "8"), cell(a, "8"),
        cell(get(loaded, "rps"), "9"), cell(get(loaded, "p50"), "8"), cell(get(loaded, "p95"), "8"), cell(l, "8"),
        ratio == "" ? "n/a" : sprintf("%.2f", ratio), "p99x<=2", verdict
      printf "\nLatencies in ms; p99 x = loaded p99 / unloaded p99. Ordinary errors: alone %s HTTP %s socket, loaded %s HTTP %s socket.\n",
        get(alone, "http_errors"), get(alone, "socket_errors"), get(loaded, "http_errors"), get(loaded, "socket_errors")
      printf "Hostile clients: %s requests answered in the phase (%s with status >= 400, %s socket errors or timeouts); /health after: HTTP %s.\n",
        get(hostile, "requests"), get(hostile, "http_errors"), get(hostile, "socket_errors"), alive
    }'
  printf 'Raw output: %s\n' "$OUT"
} | tee "$OUT/results.txt"
cp "$OUT/results.txt" bench/out/hostile-latest.txt
