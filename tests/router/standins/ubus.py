"""Stand-in for CZ-NIC python-ubus (module ``ubus``) in a guarded daemon process.

The part of python-ubus that src/pyqmi/netifd/bus.py uses: ``connect(socket_path=...)``,
``call(obj, method, args, timeout=...)``, ``add(name, methods)``, ``loop(0)`` and
``disconnect(deregister=False)``; it opens no socket, so bus.py has none to watch. Every call
is written as one JSON line to the file descriptor named by ``PYQMI_STANDIN_UBUS_FD`` (a pipe
the test reads), so the test waits for what the daemon says instead of polling. ``call``
answers ``[]``; ``loop`` blocks for its timeout as uloop would with nothing to do. Only
python3-light modules are used: this runs under the import guard.

Invocations (optional): when ``PYQMI_STANDIN_UBUS_SOCKET`` names a listening AF_UNIX stream
socket, ``connect`` connects one socket to it, as python-ubus connects one to ubusd, so the
daemon's bus finds it and watches it. The test writes ``{"obj", "method", "args"}`` lines
there; ``loop(0)`` serves each with the published method, as ubusd would relay a ``ubus
call``, and the reply is recorded (kind ``reply``) and written back as one line.
"""

from __future__ import annotations

import json
import os
import socket
import time
from typing import Any

FD_VARIABLE = "PYQMI_STANDIN_UBUS_FD"
SOCKET_VARIABLE = "PYQMI_STANDIN_UBUS_SOCKET"

_state: dict[str, Any] = {"connected": False, "objects": {}}


def _record(kind: str, **fields: Any) -> None:
    fd = os.environ.get(FD_VARIABLE)
    if fd is None:
        return
    line = json.dumps({"kind": kind, **fields}, sort_keys=True) + "\n"
    os.write(int(fd), line.encode())


def connect(socket_path: str = "/var/run/ubus/ubus.sock") -> bool:
    if _state["connected"]:
        raise RuntimeError("already connected")
    _state["connected"] = True
    _record("connect", socket=socket_path)
    hub = os.environ.get(SOCKET_VARIABLE)
    if hub:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(hub)
        sock.setblocking(False)
        _state["sock"], _state["pending"] = sock, b""
    return True


class _Request:
    def __init__(self, obj: str, method: str) -> None:
        self.obj, self.method = obj, method

    def reply(self, data: dict[str, Any]) -> None:
        _record("reply", obj=self.obj, method=self.method, reply=data)
        line = json.dumps({"obj": self.obj, "method": self.method, "reply": data}) + "\n"
        _state["sock"].sendall(line.encode())


def _serve_invocations() -> None:
    sock = _state.get("sock")
    if sock is None:
        return
    try:
        while chunk := sock.recv(65536):
            _state["pending"] += chunk
    except BlockingIOError:
        pass
    *lines, _state["pending"] = _state["pending"].split(b"\n")
    for line in lines:
        ask = json.loads(line)
        _record("invoke", obj=ask["obj"], method=ask["method"], args=ask.get("args", {}))
        handler = _state["objects"][ask["obj"]][ask["method"]]["method"]
        handler(_Request(ask["obj"], ask["method"]), ask.get("args", {}))


def _check() -> None:
    if not _state["connected"]:
        raise RuntimeError("not connected")


def call(obj: str, method: str, args: dict[str, Any], timeout: int = 0) -> list[Any]:
    _check()
    _record("call", obj=obj, method=method, args=args)
    return []


def add(name: str, methods: dict[str, Any]) -> None:
    _check()
    _state["objects"][name] = methods
    _record("add", obj=name, methods=sorted(methods))


def loop(timeout: int = -1) -> None:
    _check()
    if timeout == 0:
        _serve_invocations()
        return
    time.sleep(max(timeout, 0) / 1000)


def disconnect(deregister: bool = True) -> None:
    _check()
    _state["connected"] = False
    _state["objects"] = {}
    sock = _state.pop("sock", None)
    if sock is not None:
        sock.close()
    _record("disconnect")
