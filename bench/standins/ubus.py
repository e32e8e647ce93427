"""The bench's stand-in for CZ-NIC python-ubus (module ``ubus``) inside the measured daemon.

It offers what src/pyqmi/netifd/bus.py uses (``connect``, ``call``, ``add``, ``loop``,
``disconnect``), as tests/router/standins/ubus.py does, and adds what the bench needs:

* every call is one JSON line on the file descriptor named by ``PYQMI_STANDIN_UBUS_FD``, with
  ``t``, the ``time.monotonic()`` of the call (the same clock as the bench's and the
  simulator's), so the bench times what the daemon said without polling;
* ``PYQMI_BENCH_EXIT_AT=linkup`` ends the process (``os._exit(0)``) right after the first
  ``notify_proto`` with action 0 and ``link-up: true`` is recorded, so an instruction count or
  a rusage taken at exit covers exactly "exec to link-up";
* ``PYQMI_BENCH_MODULES=1`` adds, to that link-up line, the modules loaded at that moment
  (name and file), for the bytecode size.

It imports only what the daemon has already imported (json, os, sys, time), so it adds little
import cost of its own; the real binding is a C extension whose load is not counted here.
``call`` answers ``[]``; ``loop(timeout)`` sleeps for its timeout, as uloop would with nothing
to do (python-ubus releases the GIL there too). Like tests/router/standins/ubus.py it opens no
socket, so the daemon's bus has no ubus socket to watch and nobody calls its objects.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

FD_VARIABLE = "PYQMI_STANDIN_UBUS_FD"
EXIT_VARIABLE = "PYQMI_BENCH_EXIT_AT"
MODULES_VARIABLE = "PYQMI_BENCH_MODULES"

_state: dict[str, Any] = {"connected": False, "objects": {}}


def _record(kind: str, **fields: Any) -> None:
    fd = os.environ.get(FD_VARIABLE)
    if fd is None:
        return
    line = json.dumps({"kind": kind, "t": time.monotonic(), **fields}, sort_keys=True) + "\n"
    os.write(int(fd), line.encode())


def _is_link_up(obj: str, method: str, args: Any) -> bool:
    return (
        (obj, method) == ("network.interface", "notify_proto")
        and isinstance(args, dict)
        and args.get("action") == 0
        and args.get("link-up") is True
    )


def _modules() -> list[list[str]]:
    return [[name, str(getattr(module, "__file__", None) or "")] for name, module in
            sorted(sys.modules.items()) if module is not None]  # fmt: skip


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
    if not _is_link_up(obj, method, args):
        _record("call", obj=obj, method=method, args=args)
        return []
    if os.environ.get(MODULES_VARIABLE):
        _record("call", obj=obj, method=method, args=args, modules=_modules())
    else:
        _record("call", obj=obj, method=method, args=args)
    if os.environ.get(EXIT_VARIABLE) == "linkup":
        os._exit(0)
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
