# ACES Desktop developer commands. See README.md.
SHELL := /bin/bash
# The newest Python 3.11+ that really runs (pyenv shims may exist for versions not installed).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
  $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
DEMO_DIR ?= demo-out

.PHONY: help test test-slow lint run demo bench screenshots methodology installer lock sysdeps-run sysdeps-test clean hub hub-stop

help:
	@echo "make run         set up and open the app on the demo workspace of make demo (./$(DEMO_DIR)/)"
	@echo "make test        set up and run lint, type checks and the whole test suite (headless)"
	@echo "make test-slow   the slow end-to-end tests (installer build)"
	@echo "make demo        write a demo workspace, signed scorecards and a sync bundle to ./$(DEMO_DIR)/"
	@echo "make installer   build the one-folder app and its archive into dist/ (PyInstaller)"
	@echo "make lock        refresh requirements.lock from pyproject.toml (pinned versions with hashes)"
	@echo "make bench       run the benchmarks in tests/benchmarks/ (prints ratios)"
	@echo "make screenshots write PNGs of every GUI page (demo workspace) to docs/screenshots/"
	@echo "make methodology rewrite docs/methodology.md from the shipped rubric"
	@echo "make hub         start a throwaway local PostgreSQL for a coordinator store; print its URL"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "ACES Desktop needs Python 3.11 or newer; none was found."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

LOCK := requirements.lock

# Every dependency (run, test, installer) at the versions and hashes of the lock; then the
# project itself, which the lock leaves out.
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# Refresh the lock after changing dependencies in pyproject.toml (see README).
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'uv>=0.5,<1'
	$(BIN)/uv pip compile pyproject.toml --extra test --extra installer --generate-hashes \
	  --python-version 3.11 --python-platform x86_64-manylinux_2_34 --no-config \
	  --custom-compile-command "make lock" -o $(LOCK).new
	mv $(LOCK).new $(LOCK)

sysdeps-run:
	@scripts/sysdeps.sh run

sysdeps-test:
	@scripts/sysdeps.sh test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: sysdeps-test $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow" --durations=30 $(PYTEST_ARGS)

test-slow: sysdeps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

demo: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/make_demo.py --out $(DEMO_DIR)

# The same demo organisation as `make demo` (one organisation CA): make run opens the
# workspace make demo writes, and writes it first when it is missing.
run: sysdeps-run $(STAMP)
	@test -d $(DEMO_DIR)/workspace || $(MAKE) --no-print-directory demo
	$(BIN)/aces-desktop --demo $(DEMO_DIR)/workspace

bench: sysdeps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/benchmarks -s -q -p no:cacheprovider -o timeout=0 \
	  -o python_files='bench_*.py' $(PYTEST_ARGS)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

hub:
	@scripts/hub.sh

hub-stop:
	@scripts/hub.sh stop

methodology: $(STAMP)
	$(BIN)/python scripts/methodology_doc.py

installer: $(STAMP)
	$(BIN)/python scripts/build_installer.py

clean:
	rm -rf build dist $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
