# The two commands of the README: `make run` and `make test`. Each creates the
# virtual environment and installs what it needs on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: install run check test test-deep lint format clean bench concurrency messages FORCE

$(STAMP): pyproject.toml $(wildcard webapp/translations/*/LC_MESSAGES/*.po)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/pybabel compile --use-fuzzy -d webapp/translations
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/tdkt init
	$(BIN)/tdkt demo --if-empty
	$(BIN)/tdkt serve --host $(HOST) --port $(PORT)

# pytest-xdist workers: one per core (PYTEST_XDIST_AUTO_NUM_WORKERS=N or TEST_WORKERS=N to
# choose, TEST_WORKERS=0 for one process).
TEST_WORKERS ?= auto

# The static checks (ruff, the import contracts, the types) leave a stamp: they run again only
# when a Python file, the configuration or the installation changed. .ci/run runs them once
# (`make check`) before its two `make test` at once, which then find them done instead of
# running mypy twice side by side. The list of files is a prerequisite of its own, rewritten
# only when it changes, so that a file removed is a change too.
# lint-imports and mypy without a cache: two `make test` started at once in one checkout would
# both run them, and two mypy processes writing one cache crash with an internal error (seen);
# a full check takes ~10 s.
CHECK_STAMP := $(VENV)/.checked-stamp
CHECK_LIST  := $(VENV)/.checked-files
CHECKED     := $(wildcard $(shell git ls-files -co --exclude-standard -- '*.py' 2>/dev/null || \
                 find . -name '*.py' -not -path './$(VENV)/*'))

$(CHECK_LIST): FORCE | $(STAMP)
	@printf '%s\n' $(CHECKED) >$@.$$$$ && \
	  if cmp -s $@.$$$$ $@; then rm -f $@.$$$$; else mv -f $@.$$$$ $@; fi

$(CHECK_STAMP): $(STAMP) $(CHECK_LIST) $(CHECKED) pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy --cache-dir=/dev/null
	touch $@

check: $(CHECK_STAMP)

test: $(CHECK_STAMP)
	bash scripts/ensure_chromium.sh
	$(BIN)/pytest -n $(TEST_WORKERS)

# The same with the property tests at their full count of examples (tests/conftest.py).
test-deep: $(CHECK_STAMP)
	bash scripts/ensure_chromium.sh
	TDKT_HYPOTHESIS_PROFILE=deep $(BIN)/pytest -n $(TEST_WORKERS)

# Benchmarks (bench/README.md): they start their own PostgreSQL cluster from Debian's server
# package, installed here when missing. BENCH_ARGS, e.g. "--no-postgres" or "rounds".
BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,postgres,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql)
	$(BIN)/python -m bench $(BENCH_ARGS)

# Many clients at once against gunicorn (scripts/concurrency.py); on PostgreSQL when
# TDKT_TEST_DATABASE_URL names a server. CONCURRENCY_ARGS, e.g. "--clients 60 --workers 4".
concurrency: $(STAMP)
	$(BIN)/python -m scripts.concurrency $(CONCURRENCY_ARGS)

# The English catalogue after strings changed: extract, merge, then fill the new msgstr in
# webapp/translations/en/LC_MESSAGES/messages.po (tests/usability checks none is empty).
# workflows/ marks its error messages with workflows.errors.N_ (rendered by webapp/errors.py).
messages: $(STAMP)
	$(BIN)/pybabel extract -F webapp/babel.cfg -k _l -k N_ --no-wrap --sort-by-file \
	  -o /tmp/tdkt-messages.pot webapp workflows
	$(BIN)/pybabel update -i /tmp/tdkt-messages.pot -d webapp/translations -l en --no-wrap \
	  --no-fuzzy-matching
	$(BIN)/pybabel compile -d webapp/translations

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
