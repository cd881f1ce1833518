# Prototyypit: `make run` serves the demo, `make test` runs every test. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
# The demo runs background work (emails, the selection) in a worker process, as production does.
RUN_ENV := DEBUG=1 TASKS_BACKEND=database
TEST_ENV := TESTING=1
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run test lint format messages makemessages browser loadgen bench bench-smoke prod-demo prod-smoke clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP) messages ## Create the virtual environment with the pinned dependencies

messages: $(STAMP) ## Compile the Finnish and Swedish translations
	@$(TEST_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

makemessages: $(STAMP) ## Collect new translatable strings into locale/
	$(TEST_ENV) $(BIN)/python manage.py makemessages -l fi -l sv --ignore=.venv --ignore=staticfiles --no-obsolete
	$(TEST_ENV) $(BIN)/python manage.py makemessages -d djangojs -l fi -l sv --ignore=.venv --ignore=staticfiles --no-obsolete

run: install ## Serve the demo community on SQLite at http://127.0.0.1:8000
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input -v 0
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	@echo "Open http://127.0.0.1:8000 (stop with Ctrl+C)"
	@# The worker and the scheduler run in loops that start them again when they exit (as systemd would).
	@while true; do $(RUN_ENV) $(BIN)/python manage.py worker --interval 1; echo "worker exited ($$?); restarting" >&2; sleep 2; done & worker=$$!; \
	  while true; do $(RUN_ENV) $(BIN)/python manage.py run_scheduled --loop 60 > /dev/null; echo "scheduler exited ($$?); restarting" >&2; sleep 2; done & scheduler=$$!; \
	  trap 'kids=$$(pgrep -d " " -P $$worker,$$scheduler); kill $$worker $$scheduler $$kids 2>/dev/null' EXIT INT TERM; \
	  $(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

prod-demo: install ## Serve the demo on the production stack (gunicorn, worker, scheduler; PostgreSQL, Redis) at :8000
	$(BIN)/python scripts/prod_demo.py

prod-smoke: install ## Start the production stack on port 8391 and drive a member's answer through it (CI)
	PRODSTACK=1 $(TEST_ENV) $(BIN)/pytest -p no:randomly core/tests/test_prod_stack.py

browser: ## Install Debian's Chromium for the browser tests (when missing and running as root)
	@bash scripts/ensure-debian-package.sh chromium "the browser tests" required-in-ci

test: install browser ## Run lint, type and security checks, migration check and every test (SQLite, or DATABASE_URL)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . -q
	$(TEST_ENV) $(BIN)/mypy
	@# The migration check needs no database: it reads the models and the migration files.
	env -u DATABASE_URL $(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(TEST_ENV) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP) ## Lint, check formatting, check types (mypy) and run the static security checks (bandit, security/checks)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . -q
	$(TEST_ENV) $(BIN)/mypy
	@# make test runs the same checks as security/test_static_checks.py.
	$(TEST_ENV) $(BIN)/python -m security.checks

format: $(STAMP) ## Fix lint where safe and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

loadgen: ## Install Debian's wrk for the hot-path benchmark (when missing and running as root)
	@bash scripts/ensure-debian-package.sh wrk "the hot-path benchmark"

bench: install loadgen ## Run every benchmark under bench/ and rewrite bench/results.json
	$(TEST_ENV) $(BIN)/python -m bench --out bench/results.json

bench-smoke: install loadgen ## Run the benchmarks on tiny sizes (seconds), writing bench/results-smoke.json
	$(TEST_ENV) $(BIN)/python -m bench --smoke --out bench/results-smoke.json

clean: ## Remove the virtual environment, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles
