# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check install install-test messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[test]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: install, migrate SQLite, load the demo data, create a demo curator, serve.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py create_demo_curator --address $(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

## check: Django's system check, missing migrations, lint and format.
check: install-test
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

## test: the checks, then the suite on SQLite and, if TEST_DATABASE_URL is set, on
## PostgreSQL at the same time (its report is printed after SQLite's; SERIAL=1 runs
## them one after the other).
test: check
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
		DATABASE_URL= $(PY) -m pytest; status=$$?; \
		echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped (see README)."; \
		exit $$status; \
	fi; \
	if [ -n "$(SERIAL)" ]; then \
		DATABASE_URL= $(PY) -m pytest && \
		echo "== the suite again on $$TEST_DATABASE_URL" && \
		DATABASE_URL="$$TEST_DATABASE_URL" $(PY) -m pytest; \
		exit $$?; \
	fi; \
	echo "== the suite on SQLite, and on $$TEST_DATABASE_URL alongside"; \
	log=$$(mktemp); \
	DATABASE_URL="$$TEST_DATABASE_URL" $(PY) -m pytest > "$$log" 2>&1 & postgresql=$$!; \
	DATABASE_URL= $(PY) -m pytest; sqlite=$$?; \
	wait $$postgresql; pg=$$?; \
	echo "== the suite on $$TEST_DATABASE_URL"; cat "$$log"; rm -f "$$log"; \
	echo "== SQLite: exit $$sqlite; PostgreSQL: exit $$pg"; \
	[ $$sqlite -eq 0 ] && [ $$pg -eq 0 ]

clean:
	rm -rf $(VENV) build *.egg-info

## messages: refresh the Arabic catalogue after changing translatable text (needs gettext).
messages: install
	$(PY) manage.py makemessages -l ar --ignore=.venv --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv
