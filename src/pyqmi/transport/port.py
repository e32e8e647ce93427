"""The file-descriptor edge: open a QMI port, read frames from it, write frames to it.

Theory of operation
-------------------
A ``Port`` owns one non-blocking file descriptor and nothing else.  The event loop
(``pyqmi.loop.current()``: pyqmi's own in the daemon, asyncio's beside the simulator)
calls it when the descriptor is readable (``add_reader``); it reads, cuts the
bytes into frames and hands each ``Frame`` to ``on_frame``.  Writes go out at once
when the kernel takes them, and are queued behind ``loop.add_writer`` when it
does not.  No threads.

Two framings exist, chosen from what the descriptor is (or by the caller):

- ``Framing.MESSAGE``: cdc-wdm character devices and SOCK_SEQPACKET sockets.  The
  kernel gives one whole QMI message per ``read()`` and wants one whole message
  per ``write()``.  Each read is cut on its own, so a truncated message can never
  poison the next one.
- ``Framing.STREAM``: ttys, ptys and stream sockets (qmi-proxy).  Frames can be
  split across reads or glued together, so one ``FrameExtractor`` lives as long
  as the port and resynchronises after garbage.

Read or write errors that mean the device is gone (EOF, EIO, ENODEV, ENXIO, EBADF,
a reset socket) call ``on_lost`` once; the port then closes its descriptor.
"""

from __future__ import annotations

import enum
import errno
import logging
import os
import socket
import stat
import termios
import tty
from collections import deque
from collections.abc import Callable

from pyqmi import loop
from pyqmi.qmi.errors import FrameError
from pyqmi.qmi.frame import Frame, FrameExtractor
from pyqmi.transport.errors import DeviceGone, DeviceOpenError

log = logging.getLogger("pyqmi.transport.port")

READ_SIZE = 0x10000 + 16  # one maximal QMUX frame fits in one read


class Framing(enum.Enum):
    MESSAGE = "message"  # one whole message per read()/write(): cdc-wdm, SOCK_SEQPACKET
    STREAM = "stream"  # a byte stream: tty, pty, stream socket (qmi-proxy)


def detect_framing(fd: int) -> Framing:
    """What framing the descriptor speaks; raises ValueError when it is no QMI port."""
    mode = os.fstat(fd).st_mode
    if stat.S_ISSOCK(mode):
        sock = socket.socket(fileno=fd)
        try:
            kind = sock.type
        finally:
            sock.detach()
        if kind in (socket.SOCK_SEQPACKET, socket.SOCK_DGRAM):
            return Framing.MESSAGE
        return Framing.STREAM
    if stat.S_ISCHR(mode):
        return Framing.STREAM if os.isatty(fd) else Framing.MESSAGE
    raise ValueError("not a character device, tty or socket")


def open_device(path: str, framing: Framing | None = None) -> tuple[int, Framing]:
    """Open ``path`` read-write, non-blocking, with no controlling tty; raw mode for ttys."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise DeviceOpenError(path, "no such file") from None
    except PermissionError:
        raise DeviceOpenError(path, "permission denied") from None
    except OSError as exc:
        raise DeviceOpenError(path, exc.strerror or str(exc)) from None
    try:
        detected = detect_framing(fd)
        if os.isatty(fd):
            tty.setraw(fd, when=termios.TCSANOW)
    except (ValueError, OSError) as exc:
        os.close(fd)
        reason = str(exc) if isinstance(exc, ValueError) else (exc.strerror or str(exc))
        raise DeviceOpenError(path, reason) from None
    return fd, framing or detected


class Port:
    """One open QMI port driven by the event loop."""

    def __init__(
        self,
        fd: int,
        framing: Framing,
        name: str,
        on_frame: Callable[[Frame], None],
        on_lost: Callable[[DeviceGone], None],
    ) -> None:
        self.name = name
        self.framing = framing
        self.garbage = 0  # frames or byte runs that could not be decoded
        self._fd: int | None = fd
        self._on_frame = on_frame
        self._on_lost = on_lost
        self._loop = loop.current()
        self._extractor = FrameExtractor()
        self._queue: deque[bytes] = deque()
        self._writing = False
        self._gone: DeviceGone | None = None
        os.set_blocking(fd, False)
        self._loop.add_reader(fd, self._on_readable)

    @property
    def is_open(self) -> bool:
        return self._fd is not None

    def send(self, data: bytes) -> None:
        """Queue one whole message for the device; raises ``DeviceGone`` when it is gone."""
        if self._gone is not None:
            raise self._gone
        if self._fd is None:
            raise DeviceGone(self.name, "port closed")
        self._queue.append(data)
        if not self._writing:
            self._flush()
        if self._gone is not None:
            raise self._gone

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        self._loop.remove_reader(fd)
        if self._writing:
            self._loop.remove_writer(fd)
            self._writing = False
        self._queue.clear()
        os.close(fd)

    def _flush(self) -> None:
        fd = self._fd
        while self._queue and fd is not None:
            data = self._queue[0]
            try:
                written = os.write(fd, data)
            except (BlockingIOError, InterruptedError):
                break
            except OSError as exc:
                self._lose(f"write failed: {exc.strerror or exc}")
                return
            if written == len(data):
                self._queue.popleft()
            elif self.framing is Framing.MESSAGE:
                self._lose(f"short write ({written} of {len(data)} bytes)")
                return
            else:
                self._queue[0] = data[written:]
        want_writer = bool(self._queue) and fd is not None
        if fd is not None and want_writer != self._writing:
            if want_writer:
                self._loop.add_writer(fd, self._flush)
            else:
                self._loop.remove_writer(fd)
            self._writing = want_writer

    def _on_readable(self) -> None:
        if self._fd is None:
            return
        try:
            data = os.read(self._fd, READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            name = errno.errorcode.get(exc.errno or 0, "error")
            self._lose(f"read failed: {name} ({exc.strerror})")
            return
        if not data:
            self._lose("end of file")
            return
        if self.framing is Framing.MESSAGE:
            extractor = FrameExtractor()
            items = extractor.feed(data)
            if extractor.pending:
                items.append(FrameError(f"{extractor.pending} bytes of a truncated message"))
        else:
            items = self._extractor.feed(data)
        for item in items:
            if isinstance(item, Frame):
                self._on_frame(item)
            else:
                self.garbage += 1
                log.debug("%s: skipped garbage: %s", self.name, item)

    def _lose(self, reason: str) -> None:
        if self._gone is not None:
            return
        self._gone = DeviceGone(self.name, reason)
        log.warning("%s: device gone: %s", self.name, reason)
        self.close()
        self._on_lost(self._gone)
