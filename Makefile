# pressreview: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench messages chromium clean

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Compiled translations (.mo) are built from the committed .po files.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || sh scripts/install-system-packages.sh gettext
	msgfmt --check -o $@ $<

messages: $(MO_FILES)

# One task worker (imports of the web page, background commands) runs beside the server and
# stops with it.
run: $(INSTALLED) messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

chromium:
	@command -v chromium >/dev/null || sh scripts/install-system-packages.sh chromium || \
		echo "chromium is missing and cannot be installed here: browser tests will be skipped"
	@fc-list 2>/dev/null | grep -qi "color emoji" || sh scripts/install-system-packages.sh fonts-noto-color-emoji || \
		echo "no colour emoji font: screenshots will show emoji as boxes"

test: $(INSTALLED) messages chromium lint
	$(PY) -m pytest

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(INSTALLED) messages
	$(PY) bench/run.py
	$(PY) bench/markup.py
	$(PY) bench/markup_worst.py
	$(PY) bench/feeds.py
	$(PY) bench/imports.py
	$(PY) bench/search.py
	$(PY) bench/editor.py
	$(PY) bench/writers.py
	$(PY) bench/after_change.py
	$(PY) bench/side_by_side.py

clean:
	rm -rf $(VENV) $(MO_FILES) staticfiles .pytest_cache
