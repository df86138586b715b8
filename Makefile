# ClubOps: `make run` to try it, `make test` to check it. See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
# CLOCK="2027-01-01T00:05:00+08:00" runs the suite as if it were that instant (tests/clock.py).
CLOCK ?=
# Test processes (pytest-xdist); 0 runs everything in this one process.
TEST_WORKERS ?= 2

.PHONY: run serve test security bench migrations-check messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(VENV)/bin/python requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: set up everything and start the web server, a Celery worker and beat (Ctrl-C stops all)
run: $(VENV)/.runtime
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo --if-empty
	@echo "ClubOps on http://127.0.0.1:$(PORT)/ - demo logins in README.md (password clubops-demo)"
	DEBUG=$${DEBUG:-1} PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho --procfile Procfile.dev start --port $(PORT)

## serve: production: gunicorn + one worker + one beat against DATABASE_URL / REDIS_URL
serve: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho --procfile Procfile start --port $(PORT)

## test: install what the tests need and run the whole suite
test: $(VENV)/.dev
	$(PY) -m pytest -n $(TEST_WORKERS) $(if $(CLOCK),--clock=$(CLOCK)) $(PYTEST_ARGS)

## security: outside scanners (wapiti, sqlmap) against the app on 127.0.0.1 with demo data
security: $(VENV)/.dev
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" scripts/security-scan

## bench: chain-size data, then throughput, latency and query counts under gunicorn; the full load test
bench: $(VENV)/.dev
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) bench/run.py $(BENCH_ARGS)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) bench/load.py --seconds 60

migrations-check: $(VENV)/.runtime
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

messages: $(VENV)/.dev
	scripts/update-translations

clean:
	rm -rf $(VENV) var
