#!/usr/bin/env bash
# make bench-import: the import speed of the farmland layer (target: >= 20 000 features/s). Exports the
# current farmland of the bench database as newline-delimited GeoJSON Features in EPSG:4490, makes an empty
# migrated database (registry_bench_import), and times `registry.jar import --layer BASIC_FARMLAND ...` into
# it: wall time of the whole command, JVM start included. The import database and the exported file
# (~0.8 GB for a million patches) are removed afterwards unless BENCH_KEEP=1; the cluster is stopped if
# this run started it.
#
# Settings (environment): BENCH_IMPORT_FILE (use this NDJSON instead of exporting), BENCH_IMPORT_DB
# (registry_bench_import), BENCH_IMPORT_TIMEOUT (s, 900), BENCH_DB (registry_bench), BENCH_KEEP.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

IMPORT_DB=${BENCH_IMPORT_DB:-registry_bench_import}
TIMEOUT=${BENCH_IMPORT_TIMEOUT:-900}
TARGET=20000
PSQL=$PG_BIN/psql
OUT=bench/out/$(date +%Y%m%d-%H%M%S)-import
FILE=${BENCH_IMPORT_FILE:-$OUT/farmland.ndjson}
[ -f "$JAR" ] || die "$JAR is missing: make build"
[ "$IMPORT_DB" != "$BENCH_DB" ] || die "BENCH_IMPORT_DB must differ from BENCH_DB: the import database is recreated"
mkdir -p "$OUT"

drop_import_db() {
  if [ "${BENCH_KEEP:-0}" != 1 ] && [ -n "${ADMIN_TARGET:-}" ]; then
    timeout 120 "$PSQL" -X -q -d "$ADMIN_TARGET" -c "DROP DATABASE IF EXISTS $IMPORT_DB" >/dev/null 2>&1 \
      || say "could not drop $IMPORT_DB"
  fi
}
cleanup() {
  stop_child
  drop_import_db
  if [ -z "${BENCH_IMPORT_FILE:-}" ] && [ "${BENCH_KEEP:-0}" != 1 ]; then rm -f "$FILE"; fi
  cluster_down
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cluster_up
pg_target postgres
ADMIN_TARGET=$PG_TARGET
pg_target "$BENCH_DB"
SOURCE=$PG_TARGET

if [ -z "${BENCH_IMPORT_FILE:-}" ]; then
  say "exporting the current farmland of $BENCH_DB to $FILE"
  # One GeoJSON Feature per line; properties named after the table's columns; no "crs" member (RFC 7946
  # has none: --srid says it). COPY streams, so a million patches never sit in memory; JSON from
  # json_build_object has no tabs, newlines or backslashes to escape.
  bounded "$TIMEOUT" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$SOURCE" -c "COPY (
      SELECT json_build_object(
                 'type', 'Feature',
                 'properties', json_build_object('patch_code', patch_code, 'county_code', county_code, 'land_class', land_class),
                 'geometry', ST_AsGeoJSON(geom, 9, 0)::json)
      FROM farmland_patch
      WHERE dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND')
      ORDER BY id) TO STDOUT" >"$FILE"
fi
FEATURES=$(wc -l <"$FILE")
say "$FEATURES features, $(du -h "$FILE" | cut -f1)"

say "creating the empty, migrated database $IMPORT_DB"
bounded 300 "$JAVA" -jar "$JAR" bench-data --database "$IMPORT_DB" --empty >"$OUT/create.log" 2>&1 \
  || { tail -5 "$OUT/create.log" >&2; die "could not create $IMPORT_DB"; }

VERSION=bench-$(date +%Y%m%d%H%M%S)
say "importing into $IMPORT_DB (at most $TIMEOUT s)"
start=$(date +%s.%N)
set +e
REGISTRY_DATABASE=$IMPORT_DB bounded "$TIMEOUT" "$JAVA" -jar "$JAR" import --layer BASIC_FARMLAND --file "$FILE" \
  --version "$VERSION" --name "永久基本农田(导入基准测试)" --srid 4490 >"$OUT/import.log" 2>&1
rc=$?
set -e
end=$(date +%s.%N)

pg_target "$IMPORT_DB"
if [ "$rc" != 0 ]; then
  tail -5 "$OUT/import.log" >&2
  if grep -q '^usage:' "$OUT/import.log"; then
    die "this build has no import subcommand yet (registry.jar import); nothing measured"
  fi
  die "the import failed (exit $rc; log: $OUT/import.log)"
fi
IMPORTED=$(timeout 120 "$PSQL" -X -q -At -d "$PG_TARGET" -c \
  "SELECT count(*) FROM farmland_patch WHERE dataset_id = (SELECT current_dataset_id FROM layer WHERE code = 'BASIC_FARMLAND')")
{
  printf 'Import benchmark %s, commit %s, %s CPUs: %s\n' "$(date '+%Y-%m-%d %H:%M')" \
    "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" "$(nproc)" "$FILE"
  awk -v n="$IMPORTED" -v file="$FEATURES" -v s="$start" -v e="$end" -v target="$TARGET" 'BEGIN {
    secs = e - s; rate = n / secs
    printf "%d of %d features imported as the current BASIC_FARMLAND dataset in %.1f s (wall, JVM start included): %.0f features/s; target >= %d: %s\n",
      n, file, secs, rate, target, (n == file && rate >= target) ? "met" : "NOT met"
  }'
  grep -i 'features' "$OUT/import.log" | tail -3 | sed 's/^/import says: /' || true
} | tee "$OUT/results.txt"
cp "$OUT/results.txt" bench/out/latest-import.txt
