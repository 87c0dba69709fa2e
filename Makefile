# The AI Platform Interview Guide. `make help` lists the targets.
# Every target creates .venv and installs the pinned packages on first use.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/mkdocs: requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements-deploy.txt requirements.txt $(BIN)/mkdocs
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

serve: $(BIN)/mkdocs ## build and serve the site on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(BIN)/mkdocs ## strict build into site/
	$(BIN)/mkdocs build --strict

check: $(BIN)/mkdocs ## list every data problem (one line each), then a strict build
	$(BIN)/python -m macros.data
	$(BIN)/mkdocs build --strict --site-dir "$$(mktemp -d)"

# Zensical in its own venv (tests/ship/test_zensical.py), apart from the pinned MkDocs stack.
$(VENV)/zensical/bin/zensical: requirements-ship.txt
	$(PY) -m venv $(VENV)/zensical
	$(VENV)/zensical/bin/pip install --quiet --upgrade pip
	$(VENV)/zensical/bin/pip install --quiet -r requirements-ship.txt
	touch $@

# The test-only npm packages (package.json: axe-core, Lighthouse, ESLint, html-validate).
NODE_MODULES = node_modules/.installed
$(NODE_MODULES): package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --silent
	touch $@

system-deps: ## install Debian's chromium, nginx and the C/C++ compilers when missing (root only)
	@bash scripts/system-deps.sh

lint: $(VENV)/.dev $(NODE_MODULES) ## ruff's checks and format check (ruff.toml); ESLint on the site's scripts (eslint.config.mjs)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node_modules/.bin/eslint .

# The edit loop: tests/data, pages, outputs, solutions (with builds of the small fixture project).
# No build of the real site, no browser, no root, no network; in parallel (pytest-xdist).
test-fast: $(VENV)/.dev ## the fast loop for everyday edits (no real build, no browser; about a minute)
	$(BIN)/python -m pytest -n auto tests/data tests/pages tests/outputs tests/solutions

# The whole suite, as CI runs it: lint, the unit layer in parallel, then the layers that share
# one build of the real site (built site, browser, shipping) in one process.
test: $(VENV)/.dev $(VENV)/zensical/bin/zensical system-deps $(NODE_MODULES) lint ## the whole test suite: lint, unit, built site, browser, shipping
	$(BIN)/python -m pytest -n auto tests/data tests/pages tests/outputs tests/solutions
	$(BIN)/python -m pytest tests/build tests/browser tests/ship

BENCH_ARGS ?= --record
bench: $(VENV)/.dev $(VENV)/zensical/bin/zensical system-deps $(NODE_MODULES) ## build, rebuild, 2x-content, serve-reload, page-weight, Lighthouse, load figures into BENCHMARKS.md (one part: BENCH_ARGS="--only doubled --record")
	@bash scripts/system-deps.sh wrk
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

as-of: $(BIN)/mkdocs ## list questions whose facts may be stale (as_of older than 12 months, or none on price/hardware facts)
	$(BIN)/python scripts/as_of.py

external-links: $(BIN)/mkdocs ## list every external link of the site (needs network to check: --check)
	$(BIN)/python scripts/external_links.py

PDF_ARGS ?=
pdf: $(VENV)/.dev system-deps ## PDFs of the whole guide and of each track, from a fresh build, into dist/ (PDF_ARGS="--pack <id>", "--site-dir site")
	$(BIN)/python scripts/pdf.py -o dist $(PDF_ARGS)

offline-zip: $(BIN)/mkdocs ## the copy that opens from disk: a separate build, zipped to dist/ai-platform-interview-guide.zip
	$(BIN)/python scripts/offline_zip.py -o dist/ai-platform-interview-guide.zip

goldens: $(VENV)/.dev ## rewrite the diagram golden files after a deliberate change
	$(BIN)/python scripts/refresh_goldens.py

clean: ## remove the build output
	rm -rf site dist .pytest_cache


.PHONY: help serve build check system-deps lint test-fast test bench as-of external-links pdf offline-zip goldens clean
