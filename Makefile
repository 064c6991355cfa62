# Each target creates .venv and installs what it needs when missing, so every
# command works on a fresh machine with nothing done before.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test

AXE_VERSION := 4.14.1
AXE := .npm/node_modules/axe-core/axe.min.js

EVAL ?= ../shared/eval
BENCH_OUT := benchmarks/out

.PHONY: build serve test golden bench screenshot browser axe clean

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

# The layering of pyproject.toml's import contracts first: a wrong arrow fails at once.
test: $(TESTING) browser axe
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# tests/golden/ holds the sample site's HTML and JSON, which tests/build/test_golden.py
# compares each build of the seeds with: after a change to the output is meant,
# write it again and commit it with the change, so that the diff shows the change.
golden: $(TESTING)
	$(BIN)/python -m tests.build.test_golden

# The README's picture: the sample site's briefing in headless Chromium, at a
# scale that keeps the file small.
screenshot: build browser
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=0.85 \
	  --window-size=1200,900 --screenshot=docs/briefing.png "file://$(CURDIR)/$$(ls site/topics/*.html | head -1)"

# The quality benchmarks on the dev sets in $(EVAL) (see docs/benchmarks.md), each
# printing briefgen's scores beside its baselines, by half where the set is split;
# tens of minutes in all. The speed benchmarks are run by hand:
# benchmarks/build.py --n 10000 and benchmarks/serve.py.
bench: $(TESTING)
	@test -d $(EVAL) || { echo "no dev sets in $(EVAL): make bench EVAL=/path/to/eval"; exit 2; }
	mkdir -p $(BENCH_OUT)
	$(BIN)/python benchmarks/claims.py $(EVAL)/claims/dev.jsonl --out $(BENCH_OUT)/claims.jsonl --halves
	$(BIN)/python benchmarks/claims.py $(EVAL)/paraphrase/dev.jsonl --out $(BENCH_OUT)/mrpc.jsonl --halves
	$(BIN)/python benchmarks/mds.py $(EVAL)/mds/dev.jsonl --budget 250 --out $(BENCH_OUT)/mds.jsonl
	$(BIN)/python $(EVAL)/score_mds.py $(EVAL)/mds/dev.jsonl --budget 250 --predictions $(BENCH_OUT)/mds.jsonl
	$(BIN)/python benchmarks/furniture.py $(EVAL)/mds/dev.jsonl --out $(BENCH_OUT)/furniture.jsonl --halves
	$(BIN)/python benchmarks/titles.py $(EVAL)/mds/dev.jsonl --out $(BENCH_OUT)/titles.jsonl
	$(BIN)/python benchmarks/clustering.py $(EVAL)/clustering/dev.jsonl --out $(BENCH_OUT)/clustering.jsonl
	$(BIN)/python benchmarks/extraction.py $(EVAL)/extraction --out $(BENCH_OUT)/extraction.jsonl
	$(BIN)/python $(EVAL)/score_extraction.py --predictions $(BENCH_OUT)/extraction.jsonl --name briefgen
	$(BIN)/python benchmarks/entities.py $(EVAL)/entities/dev.jsonl --out $(BENCH_OUT)/entities.jsonl --halves
	$(BIN)/python benchmarks/aliases.py

clean:
	rm -rf site .briefgen-cache
