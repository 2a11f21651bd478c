# The two commands: `make run` and `make test`. Everything else is for developers and operators.
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/find-jdk.sh)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN := mvn -B -q
JAR := target/registry.jar

.PHONY: run test deps build key revoke-key generate import import-base-prices bench-data bench bench-hostile bench-import clean

deps:
	@scripts/ensure-deps.sh

# Rebuilt only when a source changed (deps is order-only). Maven writes registry-build.jar; the rename gives
# target/registry.jar a new file, so a server running the old jar keeps reading its own.
$(JAR): pom.xml $(shell find src/main src/generated schema migrations bench/generate -type f 2>/dev/null) | deps
	$(MVN) -DskipTests package
	cp target/registry-build.jar $(JAR).tmp && mv -f $(JAR).tmp $(JAR)

build: $(JAR)

## Serve the API on http://localhost:8080 (own PostGIS cluster in .data/, or DATABASE_URL).
run: build
	java -jar $(JAR) serve

## Every test, against a throwaway PostGIS cluster under target/.
test: deps
	mvn -B -ntp test

## Create an API key and print it once: make key ROLE=STAFF_EDITOR NAME="Zhang San"
key: build
	java -jar $(JAR) create-key --role "$(ROLE)" --name "$(NAME)"

## Revoke a key by its id (the apiKeys query lists them); refused everywhere within a second: make revoke-key ID=…
revoke-key: build
	java -jar $(JAR) revoke-key --id "$(ID)"

## Import an edition of market base prices (矿业权出让收益市场基准价) from CSV, all rows or none:
## make import-base-prices FILE=prices.csv [EDITION="河南省…（2021年版）"] [SUPERSEDE=1]
import-base-prices: build
	java -jar $(JAR) import-base-prices --file "$(FILE)" $(if $(EDITION),--edition "$(EDITION)") $(if $(SUPERSEDE),--supersede)

## Import a GeoJSON dataset into a protected layer, as a new version made current:
## make import LAYER=BASIC_FARMLAND FILE=patches.geojsonl VERSION=2024-06 NAME="永久基本农田 2024" [SOURCE=…] [SRID=4326] [REPAIR=1]
import: build
	java -jar $(JAR) import --layer "$(LAYER)" --file "$(FILE)" --version "$(VERSION)" --name "$(NAME)" \
		$(if $(SOURCE),--source "$(SOURCE)") $(if $(SRID),--srid "$(SRID)") $(if $(REPAIR),--repair)

## Regenerate the jOOQ classes in src/generated/java from the migrations (on a throwaway cluster).
generate: deps
	$(MVN) -Pcodegen -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=zmd.registry.db.JooqCodegen

## Benchmarks (see README, "Benchmarks"). The city-scale dataset in its own database (registry_bench):
## make bench-data [FARMLAND=1000000 REDLINES=2000 ZONES=100 MOUNTAINS=50 PARCELS=5000 CHANGES=1000000 SEED=0.42 BENCH_DB=registry_bench]
FARMLAND ?= 1000000
REDLINES ?= 2000
ZONES ?= 100
MOUNTAINS ?= 50
PARCELS ?= 5000
CHANGES ?= 1000000
SEED ?= 0.42
BENCH_DB ?= registry_bench
export BENCH_DB
bench-data: build
	java -jar $(JAR) bench-data --database $(BENCH_DB) --farmland $(FARMLAND) --red-lines $(REDLINES) \
		--planned-zones $(ZONES) --mountains $(MOUNTAINS) --parcels $(PARCELS) --change-log $(CHANGES) --seed $(SEED)

## API (wrk) against naive SQL (pgbench) per scenario in bench/scenarios.tsv (table in bench/out/latest.txt),
## vector tiles against their own statements (bench/tiles.sh, bench/out/tiles-latest.txt), the change log's verification, as-of
## reads and mutations with and without the log (bench/history.sh, bench/out/history-latest.txt), then bench-hostile, then
## scenarios d and e on two nodes over a streaming replica made for the run (bench/scale-out.sh, bench/out/scale-out-latest.txt).
## make bench [BENCH_DURATION=20 BENCH_CONNECTIONS=8 BENCH_PORT=18080 BENCH_SCENARIOS=a_overlap_all,d_bbox]
bench: export WITH_BENCH_TOOLS = 1
bench: build
	bench/run.sh
	bench/tiles.sh
	bench/history.sh
	bench/hostile.sh
	bench/scale-out.sh

## 8 ordinary clients alone, then beside 3 sending issue 10's worst requests (demo register; p99 within 2x).
## make bench-hostile [BENCH_DURATION=20 BENCH_WARMUP=40 BENCH_HOSTILE_CONNECTIONS=3 BENCH_HOSTILE_PORT=18081]
bench-hostile: export WITH_BENCH_TOOLS = 1
bench-hostile: build
	bench/hostile.sh

## Import speed: the current bench farmland as NDJSON through `registry.jar import` into a fresh database.
bench-import: build
	bench/import.sh

clean:
	rm -rf target
