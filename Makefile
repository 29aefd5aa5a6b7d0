# Yoriai — `make help` lists the targets. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

# Benchmark, load and fault sizes (bench/README.md, "Sizes"). By default the CI sizes: smaller,
# but every query count is still compared between two sizes, every ratio is measured against its
# baseline in the same run, the ledgers are reconciled and every fault is injected (12½ minutes
# for all of them on two cores shared with other test runs). BENCH_FULL=1 (`make bench-full`,
# `BENCH_FULL=1 .ci/run`) gives the full sizes bench/README.md's figures were measured at (40–50
# minutes). Each variable can be set alone.
PG_BENCH_URL ?= postgres://postgres@127.0.0.1:5432/yoriai_ci
ifeq ($(BENCH_FULL),1)
BENCH_RUN_ARGS ?=
BENCH_SUBMIT_SECONDS ?= 10
BENCH_RESULTS_RESPONSES ?= 30000
BENCH_RESULTS_RESPONSES_PG ?= 100000
BENCH_RESULTS_ARGS ?=
BENCH_SEARCH_ARGS ?=
BENCH_CONSENSUS_ARGS ?=
BENCH_CONSULTATION_ARGS ?=
BENCH_EVENTS_ARGS ?=
BENCH_ANNOUNCEMENTS_ARGS ?=
BENCH_GROUPS_ARGS ?=
BENCH_FURIGANA_ARGS ?= --renders 150 --seconds 5
BENCH_API_ARGS ?= --articles 10000 --opinions 100000
LOAD_SECONDS ?= 60
LOAD_USERS ?= 40
LOAD_MEMBERS ?= 40
BENCH_PRODUCTION_ARGS ?=
FAULTS_ARGS ?=
OVERLOAD_ARGS ?=
SQLITE_LOAD_ARGS ?= --seconds 45 --users 24 --members 30
else
BENCH_RUN_ARGS ?= --renders 40 --seconds 3 --warmup 1 --comment-renders 10
BENCH_SUBMIT_SECONDS ?= 4
BENCH_RESULTS_RESPONSES ?= 2000
BENCH_RESULTS_RESPONSES_PG ?= 2000
BENCH_RESULTS_ARGS ?= --small 200 --xlsx-responses 1000 --traced-responses 1000
BENCH_SEARCH_ARGS ?= --articles 50,500 --repeats 1
BENCH_CONSENSUS_ARGS ?= --opinions 200 --votes 10000 --small 1000 --renders 3
BENCH_CONSULTATION_ARGS ?= --renders 5
BENCH_EVENTS_ARGS ?= --events 40 --small 10 --registrations 500 --renders 5 --check-ins 20
BENCH_ANNOUNCEMENTS_ARGS ?= --members 5000 --small 500
BENCH_GROUPS_ARGS ?= --participants 600 --opinions 150 --votes 20000
BENCH_FURIGANA_ARGS ?= --renders 30 --seconds 1
BENCH_API_ARGS ?= --articles 1000 --opinions 10000 --requests 10
LOAD_SECONDS ?= 20
LOAD_USERS ?= 24
LOAD_MEMBERS ?= 24
BENCH_PRODUCTION_ARGS ?= --seconds 3 --rss-requests 3000
FAULTS_ARGS ?= --gap 6 --outage 6
OVERLOAD_ARGS ?= --seconds 20
SQLITE_LOAD_ARGS ?= --seconds 15 --users 16 --members 20
endif

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
	$(MANAGE) webpush_keys --env-file .env  # once: the demo's browser notifications
	$(MANAGE) seed_demo --port $(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install messages node_modules/.installed ## Run the whole test suite (browser tests where /usr/bin/chromium exists)
	$(BIN)/pytest -n auto --dist loadfile -rs $(PYTEST_ARGS)

lint: install ## ruff, the app layers (import-linter), Django's checks and missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run -v 1

bench: install messages ## Print benchmark figures (bench/), CI sizes (BENCH_FULL=1: full, ~13 min)
	$(BIN)/python bench/run.py $(BENCH_RUN_ARGS)
	$(BIN)/python bench/survey_submit.py --seconds $(BENCH_SUBMIT_SECONDS)
	DATABASE_URL= $(BIN)/python bench/survey_results.py --responses $(BENCH_RESULTS_RESPONSES) $(BENCH_RESULTS_ARGS)
	DATABASE_URL= $(BIN)/python bench/search.py $(BENCH_SEARCH_ARGS)
	DATABASE_URL= $(BIN)/python bench/consensus.py $(BENCH_CONSENSUS_ARGS)
	$(BIN)/python bench/consultation.py $(BENCH_CONSULTATION_ARGS)
	$(BIN)/python bench/events.py $(BENCH_EVENTS_ARGS)
	$(BIN)/python bench/announcements.py $(BENCH_ANNOUNCEMENTS_ARGS)
	$(BIN)/python bench/opinion_groups.py $(BENCH_GROUPS_ARGS)
	$(BIN)/python bench/furigana.py $(BENCH_FURIGANA_ARGS)
	DATABASE_URL= $(BIN)/python bench/api.py $(BENCH_API_ARGS)

# Each makes and drops a database of its own on the server of PG_BENCH_URL (never its database).
bench-postgres: install messages ## Survey results, search, consensus and API benchmarks on PostgreSQL 127.0.0.1:5432
	DATABASE_URL=$(PG_BENCH_URL) $(BIN)/python bench/survey_results.py --responses $(BENCH_RESULTS_RESPONSES_PG) $(BENCH_RESULTS_ARGS)
	DATABASE_URL=$(PG_BENCH_URL) $(BIN)/python bench/search.py $(BENCH_SEARCH_ARGS)
	DATABASE_URL=$(PG_BENCH_URL) $(BIN)/python bench/consensus.py $(BENCH_CONSENSUS_ARGS)
	DATABASE_URL=$(PG_BENCH_URL) $(BIN)/python bench/api.py $(BENCH_API_ARGS)

# Today's full sizes, one command: what .ci/run ran before the CI sizes, faults apart (they
# restart the machine's PostgreSQL and Redis: `make loadtest-faults BENCH_FULL=1`).
bench-full: ## Every benchmark and the load test at full size (PostgreSQL + Redis, 35–40 min)
	$(MAKE) BENCH_FULL=1 bench bench-postgres loadtest bench-production

screenshots: install messages ## Regenerate docs/screenshots/ (the demo on a phone and a desktop; needs /usr/bin/chromium)
	$(BIN)/python tests/e2e/screenshots.py

worker: install messages ## Run the background task worker (django-tasks-db)
	$(MANAGE) db_worker

# Both need PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; each makes and drops a
# database of its own and flushes one Redis database (12 and 11).
loadtest: install messages ## Load scenario + ledger + two app servers, gunicorn on PostgreSQL and Redis
	$(BIN)/python bench/loadtest.py --seconds $(LOAD_SECONDS) --users $(LOAD_USERS) --members $(LOAD_MEMBERS) --two-servers

# Restarts the machine's PostgreSQL 15 cluster "main" and its Redis (root; the trap starts them
# again whatever happens), mounts a tmpfs; then the overload and the SQLite default.
loadtest-faults: install messages ## Faults during load, twice the peak load, the SQLite default (root)
	@trap '$(BIN)/python bench/load_faults.py --restore' EXIT; status=0; \
	$(BIN)/python bench/load_faults.py $(FAULTS_ARGS) || status=1; \
	$(BIN)/python bench/load_overload.py $(OVERLOAD_ARGS) || status=1; \
	$(BIN)/python bench/loadtest.py --sqlite $(SQLITE_LOAD_ARGS) || status=1; \
	exit $$status

bench-production: install messages ## gunicorn req/s ratios and worker memory on PostgreSQL and Redis
	$(BIN)/python bench/load_bench.py $(BENCH_PRODUCTION_ARGS)

.PHONY: help install messages run test lint bench bench-postgres bench-full screenshots worker loadtest \
	loadtest-faults bench-production
