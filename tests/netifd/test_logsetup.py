import io
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyqmi import logsetup


@pytest.fixture
def clean_secrets() -> Iterator[None]:
    logsetup.secret_filter.clear()
    yield
    logsetup.secret_filter.clear()
    logger = logging.getLogger("pyqmi")
    for handler in list(logger.handlers):
        if getattr(handler, "_pyqmi_handler", False):
            logger.removeHandler(handler)
            handler.close()


def test_stderr_fallback_format_and_secret_mask(
    clean_secrets: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    handler = logsetup.setup_logging("wwan", syslog_socket=str(tmp_path / "absent"))
    assert isinstance(handler, logging.StreamHandler)
    logsetup.register_secrets(["1234", None, "s3cret-pass"])
    log = logging.getLogger("pyqmi.session")
    log.info("verifying PIN %s with password %s", "1234", "s3cret-pass")
    log.warning("plain line")
    lines = stream.getvalue().splitlines()
    assert lines == [
        "pyqmi[wwan]: verifying PIN *** with password ***",
        "pyqmi[wwan]: plain line",
    ]


def test_secret_in_exception_text_is_masked(clean_secrets: None) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logsetup.secret_filter)
    log = logging.getLogger("pyqmi.test_exc")
    log.addHandler(handler)
    log.propagate = False
    logsetup.register_secrets(["87654321"])
    try:
        raise ValueError("PUK 87654321 rejected")
    except ValueError:
        log.exception("unblock failed")
    log.removeHandler(handler)
    assert "87654321" not in stream.getvalue()
    assert "PUK *** rejected" in stream.getvalue()


def test_syslog_socket_gets_tagged_lines(clean_secrets: None, tmp_path: Path) -> None:
    path = str(tmp_path / "log")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(path)
    server.settimeout(5)
    try:
        handler = logsetup.setup_logging("wwan", syslog_socket=path)
        assert isinstance(handler, logsetup.SyslogHandler)
        logsetup.register_secrets(["0000"])
        logging.getLogger("pyqmi").error("pin 0000 failed")
        datagram = server.recv(4096).decode()
    finally:
        server.close()
    # <facility daemon (3) * 8 + err (3)> then the tagged message, NUL-terminated.
    assert datagram == "<27>pyqmi[wwan]: pin *** failed\x00"


def test_syslog_levels_and_a_restarted_logd(clean_secrets: None, tmp_path: Path) -> None:
    path = str(tmp_path / "log")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(path)
    server.settimeout(5)
    try:
        logsetup.setup_logging("wwan", level=logging.DEBUG, syslog_socket=path)
        log = logging.getLogger("pyqmi.test")
        log.debug("d")
        log.info("i")
        log.warning("w")
        log.critical("c")
        got = [server.recv(4096).decode() for _ in range(4)]
        server.close()
        os.unlink(path)  # logd restarts: a new socket at the same path
        server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        server.bind(path)
        server.settimeout(5)
        log.info("again")
        got.append(server.recv(4096).decode())
    finally:
        server.close()
    assert [g.split(">")[0] for g in got] == ["<31", "<30", "<28", "<26", "<30"]
    assert got[-1] == "<30>pyqmi[wwan]: again\x00"
