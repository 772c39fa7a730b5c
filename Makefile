# PulseStage — `make help` lists every target.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PULSESTAGE := $(BIN)/pulsestage
DATA_DIR ?= .pulsestage
PID_FILE := $(DATA_DIR)/server.pid
LOG_FILE := $(DATA_DIR)/server.log
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

##@ Running

.PHONY: run
run: $(STAMP) ## Install if needed, then serve on the embedded defaults (http://localhost:3000)
	$(PULSESTAGE) serve

.PHONY: dev
dev: $(STAMP) ## Serve with auto-reload on Python changes (run `npm run dev` in frontend/ for the SPA)
	$(PULSESTAGE) serve --reload

.PHONY: up
up: $(STAMP) ## Start the server in the background (pid and log in .pulsestage/)
	@mkdir -p $(DATA_DIR)
	@if [ -f $(PID_FILE) ] && kill -0 $$(cat $(PID_FILE)) 2>/dev/null; then \
		echo "already running (pid $$(cat $(PID_FILE)))"; exit 0; fi
	@nohup $(PULSESTAGE) serve >$(LOG_FILE) 2>&1 & echo $$! >$(PID_FILE)
	@for i in $$(seq 1 60); do \
		if curl -fsS http://127.0.0.1:$${PORT:-3000}/health/ready >/dev/null 2>&1; then \
			echo "PulseStage is up on http://localhost:$${PORT:-3000} (pid $$(cat $(PID_FILE)), log $(LOG_FILE))"; exit 0; fi; \
		if ! kill -0 $$(cat $(PID_FILE)) 2>/dev/null; then echo "the server exited; see $(LOG_FILE)"; tail -5 $(LOG_FILE); exit 1; fi; \
		sleep 0.5; done; echo "not ready after 30 s; see $(LOG_FILE)"; exit 1

.PHONY: down
down: ## Stop the background server started by `make up`
	@if [ -f $(PID_FILE) ] && kill -0 $$(cat $(PID_FILE)) 2>/dev/null; then \
		kill -TERM $$(cat $(PID_FILE)); \
		for i in $$(seq 1 70); do kill -0 $$(cat $(PID_FILE)) 2>/dev/null || break; sleep 0.5; done; \
		echo "stopped"; else echo "not running"; fi
	@rm -f $(PID_FILE)

.PHONY: db-seed
db-seed: $(STAMP) ## Reset and seed the demo data (idempotent)
	$(PULSESTAGE) seed --reset

.PHONY: migrate
migrate: $(STAMP) ## Apply pending database migrations
	$(PULSESTAGE) migrate

##@ Building

.PHONY: install
install: $(STAMP) ## Create .venv and install PulseStage with its test tools

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

.PHONY: frontend
frontend: ## Rebuild frontend_dist/ from frontend/ (npm ci && npm run build)
	cd frontend && npm ci --no-audit --no-fund && npm run build

.PHONY: frontend-check
frontend-check: ## Rebuild the SPA, run its unit tests, fail if frontend_dist/ differs from what is committed
	cd frontend && npm ci --no-audit --no-fund && npm run build && npm test
	@git diff --exit-code --stat -- frontend_dist || { echo "frontend_dist/ is stale: run make frontend and commit it"; exit 1; }
	@test -z "$$(git status --porcelain -- frontend_dist)" || { git status --porcelain -- frontend_dist; echo "frontend_dist/ has untracked or changed files"; exit 1; }

.PHONY: build
build: frontend $(STAMP) ## Build the SPA and the wheel (and the Docker image where an engine runs)
	$(BIN)/python -m pip install --quiet build
	@# an installed wheel finds the SPA and profiles under pulsestage/_bundled (pulsestage/paths.py)
	rm -rf pulsestage/_bundled && mkdir -p pulsestage/_bundled && cp -r config frontend_dist pulsestage/_bundled/
	$(BIN)/python -m build --wheel --outdir dist .; status=$$?; rm -rf pulsestage/_bundled; exit $$status
	@if docker info >/dev/null 2>&1; then docker build -t pulsestage:latest .; else echo "no Docker engine: image not built"; fi

.PHONY: binary
binary: $(STAMP) ## Build the single-file PyInstaller executable into dist/
	$(BIN)/python -m pip install --quiet pyinstaller
	$(BIN)/pyinstaller --noconfirm --clean packaging/pulsestage.spec

##@ Testing

.PHONY: test
test: $(STAMP) ## Run the whole test suite (real PostgreSQL, Redis, SMTP and browser)
	$(BIN)/python -m pytest -q -p no:cacheprovider --ignore=tests/e2e
	$(MAKE) test-browser

.PHONY: test-browser
test-browser: $(STAMP) ## Run the browser tests alone (system Chromium; their own pytest run)
	@command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium"; exit 1; }
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/e2e

.PHONY: test-binary
test-binary: binary ## Build the single-file executable and test it on a fresh data dir
	$(BIN)/python -m pytest -q -p no:cacheprovider -m binary tests/ops/test_binary.py

.PHONY: test-standalone
test-standalone: $(STAMP) ## Run the core tests as on a machine with no PostgreSQL or Redis (embedded + spawned)
	TEST_DATABASE_URL=embedded TEST_REDIS_URL=spawn $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/unit/db tests/integration/db tests/integration/http

.PHONY: lint
lint: $(STAMP) ## Lint Python with ruff
	$(BIN)/ruff check pulsestage tests

.PHONY: typecheck
typecheck: $(STAMP) ## Type-check pulsestage/ with mypy
	$(BIN)/mypy pulsestage

.PHONY: validate-ci
validate-ci: $(STAMP) ## Everything CI runs: lint, types, SPA freshness, standalone and full tests
	$(MAKE) lint
	$(MAKE) typecheck
	$(MAKE) frontend-check
	$(MAKE) test-standalone
	$(MAKE) test

.PHONY: bench
bench: $(STAMP) ## Run the benchmarks and write bench/RESULTS.md (needs wrk: apt-get install -y wrk)
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench

.PHONY: soak
soak: $(STAMP) ## Thirty minutes of mixed traffic at half capacity; memory and errors reported (not in CI)
	$(BIN)/python -m bench.soak

##@ Operations

.PHONY: preflight
preflight: $(STAMP) ## Check a running installation end to end (one line per check)
	$(PULSESTAGE) preflight

.PHONY: backup
backup: $(STAMP) ## Dump the database now (pg_dump custom format) and prune old dumps
	$(PULSESTAGE) backup

.PHONY: backup-verify
backup-verify: $(STAMP) ## Restore the newest dump into a scratch database and compare row counts
	$(PULSESTAGE) backup verify

.PHONY: security
security: $(STAMP) ## Run the offline security scanners (bandit, pip-audit, npm audit, hadolint)
	bash packaging/security.sh

.PHONY: clean
clean: ## Remove build outputs and caches (keeps .pulsestage data and .venv)
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

##@ Help

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*##"} /^##@/ {printf "\n%s\n", substr($$0, 5)} /^[a-zA-Z_-]+:.*##/ {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
