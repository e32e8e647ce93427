"""Logging for the daemon: syslog as ``pyqmi[<iface>]: message``, and a secret mask.

Where lines go: to syslog through /dev/log when that socket exists (OpenWrt's logd serves it,
so ``logread`` shows the lines with their level); otherwise to stderr with the same prefix.
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
import logging.handlers
import os
import sys
import threading
from collections.abc import Iterable

SYSLOG_SOCKET = "/dev/log"
MASK = "***"
MIN_SECRET_LENGTH = 1


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
            handler = logging.handlers.SysLogHandler(
                address=syslog_socket, facility=logging.handlers.SysLogHandler.LOG_DAEMON
            )
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
