#!/usr/bin/env bash
# make bench: each scenario of bench/scenarios.tsv twice at the same concurrency, first through the API
# (the jar, on its own loopback port, against the bench database: GraphQL, or a GET of the OGC API) under wrk, then as the naive SQL under
# pgbench. Prints a table of req/s and p50/p95/p99 with the API/SQL ratio and the targets, and writes it to
# bench/out/. Every step is bounded in time; the server, and the cluster if this run started it, are
# stopped on exit however the run ends.
#
# Settings (environment): BENCH_DURATION (s, default 20), BENCH_WARMUP (s, 40: the JIT needs about that long on 2 shared cores before a path runs at its steady speed), BENCH_CONNECTIONS (8),
# BENCH_THREADS (2), BENCH_PORT (18080), BENCH_SCENARIOS (comma-separated names, default all),
# BENCH_DB (registry_bench), plus the jar's own REGISTRY_PG_PORT / REGISTRY_DATA_DIR / DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-40}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
THREADS=${BENCH_THREADS:-2}
PORT=${BENCH_PORT:-18080}
ONLY=${BENCH_SCENARIOS:-}
PSQL=$PG_BIN/psql
PGBENCH=$PG_BIN/pgbench
OUT=bench/out/$(date +%Y%m%d-%H%M%S)
SERVER_PID=""

command -v wrk >/dev/null || die "wrk is missing: make bench installs it (WITH_BENCH_TOOLS=1 scripts/ensure-deps.sh)"
command -v curl >/dev/null || die "curl is missing: make bench installs it (WITH_BENCH_TOOLS=1 scripts/ensure-deps.sh)"
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

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
json_string() { sed -e '/^#/d' -e 's/\\/\\\\/g' -e 's/"/\\"/g' "$1" | tr '\n' ' '; }
# The value of NAME=... in a BENCH line printed by the wrk script or percentiles.awk.
field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<<"$1"; }
# The server's count of GraphQL responses by outcome (data, errors, refused, failed), from its /metrics;
# "unread" when the server does not answer (the run is then marked, not the whole benchmark stopped).
responses_by_outcome() {
  local text
  text=$(curl -sf -m 10 "http://127.0.0.1:$PORT/metrics") || { echo unread; return; }
  awk '
    /^graphql_responses_total\{/ { match($0, /outcome="[a-z]+"/); n[substr($0, RSTART + 9, RLENGTH - 10)] = $NF; seen = 1 }
    END { if (seen) printf "data=%d errors=%d refused=%d failed=%d\n", n["data"], n["errors"], n["refused"], n["failed"]; else print "unread" }' <<<"$text"
}

declare -A FIX
substitute() {
  local s=$1 k
  for k in "${!FIX[@]}"; do s=${s//\$\{$k\}/${FIX[$k]}}; done
  printf '%s' "$s"
}

cluster_up
pg_target "$BENCH_DB"
timeout 60 "$PSQL" -X -q -d "$PG_TARGET" -c 'SELECT 1 FROM bench.fixture LIMIT 1' >/dev/null 2>&1 \
  || die "no benchmark data in $BENCH_DB: run make bench-data first"
while IFS=$'\t' read -r k v; do FIX[$k]=$v; done \
  < <(timeout 60 "$PSQL" -X -q -At -F $'\t' -d "$PG_TARGET" -f bench/sql/fixtures.sql)
FARMLAND=$(timeout 60 "$PSQL" -X -q -At -d "$PG_TARGET" -c \
  "SELECT count(*) FROM farmland_patch WHERE dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND')")

# The benchmark's keys, one per kind a scenario may ask for (bench-data writes both; made here when missing).
declare -A KEYS
bench_key() {
  local kind=$1 role file
  case $kind in
    viewer) role=STAFF_VIEWER ;;
    platform) role=PLATFORM ;;
    *) die "unknown key kind '$kind' in bench/scenarios.tsv (viewer or platform)" ;;
  esac
  file=$DATA_DIR/$BENCH_DB-$kind-key
  if [ ! -s "$file" ]; then
    say "no benchmark key in $file: creating a $role key"
    REGISTRY_DATABASE=$BENCH_DB timeout 120 "$JAVA" -jar "$JAR" create-key --role "$role" --name "make bench" \
      2>>"$OUT/create-key.log" | grep -o 'mrr_[A-Za-z0-9_-]*' >"$file.new" && chmod 600 "$file.new" && mv "$file.new" "$file" \
      || { rm -f "$file.new"; die "could not create a $role key (see $OUT/create-key.log)"; }
  fi
  KEYS[$kind]=$(cat "$file")
}
bench_key viewer
bench_key platform

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "port $PORT is already in use: set BENCH_PORT to a free port"
fi
say "starting the server on 127.0.0.1:$PORT against $BENCH_DB (log: $OUT/server.log)"
# Thousands of requests a second from one address with one key: the rate limits would measure themselves.
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

