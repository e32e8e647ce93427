"""Reach a modem through libqmi's qmi-proxy.

qmi-proxy listens on the abstract unix socket "\\0qmi-proxy".  A client connects,
sends CTL ``internal_proxy_open`` (0xFF00) carrying the device path in TLV 0x01,
and waits for its response; from then on the socket carries plain QMUX frames as
a byte stream.  The proxy opens the device itself (so the path must be one it can
open), rewrites CTL transaction ids, remembers which cids each client allocated,
and forwards indications for those cids (or broadcast) back to us.

When the proxy cannot open the device it simply closes the connection: we turn
that into a ``ProxyError`` naming the path.
"""

# Explicit per-call time bounds are this API's contract (every await has one).

from __future__ import annotations

import logging
import os
import socket
from typing import TYPE_CHECKING

from pyqmi import loop
from pyqmi.qmi.typed import ctl
from pyqmi.transport.errors import DeviceGone, ProxyError, RequestTimeout
from pyqmi.transport.port import Framing

if TYPE_CHECKING:
    from pyqmi.transport.client import QmiClient

log = logging.getLogger("pyqmi.transport.proxy")

PROXY_SOCKET = "\0qmi-proxy"
CONNECT_TIMEOUT = 2.0
# qmi-proxy gives its own device open 10 s; allow a little more before giving up.
OPEN_TIMEOUT = 12.0


async def connect_socket(address: str = PROXY_SOCKET, timeout: float = CONNECT_TIMEOUT) -> int:
    """Connect to the proxy's socket; return the connected, non-blocking descriptor."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
    sock.setblocking(False)
    shown = address.replace("\0", "@")
    try:
        try:
            sock.connect(address)
        except (BlockingIOError, InterruptedError):  # the listener's backlog is full: wait
            await loop.wait_writable(sock.fileno(), timeout)
            error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                raise OSError(error, os.strerror(error)) from None
    except (OSError, TimeoutError) as exc:
        sock.close()
        reason = "timed out" if isinstance(exc, TimeoutError) else exc.strerror or str(exc)
        raise ProxyError(f"cannot connect to qmi-proxy at {shown}: {reason}") from None
    return sock.detach()


async def connect_proxy(
    cls: type[QmiClient],
    path: str,
    *,
    timeout: float,
    address: str = PROXY_SOCKET,
    open_timeout: float = OPEN_TIMEOUT,
) -> QmiClient:
    """A client whose port is a qmi-proxy connection that has opened ``path``."""
    fd = await connect_socket(address)
    client = cls(fd, Framing.STREAM, f"{path} (via qmi-proxy)", timeout=timeout)
    try:
        await client.request(ctl.InternalProxyOpen.Request(device_path=path), timeout=open_timeout)
    except DeviceGone:
        await client.close()
        raise ProxyError(f"qmi-proxy closed the connection: it could not open {path}") from None
    except RequestTimeout:
        await client.close()
        raise ProxyError(f"qmi-proxy did not open {path} within {open_timeout:g} s") from None
    except BaseException:
        await client.close()
        raise
    log.info("%s: opened through qmi-proxy", path)
    return client
