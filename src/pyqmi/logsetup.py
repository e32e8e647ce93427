"""Logging for the daemon: syslog as ``pyqmi[<iface>]: message``, and a secret mask.

Where lines go: to syslog through /dev/log when that socket exists (OpenWrt's logd serves it,
so ``logread`` shows the lines with their level); otherwise to stderr with the same prefix.
``SyslogHandler`` writes the datagrams itself (``<priority>pyqmi[iface]: message``, as
``logging.handlers.SysLogHandler`` does over a datagram socket): ``logging.handlers`` would
bring ``pickle``, ``queue``, ``copy`` and their kin onto the daemon's path for one class.
The stderr fallback loses nothing that matters: netifd starts a proto task with its stdout and
stderr captured and logs every line itself (netifd_start_process / netifd_log_message), so the
lines still reach the system log, only without our level.

Secrets: the daemon registers the PIN, PUK and password values once it has read its config.
``SecretFilter`` then rewrites every record, message and arguments alike, with each registered
value replaced by ``***``. Secrets should never be passed to a logger in the first place; this
is the second line of defence.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
from collections.abc import Iterable

SYSLOG_SOCKET = "/dev/log"
MASK = "***"
MIN_SECRET_LENGTH = 1
LOG_DAEMON = 3  # syslog facility
# syslog severities of logging's levels (crit 2, err 3, warning 4, info 6); below: debug (7).
_SEVERITY = ((logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4), (logging.INFO, 6))


class SyslogHandler(logging.Handler):
    """Each record as one datagram ``<facility*8+severity>text`` on a syslog socket."""

    def __init__(self, address: str, facility: int = LOG_DAEMON) -> None:
        super().__init__()
        self.address = address
        self.facility = facility
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            self.socket.connect(address)
        except OSError:
            self.socket.close()
            raise

    def priority(self, levelno: int) -> int:
        severity = next((sev for level, sev in _SEVERITY if levelno >= level), 7)
        return self.facility * 8 + severity

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = f"<{self.priority(record.levelno)}>{self.format(record)}\x00"
            try:
                self.socket.send(text.encode("utf-8"))
            except OSError:  # logd restarted: connect again, once
                self.socket.close()
                self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                self.socket.connect(self.address)
                self.socket.send(text.encode("utf-8"))
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self.socket.close()
        super().close()


class SecretFilter(logging.Filter):
    """Replace registered secret strings in every record with ``***``."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def register(self, *secrets: str | None) -> None:
        with self._lock:
            self._secrets.update(s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH)

    def clear(self) -> None:
        with self._lock:
            self._secrets.clear()

    def mask(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)  # longest first
        for secret in secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self.mask(text)
        record.args = None
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True


secret_filter = SecretFilter()


def register_secrets(secrets: Iterable[str | None]) -> None:
    """Register values (PIN, PUK, password) that must never reach a log line."""
    secret_filter.register(*secrets)


def make_handler(interface: str, *, syslog_socket: str = SYSLOG_SOCKET) -> logging.Handler:
    """A syslog handler on ``syslog_socket`` if it exists, else a stderr handler."""
    handler: logging.Handler
    if os.path.exists(syslog_socket):
        try:
            handler = SyslogHandler(syslog_socket)
        except OSError:
            handler = logging.StreamHandler(sys.stderr)
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"pyqmi[{interface}]: %(message)s"))
    handler.addFilter(secret_filter)  # on the handler: covers records of every logger
    return handler


def setup_logging(
    interface: str, *, level: int = logging.INFO, syslog_socket: str = SYSLOG_SOCKET
) -> logging.Handler:
    """Route the ``pyqmi`` logger tree to syslog (or stderr); returns the handler."""
    logger = logging.getLogger("pyqmi")
    for old in list(logger.handlers):
        if getattr(old, "_pyqmi_handler", False):
            logger.removeHandler(old)
            old.close()
    handler = make_handler(interface, syslog_socket=syslog_socket)
    handler._pyqmi_handler = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    return handler
