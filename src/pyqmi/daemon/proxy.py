"""Option ``proxy``: reach the modem through libqmi's qmi-proxy, starting it when needed.

Theory of operation
-------------------
qmi-proxy owns the control device and lets several programs (pyqmi, ``qmicli -p``,
ModemManager) use it at once.  Like libqmi's own clients we first try to connect;
when nothing listens on the abstract socket we start qmi-proxy, wait (bounded) until
its socket accepts, and try once more.  A proxy that listens but will not open the
device is reported as it is: starting another one would not help.

The proxy we start runs in its own session with its output discarded and is never
stopped by us: other programs may be using it, and it exits by itself once it has
had no client for its idle timeout.  The daemon keeps the process handles only to
reap one that exited.  qmi-proxy does not release the client IDs of a client that
disconnects, so teardown must still release ours (the machine's teardown does).
"""

from __future__ import annotations

import logging
import os
import subprocess
import time
from collections.abc import Awaitable, Callable

from pyqmi import loop
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.transport import ProxyError, QmiClient
from pyqmi.transport.proxy import PROXY_SOCKET, connect_socket

log = logging.getLogger("pyqmi.daemon")

PROXY_PROGRAM = "qmi-proxy"
# Where libqmi installs it (Debian and current OpenWrt, older OpenWrt builds); then PATH.
PROXY_DIRS = ("/usr/libexec", "/usr/lib/libqmi", "/usr/lib")
POLL_INTERVAL = 0.05  # seconds between connection attempts while a started proxy comes up


def default_search_path() -> str:
    """libqmi's install directories, then PATH."""
    return os.pathsep.join((*PROXY_DIRS, os.environ.get("PATH", os.defpath)))


def find_proxy(search: str | None) -> str | None:
    """The qmi-proxy program on ``search`` (None: the default path), or None.

    As ``shutil.which`` finds it, without importing shutil (and the compression modules it
    pulls in) on the daemon's path: the first executable file of that name.
    """
    seen: set[str] = set()
    for folder in (search or default_search_path()).split(os.pathsep):
        if folder in seen:
            continue
        seen.add(folder)
        candidate = os.path.join(folder, PROXY_PROGRAM)
        if os.access(candidate, os.X_OK) and not os.path.isdir(candidate):
            return candidate
    return None


async def proxy_listening(address: str = PROXY_SOCKET) -> bool:
    """True if a qmi-proxy accepts connections at ``address`` now."""
    try:
        os.close(await connect_socket(address, timeout=1.0))
    except ProxyError:
        return False
    return True


def spawn_proxy(binary: str) -> subprocess.Popen[bytes]:
    """Start ``binary`` detached: its own session, no terminal, output discarded."""
    proc = subprocess.Popen(
        [binary],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not in netifd's process group, not killed with us
    )
    log.info("started %s (pid %d)", binary, proc.pid)
    return proc


async def wait_listening(
    proc: subprocess.Popen[bytes], binary: str, wait: float, address: str = PROXY_SOCKET
) -> None:
    """Return once a proxy accepts at ``address``; ``ProxyError`` after ``wait`` s, or
    as soon as ``proc`` exited without one listening (a proxy that exited because
    another one already serves the socket is fine)."""
    deadline = time.monotonic() + wait
    while not await proxy_listening(address):
        if proc.poll() is not None:
            raise ProxyError(f"{binary} exited with status {proc.returncode}")
        if time.monotonic() >= deadline:
            proc.kill()  # reaped later with the others (reap_exited)
            raise ProxyError(f"{binary} did not accept connections within {wait:g} s")
        await loop.sleep(POLL_INTERVAL)


def reap_exited(procs: list[subprocess.Popen[bytes]]) -> None:
    """Forget (and reap) the started proxies that have exited."""
    procs[:] = [p for p in procs if p.poll() is None]


async def open_via_proxy(
    device: str,
    connect: Callable[[], Awaitable[QmiClient]],
    *,
    procs: list[subprocess.Popen[bytes]],
    search: str | None,
    start_wait: float,
) -> QmiClient:
    """A client on ``device`` through qmi-proxy (``connect`` opens it that way), with
    qmi-proxy started when none listens; the processes started are added to ``procs``."""
    reap_exited(procs)
    try:
        return await connect()
    except ProxyError as exc:
        if await proxy_listening():
            raise proxy_refused(device, exc) from None
    search = search or default_search_path()
    binary = find_proxy(search)
    if binary is None:
        raise LinkError(
            ErrorCode.PROXY_FAILED,
            f"option proxy is set but no {PROXY_PROGRAM} program was found (looked in "
            f"{search}): install libqmi's qmi-proxy (OpenWrt package libqmi, Debian "
            "libqmi-proxy) or set option proxy to 0",
            permanent=True,
        )
    log.info("no qmi-proxy is running: starting %s", binary)
    try:
        proc = spawn_proxy(binary)
    except OSError as exc:
        raise LinkError(
            ErrorCode.PROXY_FAILED,
            f"cannot start {binary} ({exc.strerror or exc}): check the program, or set "
            "option proxy to 0",
        ) from None
    procs.append(proc)
    try:
        await wait_listening(proc, binary, start_wait)
    except ProxyError as exc:
        raise LinkError(
            ErrorCode.PROXY_FAILED,
            f"{exc}: qmi-proxy could not be started; check the installed libqmi (run "
            f"{binary} --verbose to see why), or set option proxy to 0",
        ) from None
    finally:
        reap_exited(procs)
    try:
        return await connect()
    except ProxyError as exc:
        raise proxy_refused(device, exc) from None


def proxy_refused(device: str, exc: ProxyError) -> LinkError:
    """The error for a proxy that cannot be reached or will not open ``device``."""
    return LinkError(
        ErrorCode.PROXY_FAILED,
        f"{exc}; check that {device} is a QMI control device that no other program holds "
        "directly, or set option proxy to 0",
    )
