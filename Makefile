# Newsroom: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, e.g. make test ARGS="tests/test_views.py -x"
ARGS ?=

# Development runs with debug on and SQLite unless DATABASE_URL says otherwise.
DEV_ENV := DJANGO_DEBUG=1
# Tests serve static files without collectstatic, and switch off the login lockout because
# Django's client.login() gives django-axes no request (tests/test_security.py turns it on).
TEST_ENV := DJANGO_SECRET_KEY=test-only-insecure-key DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost NEWSROOM_STATIC_MANIFEST=0 NEWSROOM_LOGIN_LOCKOUT=0
# `make serve` runs like production (debug off) over plain HTTP on this machine, so
# DJANGO_HTTPS=0; a real deployment terminates TLS in front (deploy/nginx.conf) and keeps
# it on. Without DJANGO_SECRET_KEY, a key is generated once into .secret_key and reused.
# Without nginx in front, Django serves uploaded pictures itself (NEWSROOM_SERVE_MEDIA).
SERVE_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=0 NEWSROOM_SERVE_MEDIA=1 \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-$(HOST),localhost}" \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}" \
	GUNICORN_BIND="$${GUNICORN_BIND:-$(HOST):$(PORT)}"

# uv installs exactly the set pinned in uv.lock (versions and hashes, for every Python and
# platform the project supports). It lives in its own small venv, .uv/, so that syncing .venv
# to the lock never removes it, and it uses the interpreter given, never downloading one.
UV_VERSION := 0.13.9
UV := .uv/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: install lock test-latest run serve worker migrate seed test api-contract lint format clean bench

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --extra dev --python $(PYTHON) --quiet
	@touch $@

install: $(VENV)/.installed

# Run after changing the dependencies in pyproject.toml, and to take newer releases (after
# `make test-latest` has shown that they pass): re-resolves every pin to the newest allowed.
lock: $(UV)
	$(UV) lock --upgrade

# The suite against the newest releases pyproject.toml allows, ignoring uv.lock, in a
# throwaway .venv-latest: shows what the next `make lock` would break before a user meets it.
test-latest: $(UV)
	rm -rf .venv-latest
	$(UV) venv --quiet --python $(PYTHON) .venv-latest
	VIRTUAL_ENV=.venv-latest $(UV) pip install --quiet --upgrade -e ".[dev]"
	$(TEST_ENV) .venv-latest/bin/python -m pytest $(ARGS)

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(DEV_ENV) $(PY) manage.py seed

# The site and one job worker beside it (newsroom/jobs.py): both stop with Ctrl-C.
run: seed
	@$(DEV_ENV) $(PY) manage.py ensure_admin --base-url http://$(HOST):$(PORT)
	@$(DEV_ENV) $(PY) manage.py schedule_jobs --verbosity 0
	@echo "Serving the site on http://$(HOST):$(PORT)/ with a job worker; email is printed here (Ctrl-C to stop)"
	@$(DEV_ENV) NEWSROOM_SITE_URL="$${NEWSROOM_SITE_URL:-http://$(HOST):$(PORT)}" $(PY) manage.py db_worker --queue-name '*' & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) NEWSROOM_SITE_URL="$${NEWSROOM_SITE_URL:-http://$(HOST):$(PORT)}" $(PY) manage.py runserver $(HOST):$(PORT)

# A production job worker: run one or more, on any machine that reaches the database (the
# environment as for `make serve`). Each finishes its job on SIGTERM before it stops.
worker: install
	$(PY) manage.py schedule_jobs
	$(PY) manage.py db_worker --queue-name '*' --no-reload

serve: install
	@test -n "$$DJANGO_SECRET_KEY" || test -s .secret_key || \
		(umask 077 && $(PY) -c 'from django.core.management.utils import get_random_secret_key as k; print(k())' > .secret_key && echo "Generated a secret key in .secret_key")
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py newsroom.wsgi

test: install
	$(TEST_ENV) $(PY) -m pytest $(ARGS)

# schemathesis against the API of a gunicorn serving a fresh, seeded database (SQLite, or a new
# database on the PostgreSQL server DATABASE_URL names), with every check and a fixed seed.
api-contract: install
	bash .ci/api-contract

# Benchmark, not part of `make test` (issue 19): CPU instructions per request (valgrind's
# callgrind) beside the anchor sites of ../shared/perf-anchors, search plans, wrk side by side
# with the anchors, reliability while an editor publishes, memory; writes bench/results.md
# (or BENCH_RESULTS). About 45 minutes; a quick run: BENCH_ARTICLES=2000 BENCH_SECONDS=3 make
# bench. Every knob is in bench/run.py's docstring.
bench: install
	$(PY) bench/run.py

lint: install
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) .uv .venv-latest *.egg-info .pytest_cache .ruff_cache staticfiles
