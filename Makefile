# pyqmi — every target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all setup sysdeps test lint typecheck pytest demo bench clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# libqmi's qmicli and qmi-proxy are the independent QMI peers the tests check against.
sysdeps:
	@if ! command -v qmicli >/dev/null || ! test -x /usr/libexec/qmi-proxy || ! command -v shellcheck >/dev/null; then \
		echo "installing libqmi-utils libqmi-proxy shellcheck"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libqmi-utils libqmi-proxy shellcheck >/dev/null; \
	fi

lint: setup
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

typecheck: setup
	$(VENV)/bin/mypy

pytest: setup sysdeps
	$(VENV)/bin/pytest -q

test: lint typecheck pytest

demo: setup sysdeps
	$(PY) -m pyqmi demo

bench: setup
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
