#!/usr/bin/env bash
# Installs what the registry needs from Debian when it is missing: Maven, PostgreSQL and PostGIS, and the
# headless Chromium the GraphiQL test opens /graphiql in, and the GIS clients the OGC API tests run (GDAL's ogrinfo
# and ogr2ogr, OWSLib and PyQGIS for Debian's /usr/bin/python3), a Chinese font for the browser tests' screenshots and
# the compliance-report PDFs, and poppler-utils to read those PDFs back in tests.
# Idempotent and quiet when everything is there.
set -euo pipefail
PG_MAJOR=${PG_MAJOR:-15}
need=()
command -v mvn >/dev/null 2>&1 || need+=(maven)
[ -x "/usr/lib/postgresql/$PG_MAJOR/bin/initdb" ] || need+=("postgresql-$PG_MAJOR" postgresql-contrib)
[ -f "/usr/share/postgresql/$PG_MAJOR/extension/postgis.control" ] || need+=("postgresql-$PG_MAJOR-postgis-3")
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
/usr/bin/python3 -c 'import owslib' >/dev/null 2>&1 || need+=(python3-owslib)
# QGIS, headless through its Python bindings (the OGC API test adds the endpoint as a staff user does; the
# bindings pull in the OAPIF provider, qgis-providers).
/usr/bin/python3 -c 'import qgis.core' >/dev/null 2>&1 || need+=(python3-qgis)
# A CJK font, so that the browser tests' screenshots show the map's and GraphiQL's Chinese text, not boxes.
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
# The same font is embedded in compliance-report PDFs; the PDF test reads them back with poppler (pdftotext, pdftoppm).
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ "${WITH_BENCH_TOOLS:-0}" = 1 ]; then
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
  command -v curl >/dev/null 2>&1 || need+=(curl)
fi
[ ${#need[@]} -eq 0 ] && exit 0

echo "installing missing Debian packages: ${need[*]}" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "cannot install ${need[*]}: not root and no sudo. Install them with: apt-get install ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -qq "${need[@]}" >/tmp/registry-apt.log 2>&1; then
  $SUDO apt-get update -qq >>/tmp/registry-apt.log 2>&1 || true
  if ! $SUDO apt-get install -y -qq "${need[@]}" >>/tmp/registry-apt.log 2>&1; then
    echo "apt-get install ${need[*]} failed (see /tmp/registry-apt.log); install these packages by hand" >&2
    exit 1
  fi
fi
