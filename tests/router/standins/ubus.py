"""Stand-in for CZ-NIC python-ubus (module ``ubus``) in a guarded daemon process.

The part of python-ubus that src/pyqmi/netifd/bus.py uses: ``connect(socket_path=...)``,
``call(obj, method, args, timeout=...)``, ``add(name, methods)``, ``loop(0)`` and
``disconnect(deregister=False)``; it opens no socket, so bus.py has none to watch. Every call
is written as one JSON line to the file descriptor named by ``PYQMI_STANDIN_UBUS_FD`` (a pipe
the test reads), so the test waits for what the daemon says instead of polling. ``call``
answers ``[]``; ``loop`` blocks for its timeout as uloop would with nothing to do. Only
python3-light modules are used: this runs under the import guard.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

FD_VARIABLE = "PYQMI_STANDIN_UBUS_FD"

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
    return True


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
    time.sleep(max(timeout, 0) / 1000)


def disconnect(deregister: bool = True) -> None:
    _check()
    _state["connected"] = False
    _state["objects"] = {}
    _record("disconnect")
