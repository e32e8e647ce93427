"""Suite-wide rule: under ``CI=true`` a skip is a failure, unless the test is opt-in.

A test that needs root, a network namespace, TUN, qmicli or qmi-proxy skips where those are
missing (see privilege.py), so a developer without them still gets a green run of what can
run. CI must run everything, so there the same skip fails the run, naming what is missing.
The opt-in real-stack test (reason starting with "opt-in") is the one allowed skip.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Generator, Iterator
from typing import Any

import pytest

from privilege import OPT_IN


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _fail_skip_under_ci(report: Any) -> None:
    if not (_ci() and report.skipped and not hasattr(report, "wasxfail")):
        return
    reason = _skip_reason(report)
    if reason.startswith(OPT_IN):
        return
    report.outcome = "failed"
    report.longrepr = f"CI=true forbids this skip; provide what it needs: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[Any]:
    outcome = yield
    _fail_skip_under_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[Any]:
    outcome = yield
    _fail_skip_under_ci(outcome.get_result())


@pytest.fixture(autouse=True)
def _restore_pyqmi_logger() -> Iterator[None]:
    """Undo what a test's ``setup_logging`` did to the ``pyqmi`` logger (propagate=False
    and a syslog/stderr handler), so a later test's caplog still sees pyqmi's records."""
    logger = logging.getLogger("pyqmi")
    saved = (logger.level, logger.propagate, list(logger.handlers))
    yield
    logger.setLevel(saved[0])
    logger.propagate = saved[1]
    for handler in list(logger.handlers):
        if handler not in saved[2]:
            logger.removeHandler(handler)
            handler.close()
