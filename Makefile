# eventwire: `make run` and `make test` on a fresh machine with Python 3.11 (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
WEB_BUILT := src/eventwire/serve/web/vendor/.built
DEMO_DB ?= var/demo.sqlite
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install system web gazetteer demo eval bench lint clean classifier taxonomy

run: install web gazetteer demo
	$(BIN)/eventwire serve --db $(DEMO_DB)

test: install system web gazetteer
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

eval: install gazetteer
	$(BIN)/eventwire eval eval/gold/articles.jsonl --baseline eval/baseline.json --output var/eval-scores.json

lint: install
	$(BIN)/ruff check src tests tools

clean:
	rm -rf $(VENV) node_modules src/eventwire/serve/web/vendor var

# The perceptron event typer (setting event_classifier=perceptron), trained into the cache dir.
classifier: install
	$(BIN)/python tools/build_event_classifier.py

# docs/taxonomy.md from the taxonomy tables under src/eventwire/nlp/patterns/.
taxonomy: install
	$(BIN)/python tools/build_taxonomy_doc.py
