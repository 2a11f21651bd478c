# The two commands: `make run` and `make test`. Everything else is for developers and operators.
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/find-jdk.sh)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN := mvn -B -q
JAR := target/registry.jar

.PHONY: run test deps build key generate import bench-data bench clean

deps:
	@scripts/ensure-deps.sh

$(JAR): deps pom.xml $(shell find src schema migrations -type f 2>/dev/null)
	$(MVN) -DskipTests package

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

## Import a GeoJSON dataset into a protected layer, as a new version made current:
## make import LAYER=BASIC_FARMLAND FILE=patches.geojsonl VERSION=2024-06 NAME="永久基本农田 2024" [SOURCE=…] [SRID=4326] [REPAIR=1]
import: build
	java -jar $(JAR) import --layer "$(LAYER)" --file "$(FILE)" --version "$(VERSION)" --name "$(NAME)" \
		$(if $(SOURCE),--source "$(SOURCE)") $(if $(SRID),--srid "$(SRID)") $(if $(REPAIR),--repair)

## Regenerate the jOOQ classes in src/generated/java from the migrations (on a throwaway cluster).
generate: deps
	$(MVN) -Pcodegen -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=zmd.registry.db.JooqCodegen

clean:
	rm -rf target
