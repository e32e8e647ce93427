# pyqmi — every target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all setup sysdeps test lint typecheck pytest demo bench clean ipk size fuzz soak

all: test

PIP_VERSION := 26.3

$(STAMP): pyproject.toml constraints-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q 'pip==$(PIP_VERSION)'
	$(PY) -m pip install -q -c constraints-dev.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# System packages the tests drive for real: libqmi's qmicli and qmi-proxy (the independent
# QMI peers), shellcheck (the shim), ping (the simulated data plane), node (the LuCI page's
# logic) and chromium (the LuCI pages rendered in a real browser, tests/luci/test_browser.py).
SYSDEPS_CHECK := command -v qmicli && test -x /usr/libexec/qmi-proxy && command -v shellcheck \
	&& command -v ping && command -v node && command -v ip && command -v chromium
SYSDEPS_APT := libqmi-utils libqmi-proxy shellcheck iputils-ping nodejs iproute2 chromium

sysdeps:
	@if ! ( $(SYSDEPS_CHECK) ) >/dev/null 2>&1; then \
		echo "installing $(SYSDEPS_APT)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSDEPS_APT) >/dev/null; \
	fi

lint: setup
	$(VENV)/bin/ruff check src tests tools bench
	$(VENV)/bin/ruff format --check src tests tools bench

typecheck: setup
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --strict tools

pytest: setup sysdeps
	$(VENV)/bin/pytest -q

test: lint typecheck pytest

demo: setup sysdeps
	$(PY) -m pyqmi demo

# valgrind counts the instructions (issue 8); BENCH_ARGS e.g. "--idle-seconds 10" or "--quick".
bench: setup
	@if ! command -v valgrind >/dev/null 2>&1; then \
		echo "installing valgrind"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; \
	fi
	$(PY) -m bench.run $(BENCH_ARGS)

# The long fuzz run (CI runs tests/fuzz short and derandomized): Hypothesis at --scale times
# CI's examples, and atheris where it installs (pinned; make test never needs it). Figures go to
# bench/FUZZ.md; FUZZ_ARGS e.g. "--scale 50 --atheris-runs 500000".
fuzz: setup
	@$(PY) -m pip install -q -c constraints-dev.txt atheris \
		|| echo "atheris does not install here: the Hypothesis targets run alone"
	$(PY) -m tools.fuzz $(FUZZ_ARGS)

# The soak (issue 10): 1,000 connects and 1,000 call drops against the simulator, checked for
# client-ID, memory and descriptor leaks; figures to bench/SOAK.md. SOAK_ARGS e.g. "--cycles 100".
soak: setup
	$(PY) -m bench.soak $(SOAK_ARGS)

# Installable OpenWrt packages in dist/, without the SDK (tools/ipk); size: also their sizes.
ipk: setup
	$(PY) -m tools.ipk build

size: setup
	$(PY) -m tools.ipk size

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
