# Trygg — the two commands that do all set-up on a fresh machine:
#
#   make demo   virtualenv + install + SQLite database + Kungsbacka demo, served on
#               http://127.0.0.1:$(PORT)   (PORT=8000 by default) with the background
#               worker beside the server
#   make test   ruff, then the whole suite (tests/ and e2e/) on SQLite, then on
#               PostgreSQL
#
# and a few smaller ones: make install, make lint, make test-sqlite,
# make test-postgres, make serve, make bench-load, make bench-import, make vendor,
# make clean.
#
# Pass extra pytest arguments with PYTEST_ARGS, e.g.
#   make test-sqlite PYTEST_ARGS="-x -k promise"

PORT ?= 8000
VENV ?= .venv
# A Python >= 3.12 to create the virtualenv with (Debian 12's python3 is 3.11).
PYTHON ?= $(shell scripts/find-python 2>/dev/null)
PYTEST_ARGS ?=

BIN := $(VENV)/bin
TRYGG := $(BIN)/trygg
PYTEST := $(BIN)/pytest
# Reinstall only when pyproject.toml changed since the last install.
INSTALL_STAMP := $(VENV)/.trygg-installed

.DEFAULT_GOAL := help
.PHONY: help install demo test test-sqlite test-postgres system-packages lint vendor clean

help:
	@echo "make demo           install, load the Kungsbacka demo, serve on http://127.0.0.1:$(PORT)"
	@echo "make test           all tests on SQLite and on PostgreSQL (throwaway cluster)"
	@echo "make test-sqlite    all tests on SQLite only"
	@echo "make test-postgres  all tests on PostgreSQL only (TRYGG_DATABASE_URL or a throwaway cluster)"
	@echo "make lint           ruff check and ruff format --check"
	@echo "make install        virtualenv in $(VENV) with trygg and its test tools"
	@echo "make vendor         re-fetch the vendored browser files (axe-core, leaflet, protomaps-leaflet)"
	@echo "make serve          production server: migrate, collect static files, gunicorn and the background worker on 127.0.0.1:$(PORT)"
	@echo "make bench-load     load test: residents answering at once, a worker killed (SQLite, PostgreSQL)"
	@echo "make bench-import   1,000,000 police events imported into PostgreSQL beside psql copying the same rows"
	@echo "make bench-hotspots Gi* on every H3 cell of Kiruna, 1,000,000 points, beside PySAL esda (PostgreSQL)"

# --- install -----------------------------------------------------------------

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then scripts/find-python; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	"$(PYTHON)" -m venv $(VENV)

