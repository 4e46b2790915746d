# jetcart: the two commands a fresh machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint bench chaos install clean screenshots

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/jetcart demo

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast lane: no browser, no MariaDB/Redis/PostgreSQL, nothing marked slow (a few minutes on 2 cores).
test-fast: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -m "not slow and not browser and not mariadb and not redis and not postgres" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

screenshots: $(STAMP)
	$(BIN)/python -m tests.browser.screenshots $(SCREENSHOTS_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The fault-and-crash campaign on MariaDB (JETCART_TEST_MARIADB_URL), e.g. CHAOS_ARGS="--orders 600 --kills 50".
chaos: $(STAMP)
	$(BIN)/python -m tests.chaos.campaign $(CHAOS_ARGS)

clean:
	rm -rf $(VENV) var
