# Each target creates .venv and installs what it needs when missing, so every
# command works on a fresh machine with nothing done before.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test

AXE_VERSION := 4.14.1
AXE := .npm/node_modules/axe-core/axe.min.js

.PHONY: build serve test bench browser axe clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Building a site needs briefgen and its runtime dependencies only.
$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

# The tests and benchmarks add their own packages (pytest, Playwright, mypy, ruff, scorers).
$(TESTING): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $(RUNTIME) $(TESTING)

build: $(RUNTIME)
	$(BIN)/briefgen build

serve: $(RUNTIME)
	$(BIN)/briefgen serve

# Browser tests drive Debian's Chromium through Playwright; never `playwright install`.
browser:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The browser tests check every page kind with axe-core, from npm into .npm/ (not
# committed); Debian's npm is installed when missing, as Chromium is. Without npm
# they skip those checks and say why.
axe:
	@if [ ! -f $(AXE) ]; then \
	  command -v npm >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null || true; }; \
	  if command -v npm >/dev/null 2>&1; then \
	    npm install --prefix .npm --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION); \
	  else echo "npm not found: the accessibility checks of the browser tests will be skipped (apt-get install npm)"; fi; \
	fi

test: $(TESTING) browser axe
	$(BIN)/python -m pytest

clean:
	rm -rf site .briefgen-cache