$(INSTALL_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(INSTALL_STAMP)

# --- demo --------------------------------------------------------------------

# The demo runs in debug mode: a development secret key is allowed and static
# files are served by runserver. The database is the embedded SQLite file
# var/trygg.sqlite3 (WAL) unless TRYGG_DATABASE_URL says otherwise.
demo: export TRYGG_DEBUG = 1
# The demo's sign-ins use a published password only; the sign-in page says so.
demo: export TRYGG_REQUIRE_TWO_FACTOR ?= 0
demo: install
	$(TRYGG) migrate --noinput
	$(TRYGG) createcachetable
	$(TRYGG) load-municipalities
	$(TRYGG) load-demo
	@echo
	@echo "  Trygg runs on http://127.0.0.1:$(PORT)/ with its background worker   (Ctrl-C stops both)"
	@echo
	$(TRYGG) with-worker runserver 127.0.0.1:$(PORT)

# --- production server ---------------------------------------------------------

# gunicorn with several worker processes (TRYGG_WEB_WORKERS, else 2 x CPUs + 1) and the
# background worker beside it, on the configured database, after migrate and
# collectstatic; settings in
# src/trygg/gunicorn_conf.py, the reverse proxy in front of it in README.md. Needs
# the production environment: TRYGG_SECRET_KEY, TRYGG_ALLOWED_HOSTS, ...
.PHONY: serve
serve: install
	$(TRYGG) serve --bind 127.0.0.1:$(PORT)

# --- tests -------------------------------------------------------------------

system-packages:
	@scripts/ensure-system-packages chromium gettext poppler pango

# Lint and both runs always happen, so one failure does not hide another; the
# target fails if any failed.
test: install system-packages
	@lint=0; sqlite=0; postgres=0; \
	$(MAKE) --no-print-directory lint || lint=$$?; \
	$(MAKE) --no-print-directory test-sqlite || sqlite=$$?; \
	$(MAKE) --no-print-directory test-postgres || postgres=$$?; \
	echo; \
	echo "Lint:       $$( [ $$lint -eq 0 ] && echo passed || echo FAILED )"; \
	echo "SQLite:     $$( [ $$sqlite -eq 0 ] && echo passed || echo FAILED )"; \
	echo "PostgreSQL: $$( [ $$postgres -eq 0 ] && echo passed || echo FAILED )"; \
	[ $$lint -eq 0 ] && [ $$sqlite -eq 0 ] && [ $$postgres -eq 0 ]

# env -u: a TRYGG_DATABASE_URL in the environment is meant for the PostgreSQL run.
test-sqlite: install system-packages
	@echo "==> Test suite on SQLite"
	env -u TRYGG_DATABASE_URL $(PYTEST) $(PYTEST_ARGS)

# Uses TRYGG_DATABASE_URL when set (e.g. a CI service), else a throwaway cluster.
test-postgres: install system-packages
	@echo "==> Test suite on PostgreSQL"
	@if [ -n "$$TRYGG_DATABASE_URL" ]; then \
		echo "using TRYGG_DATABASE_URL from the environment"; \
		$(PYTEST) $(PYTEST_ARGS); \
	else \
		scripts/with-postgres $(PYTEST) $(PYTEST_ARGS); \
	fi

lint: install
	$(BIN)/ruff check $(wildcard src tests e2e bench)
	$(BIN)/ruff format --check $(wildcard src tests e2e bench)

# --- maintenance ---------------------------------------------------------------

vendor:
	scripts/vendor

clean:
	rm -rf build dist .pytest_cache .ruff_cache screenshots
	find src tests e2e -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true

# --- benchmarks ----------------------------------------------------------------

# Survey estimates on 1,000,000 synthetic responses: Trygg's results path beside R
# survey and samplics, on PostgreSQL (production's database: TRYGG_DATABASE_URL, else
# a throwaway cluster) and on the embedded SQLite. About an hour on two cores, most
# of it loading the databases and running R. Shorter:
#   make bench BENCH_ARGS="--responses 100000"
BENCH_ARGS ?=
BENCH = $(BIN)/python bench/survey_estimates.py $(BENCH_ARGS)
BENCH_STAMP := $(VENV)/.trygg-bench-installed
.PHONY: bench bench-postgres bench-sqlite

$(BENCH_STAMP): pyproject.toml | $(INSTALL_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@

bench: bench-postgres bench-sqlite

bench-postgres: $(BENCH_STAMP)
	@scripts/ensure-system-packages r-survey postgresql
	@if [ -n "$$TRYGG_DATABASE_URL" ]; then $(BENCH); else scripts/with-postgres $(BENCH); fi

bench-sqlite: $(BENCH_STAMP)
	@scripts/ensure-system-packages r-survey
	env -u TRYGG_DATABASE_URL $(BENCH)

# Residents answering at once against `trygg serve` (gunicorn), with one worker killed
# half-way: responses per second and p99 beside a static file's, and a check that no
# acknowledged response was lost or half-written. On a throwaway PostgreSQL
# database (TRYGG_DATABASE_URL's server, else a throwaway cluster) and on a SQLite
# file. About two minutes each on two cores. Smaller or larger:
#   make bench-load LOAD_ARGS="--respondents 100 --clients 10"
LOAD_ARGS ?=
LOAD = $(BIN)/python bench/load_submissions.py $(LOAD_ARGS)
.PHONY: bench-load bench-load-postgres bench-load-sqlite

bench-load: bench-load-postgres bench-load-sqlite

bench-load-postgres: install
	@scripts/ensure-system-packages postgresql
	@if [ -n "$$TRYGG_DATABASE_URL" ]; then $(LOAD); else scripts/with-postgres $(LOAD); fi

bench-load-sqlite: install
	env -u TRYGG_DATABASE_URL $(LOAD)

# Importing police events into PostgreSQL: `trygg import-events` on 1,000,000 synthetic
# events (JSON lines, gzip) beside `psql \copy` of the same rows (CSV) into the same
# table, rows per second and the ratio, and Trygg's peak memory at 1,000,000 and at
# 100,000 events. On a throwaway database (TRYGG_DATABASE_URL's server, else a
# throwaway cluster). About ten minutes on two cores. Shorter:
#   make bench-import IMPORT_ARGS="--events 100000 --memory-events 10000"
IMPORT_ARGS ?=
IMPORT = $(BIN)/python bench/import_events.py $(IMPORT_ARGS)
.PHONY: bench-import

bench-import: install
	@scripts/ensure-system-packages postgresql
	@if [ -n "$$TRYGG_DATABASE_URL" ]; then $(IMPORT); else scripts/with-postgres $(IMPORT); fi

# Gi* hotspots on every H3 resolution-9 cell of Kiruna (273,177 cells) with 1,000,000
# points: counted per cell in SQL, then Trygg's kernel, beside PySAL esda's G_Local on
# the same cells and links, on a throwaway PostgreSQL database (TRYGG_DATABASE_URL's
# server, else a throwaway cluster). esda runs from a virtualenv of its own, made here
# once. About three minutes on two cores, most of it making the points and esda. Shorter:
#   make bench-hotspots HOTSPOTS_ARGS="--cells 20000 --points 100000"
HOTSPOTS_ARGS ?=
ESDA_VENV ?= /tmp/esda-venv
HOTSPOTS = $(BIN)/python bench/hotspots.py --esda-python $(ESDA_VENV)/bin/python $(HOTSPOTS_ARGS)
.PHONY: bench-hotspots

$(ESDA_VENV)/bin/python:
	python3 -m venv $(ESDA_VENV)
	$(ESDA_VENV)/bin/python -m pip install --quiet esda libpysal

bench-hotspots: install | $(ESDA_VENV)/bin/python
	@scripts/ensure-system-packages postgresql
	@if [ -n "$$TRYGG_DATABASE_URL" ]; then $(HOTSPOTS); else scripts/with-postgres $(HOTSPOTS); fi
