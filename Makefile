# Two commands run Masthead on a fresh machine: `make start` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/masthead
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

.PHONY: start install install-test test test-sqlite test-postgres lint

$(BIN)/masthead: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/masthead

start: install
	$(BIN)/masthead quickstart

install-test: install
	$(BIN)/pip install --quiet -e ".[test]"
	@test -x /usr/bin/chromium || { echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; }
	@command -v npm >/dev/null || { echo "Browser tests need npm (for axe-core): sudo apt-get install npm" >&2; exit 1; }
	@test -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so || { echo "The proxy tests need nginx and its purge module: sudo apt-get install nginx libnginx-mod-http-cache-purge" >&2; exit 1; }
	npm ci --silent --no-audit --no-fund

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole suite: lint, then every test on SQLite, then again on PostgreSQL with Redis.
test: lint test-sqlite test-postgres

# Tests that empty the database when they end (browser, concurrency) run after the others, in one process.
PYTEST := $(BIN)/pytest -p no:cacheprovider
SUITE := $(PYTEST) -n 2 --dist loadfile -m "not flushes_database" && $(PYTEST) -m flushes_database

test-sqlite: install-test
	$(SUITE)

test-postgres: install-test
	@$(BIN)/python scripts/check_services.py "$(POSTGRES_TEST_URL)" "$(REDIS_TEST_URL)"
	export DATABASE_URL="$(POSTGRES_TEST_URL)" REDIS_URL="$(REDIS_TEST_URL)" && $(SUITE)
