# Two commands do all set-up: `make serve` and `make test` (`make check` is the fast inner loop). See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test chromium audit reproducible break-claims clean

# The venv is rebuilt when requirements.txt changes.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: $(BIN)/.installed node_modules/.installed
	$(BIN)/mkdocs serve --livereload --dev-addr $(HOST):$(PORT)

build: $(BIN)/.installed node_modules/.installed
	$(if $(SITE_URL),SITE_URL=$(SITE_URL) )$(BIN)/mkdocs build --strict --site-dir site

# Headless Chromium for the browser tests: Debian's package, installed when root.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq chromium; \
	  else \
	    echo "No Chromium found. Install it (Debian/Ubuntu: sudo apt-get install chromium)" \
	         "or set CHROMIUM=/path/to/chrome, then run make test again." >&2; \
	    test -n "$$CHROMIUM"; \
	  fi; }

# The inner loop: every test that needs no browser and re-runs no snippet from scratch (warm cache: about a minute).
check: $(BIN)/.installed node_modules/.installed
	$(BIN)/python -m pytest -m "not browser and not rerun"

# Everything, as CI runs it.
test: $(BIN)/.installed node_modules/.installed chromium
	$(BIN)/python -m pytest

# Lighthouse (mobile preset) on every page of site/, served gzipped on 127.0.0.1: a table on
# stdout, JSON reports in audit/. A benchmark for the README, not a test.
audit: build chromium
	$(BIN)/python tools/lighthouse_audit.py site audit

# Two clean builds (no caches) must give byte-identical sites. Run by .ci/run after make test.
reproducible: $(BIN)/.installed node_modules/.installed
	$(BIN)/python tools/reproducible_build.py

# Every claims test run on deliberately broken copies of site/results.json: each must fail on some.
break-claims: build
	$(BIN)/python tools/break_claims.py site/results.json

clean:
	rm -rf site .cache audit