# Results, one row per scenario: name, API figures, SQL figures, ratio, target, verdict, notes.
ROWS=()
NOTES=()
while IFS='|' read -r name what doc vars sql target keykind; do
  name=$(trim "$name")
  case $name in ''|'#'*) continue ;; esac
  keykind=$(trim "$keykind")
  keykind=${keykind:-viewer}
  [ -n "${KEYS[$keykind]:-}" ] || die "$name: unknown key kind '$keykind' (viewer or platform)"
  BENCH_KEY=${KEYS[$keykind]}
  export BENCH_KEY
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$name,"* ]]; then continue; fi
  what=$(substitute "$(trim "$what")")
  doc=$(trim "$doc")
  sql=bench/sql/$(trim "$sql")
  target=$(trim "$target")
  say "$name: $what"
  api="n/a"; api_note=""
  if [[ $doc == "GET "* ]]; then
    # An OGC API resource: its answers are checked by status (every refusal is a 4xx, which wrk counts).
    url="http://127.0.0.1:$PORT$(substitute "${doc#GET }")"
    status=$(curl -s -m 60 -o "$OUT/$name.response" -w '%{http_code}' -H "Authorization: Bearer $BENCH_KEY" "$url" || echo 000)
    if [ "$status" != 200 ]; then
      api_note="API not measured: HTTP $status, $(head -c 160 "$OUT/$name.response")"
      say "  $api_note"
    else
      bounded $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s bench/wrk/get.lua \
        "$url" >"$OUT/$name.wrk-warmup.txt" 2>&1 || true
      bounded $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s \
        -s bench/wrk/get.lua "$url" >"$OUT/$name.wrk.txt" 2>&1 || true
      api=$(grep '^BENCH ' "$OUT/$name.wrk.txt" || echo "n/a")
      if [ "$api" != "n/a" ] && { [ "$(field "$api" http_errors)" != 0 ] || [ "$(field "$api" socket_errors)" != 0 ]; }; then
        api_note="API: $(field "$api" http_errors) HTTP errors, $(field "$api" socket_errors) socket errors"
        api="$api unchecked=1"
      fi
      say "  API: ${api#BENCH }"
    fi
  else
    doc=bench/graphql/$doc
    body=$OUT/$name.json
    printf '{"query": "%s", "variables": %s}\n' "$(json_string "$doc")" "$(substitute "$(trim "$vars")")" >"$body"
    status=$(curl -s -m 60 -o "$OUT/$name.response.json" -w '%{http_code}' -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $BENCH_KEY" --data-binary "@$body" "http://127.0.0.1:$PORT/graphql" || echo 000)
    if [ "$status" != 200 ] || grep -q '"errors"' "$OUT/$name.response.json"; then
      api_note="API not measured: HTTP $status, $(grep -o '"message" *: *"[^"]*"' "$OUT/$name.response.json" | head -1 | cut -c1-160)"
      say "  $api_note"
    else
      export BENCH_BODY=$body
      bounded $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s bench/wrk/graphql.lua \
        "http://127.0.0.1:$PORT/graphql" >"$OUT/$name.wrk-warmup.txt" 2>&1 || true
      before=$(responses_by_outcome)
      bounded $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s \
        -s bench/wrk/graphql.lua "http://127.0.0.1:$PORT/graphql" >"$OUT/$name.wrk.txt" 2>&1 || true
      after=$(responses_by_outcome)
      api=$(grep '^BENCH ' "$OUT/$name.wrk.txt" || echo "n/a")
      if [ "$api" != "n/a" ] && { [ "$before" = unread ] || [ "$after" = unread ]; }; then
        api_note="API: the server's response counts could not be read, so its answers are unchecked"
        api="$api unchecked=1"
      elif [ "$api" != "n/a" ]; then
        # Every answer the run timed, as the server counted it: with data and no errors, or not. wrk's HTTP
        # errors are the same answers seen from the client (a 4xx or 500 is also in the server's counts).
        answered=$(( $(field "$after" data) - $(field "$before" data) ))
        bad=$(( $(field "$after" errors) + $(field "$after" refused) + $(field "$after" failed) \
          - $(field "$before" errors) - $(field "$before" refused) - $(field "$before" failed) ))
        api="$api bad=$bad answered=$answered"
        if [ "$bad" != 0 ] || [ "$(field "$api" http_errors)" != 0 ] || [ "$(field "$api" socket_errors)" != 0 ] \
            || [ "$answered" -lt "$(field "$api" requests)" ]; then
          api_note="API: $bad answers with errors, $(field "$api" http_errors) HTTP errors, $(field "$api" socket_errors) socket errors, $answered answered with data of $(field "$api" requests)"
          api="$api unchecked=1"
        fi
      fi
      say "  API: ${api#BENCH }"
    fi
  fi

  defs=()
  for k in "${!FIX[@]}"; do defs+=(-D "$k=${FIX[$k]}"); done
  sqlres="n/a"; sql_note=""
  if ! bounded 120 "$PGBENCH" -n -M simple -c 1 -t 1 -f "$sql" "${defs[@]}" "$PG_TARGET" >"$OUT/$name.pgbench-check.txt" 2>&1; then
    sql_note="SQL not measured: $(grep -m1 -i 'error' "$OUT/$name.pgbench-check.txt" | cut -c1-160)"
    say "  $sql_note"
  else
    bounded $((WARMUP + 60)) "$PGBENCH" -n -M simple -c "$CONNECTIONS" -j "$THREADS" -T "$WARMUP" -f "$sql" \
      "${defs[@]}" "$PG_TARGET" >"$OUT/$name.pgbench-warmup.txt" 2>&1 || true
    if bounded $((DURATION + 60)) "$PGBENCH" -n -M simple -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$sql" \
        "${defs[@]}" -l --log-prefix="$OUT/$name.pgbench-log" "$PG_TARGET" >"$OUT/$name.pgbench.txt" 2>&1; then
      tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/$name.pgbench.txt" | head -1)
      sqlres="$(cat "$OUT/$name".pgbench-log.* | awk '$3 ~ /^[0-9]+$/ {print $3}' | sort -n | awk -f bench/percentiles.awk) rps=$tps"
      failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$OUT/$name.pgbench.txt")
      [ -n "$failed" ] && [ "$failed" != 0 ] && sql_note="SQL: $failed failed transactions"
    else
      sql_note="SQL run failed: see $OUT/$name.pgbench.txt"
    fi
    say "  SQL: ${sqlres#BENCH }"
  fi

  ROWS+=("$name|$api|$sqlres|$target")
  NOTES+=("$name: $what${api_note:+; $api_note}${sql_note:+; $sql_note}")
done <bench/scenarios.tsv

# h_export: the whole current farmland collection through the items endpoint, as ogr2ogr reads it: pages of
# 10 000 following the next links. Target: 50 000 features/s, and the server's memory flat (resident size
# sampled every 10 pages: the last sample may not exceed the one after the first 10 pages, when the heap has
# grown to its working size, by more than 25%).
EXPORT=""
if [ -z "$ONLY" ] || [[ ",$ONLY," == *",h_export,"* ]]; then
  say "h_export: all $FARMLAND current farmland patches through /ogc/collections/basic-farmland/items, 10 000 a page"
  BENCH_KEY=${KEYS[viewer]}
  next="http://127.0.0.1:$PORT/ogc/collections/basic-farmland/items?limit=10000"
  features=0; pages=0; rss=(); bad=0
  started=$(date +%s.%N)
  while [ -n "$next" ]; do
    status=$(curl -s -m 120 -o "$OUT/h_export.page" -w '%{http_code}' -H "Authorization: Bearer $BENCH_KEY" "$next" || echo 000)
    [ "$status" = 200 ] || { bad=1; say "  page $pages: HTTP $status"; break; }
    tail=$(tail -c 2000 "$OUT/h_export.page")
    features=$((features + $(grep -o '"numberReturned":[0-9]*' <<<"$tail" | cut -d: -f2)))
    pages=$((pages + 1))
    next=$(grep -o '"href":"[^"]*","rel":"next"' <<<"$tail" | sed 's/"href":"\([^"]*\)".*/\1/' || true)
    [ $((pages % 10)) = 1 ] && rss+=("$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')")
  done
  ended=$(date +%s.%N)
  rss+=("$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')")
  rate=$(awk -v n="$features" -v a="$started" -v b="$ended" 'BEGIN { printf "%.0f", n / (b - a) }')
  seconds=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
  base=${rss[1]:-${rss[0]}}
  flat=$(awk -v first="$base" -v last="${rss[-1]}" 'BEGIN { print (last <= first * 1.25) ? "flat" : "GROWING" }')
  verdict=met
  { [ "$bad" = 1 ] || [ "$features" != "$FARMLAND" ]; } && verdict="bad answers"
  [ "$verdict" = met ] && [ "$rate" -lt 50000 ] && verdict="NOT met"
  [ "$verdict" = met ] && [ "$flat" != flat ] && verdict="NOT met"
  EXPORT="h_export: $features of $FARMLAND features in $pages pages, $seconds s, $rate features/s (target 50000); server RSS MB by 10 pages: $(printf '%s ' "${rss[@]}" | awk '{ for (i = 1; i <= NF; i++) printf "%s%d", (i > 1 ? " " : ""), $i / 1024 }') ($flat) | $verdict"
  say "  $EXPORT"
  rm -f "$OUT/h_export.page"
fi

stop_server

{
  printf 'Benchmark %s, commit %s: %s connections, %s threads, %s s per run after %s s warm-up, %s CPUs.\n' \
    "$(date '+%Y-%m-%d %H:%M')" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" "$CONNECTIONS" "$THREADS" \
    "$DURATION" "$WARMUP" "$(nproc)"
  printf 'Database %s: %s current farmland patches. API = GraphQL over HTTP (wrk); SQL = naive query (pgbench -M simple).\n\n' \
    "$BENCH_DB" "$FARMLAND"
  printf '%-14s | %9s %8s %8s %8s | %9s %8s %8s %8s | %7s | %-20s | %s\n' scenario 'API req/s' p50 p95 p99 'SQL req/s' p50 p95 p99 API/SQL target verdict
  printf '%s\n' "---------------+-------------------------------------+-------------------------------------+---------+----------------------+---------"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name api sqlres target <<<"$row"
    awk -v name="$name" -v api="$api" -v sql="$sqlres" -v target="$target" '
      function get(line, key,   m) { if (match(line, key "=[^ ]*")) return substr(line, RSTART + length(key) + 1, RLENGTH - length(key) - 1); return "" }
      function cell(v, fmt) { return v == "" ? sprintf("%" fmt "s", "n/a") : sprintf("%" fmt ".1f", v) }
      BEGIN {
        ar = get(api, "rps"); sr = get(sql, "rps")
        # The verdict compares the exact ratio: a printed 0.50 may be 0.495.
        exact = (ar != "" && sr != "" && sr > 0) ? ar / sr : ""
        ratio = exact == "" ? "" : sprintf("%.3f", exact)
        verdict = (target == "-" || target == "") ? "-" : "met"
        n = split(target, goals, " ")
        for (i = 1; i <= n && verdict != "-"; i++) {
          if (goals[i] ~ /^ratio>=/) { want = substr(goals[i], 8); if (exact == "") verdict = "n/a"; else if (exact < want + 0) verdict = "NOT met" }
          else if (goals[i] ~ /^p95<=/) { want = substr(goals[i], 6); p = get(api, "p95"); if (p == "") verdict = "n/a"; else if (p + 0 > want + 0 && verdict != "n/a") verdict = "NOT met" }
        }
        # A run with error answers (or whose answers could not be checked) proves nothing: see its note.
        if (verdict != "-" && get(api, "unchecked") != "") verdict = "bad answers"
        printf "%-14s | %9s %8s %8s %8s | %9s %8s %8s %8s | %7s | %-20s | %s\n", name,
          cell(ar, "9"), cell(get(api, "p50"), "8"), cell(get(api, "p95"), "8"), cell(get(api, "p99"), "8"),
          cell(sr, "9"), cell(get(sql, "p50"), "8"), cell(get(sql, "p95"), "8"), cell(get(sql, "p99"), "8"),
          ratio == "" ? "n/a" : ratio, target, verdict
      }'
  done
  [ -n "$EXPORT" ] && printf '\n%s\n' "$EXPORT"
  printf '\nLatencies in ms. Targets: ratio>=X is API req/s over SQL req/s, p95<=N the API p95 in ms.\n'
  printf '%s\n' "${NOTES[@]}"
  printf 'Raw output: %s\n' "$OUT"
} | tee "$OUT/results.txt"
cp "$OUT/results.txt" bench/out/latest.txt
