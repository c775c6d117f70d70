# make (install) · make run · make test · make bench · make screenshots — each creates .venv if missing.
# make dist — the one-folder app in dist/, built from .venv-build (runtime deps + PyInstaller).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD_VENV := .venv-build
BUILD_STAMP := $(BUILD_VENV)/.installed

.DEFAULT_GOAL := install
.PHONY: install run test lint bench screenshots dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/l1l2gui

lint: $(STAMP)
	$(BIN)/ruff check l1l2gui tests benchmarks packaging scripts
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench.py $(if $(JSON),--json $(JSON))

# every picture of the README, from `l1l2gui export … --out docs/….png`
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

# No test extra here: PyInstaller would bundle pytest, rich and pygments' friends.
$(BUILD_STAMP): pyproject.toml
	$(PYTHON) -m venv $(BUILD_VENV) || python3 -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/python -m pip install --upgrade pip
	$(BUILD_VENV)/bin/python -m pip install -e . 'pyinstaller>=6.10,<7'
	touch $(BUILD_STAMP)

dist: $(BUILD_STAMP)
	packaging/build.sh $(BUILD_VENV)/bin/python

clean:
	rm -rf $(VENV) $(BUILD_VENV) build dist .pytest_cache
