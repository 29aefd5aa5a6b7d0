# Yoriai — `make help` lists the targets. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
BENCH_RESULTS_RESPONSES ?= 30000
LOAD_SECONDS ?= 60
LOAD_USERS ?= 40
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core for the accessibility scans in tests/e2e (package.json pins it; never a CDN): only
# make test needs npm, make run does not.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/.installed ## Create .venv and install the requirements

messages: install ## Compile translations (.po -> .mo)
	$(MANAGE) compilemessages --ignore=.venv -v 0

run: install messages ## Set up everything and serve the demo site on http://127.0.0.1:$(PORT)/
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) seed_demo --port $(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install messages node_modules/.installed ## Run the whole test suite (browser tests where /usr/bin/chromium exists)
	$(BIN)/pytest -n auto --dist loadfile -rs

lint: install ## ruff, the app layers (import-linter), Django's checks and missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run -v 1

bench: install messages ## Print benchmark figures (bench/)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/survey_submit.py --seconds 10
	DATABASE_URL= $(BIN)/python bench/survey_results.py --responses $(BENCH_RESULTS_RESPONSES)
	DATABASE_URL= $(BIN)/python bench/search.py
	DATABASE_URL= $(BIN)/python bench/consensus.py

screenshots: install messages ## Regenerate docs/screenshots/ (the demo on a phone and a desktop; needs /usr/bin/chromium)
	$(BIN)/python tests/e2e/screenshots.py

worker: install ## Run the background task worker (django-tasks-db)
	$(MANAGE) db_worker

# Both need PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; each makes and drops a
# database of its own and flushes one Redis database (12 and 11).
loadtest: install messages ## Load scenario + ledger + two app servers, gunicorn on PostgreSQL and Redis (~4 min)
	$(BIN)/python bench/loadtest.py --seconds $(LOAD_SECONDS) --users $(LOAD_USERS) --two-servers

# Restarts the machine's PostgreSQL 15 cluster "main" and its Redis (root; the trap starts them
# again whatever happens), mounts a tmpfs; then the overload and the SQLite default.
loadtest-faults: install messages ## Faults during load, twice the peak load, the SQLite default (~7 min, root)
	@trap '$(BIN)/python bench/load_faults.py --restore' EXIT; status=0; \
	$(BIN)/python bench/load_faults.py || status=1; \
	$(BIN)/python bench/load_overload.py || status=1; \
	$(BIN)/python bench/loadtest.py --sqlite --seconds 45 --users 24 --members 30 || status=1; \
	exit $$status

bench-production: install messages ## gunicorn req/s ratios and worker memory on PostgreSQL and Redis (~5 min)
	$(BIN)/python bench/load_bench.py

.PHONY: help install messages run test lint bench screenshots worker loadtest loadtest-faults bench-production
