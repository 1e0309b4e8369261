# The two commands a newcomer needs: `make run` and `make test`. Everything else is set-up they call.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve race bench test node lint format setup venv db db-stop migrate messages compilemessages collectstatic seed check

# The web server and, beside it, the task queue's worker (emails, reminders); stopping one stops both.
run: setup seed
	DJANGO_DEBUG=1 $(PY) manage.py worker --no-color & worker=$$!; trap "kill $$worker" EXIT; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The production configuration on this machine: gunicorn, debug off, static files by whitenoise, and the worker.
serve: setup seed
	DJANGO_DEBUG=0 $(PY) manage.py worker --no-color & worker=$$!; trap "kill $$worker" EXIT; \
	DJANGO_DEBUG=0 GUNICORN_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn -c sharingcity/gunicorn.conf.py sharingcity.wsgi

# Load benchmark of the production server (docs/performance.md): `make bench`, `make bench SCALE=seoul`.
# The tool lives in tools/, which is not part of the deployed packages.
SCALE ?= 1
bench: setup
	command -v wrk >/dev/null || apt-get install -y wrk
	$(PY) -m tools.bench --scale $(SCALE)

# People racing for the same slot, car and room over HTTP against the production server, 1,024 attempts
# per programme: prints attempts, winners, conflicts and 5xx, and fails on any 5xx (docs/reliability.md).
race: setup
	$(PY) -m tools.race

test: setup lint
	$(PY) -m pytest

setup: venv node db compilemessages collectstatic migrate

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Leaflet (from npm, served as static files) for the maps; axe-core for the accessibility checks in the browser tests.
node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

db: venv
	$(PY) -m sharingcity.devdb start

db-stop:
	$(PY) -m sharingcity.devdb stop

migrate: db
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract strings into the Korean catalogues. makemessages files each string under the nearest
# `locale/` folder: facilities/, carshare/ and roomshare/ own theirs; sharingcity/, hub/ and templates/ share locale/.
messages: venv
	$(PY) manage.py makemessages -l ko --no-obsolete --ignore=.venv --ignore=tests --ignore=.pgdata --ignore=staticfiles

collectstatic: venv
	$(PY) manage.py collectstatic --noinput -v 0

compilemessages: venv
	$(PY) manage.py compilemessages --ignore=.venv -v 0

check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
