# The two commands: `make run` and `make test`. Everything else is for developers and operators.
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/find-jdk.sh)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN := mvn -B -q
JAR := target/registry.jar

.PHONY: run test deps build key generate import import-base-prices bench-data bench clean

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
	$(MVN) verify

## Create an API key and print it once: make key ROLE=STAFF_EDITOR NAME="Zhang San"
key: build
	java -jar $(JAR) create-key --role "$(ROLE)" --name "$(NAME)"

## Import an edition of market base prices (矿业权出让收益市场基准价) from CSV, all rows or none:
## make import-base-prices FILE=prices.csv [EDITION="河南省…（2021年版）"] [SUPERSEDE=1]
import-base-prices: build
	java -jar $(JAR) import-base-prices --file "$(FILE)" $(if $(EDITION),--edition "$(EDITION)") $(if $(SUPERSEDE),--supersede)

## Regenerate the jOOQ classes in src/generated/java from the migrations (on a throwaway cluster).
generate: deps
	$(MVN) -Pcodegen -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=zmd.registry.db.JooqCodegen

clean:
	rm -rf target
