"""Pure QMI protocol layer: framing, message catalog, codec. No I/O here.

construct without its debugging helpers
---------------------------------------
construct's package ``__init__`` star-imports ``construct.debug`` (``Probe`` and ``Debugger``),
which imports ``pdb`` and with it ``bdb``, ``cmd``, ``code``, ``inspect``, ``dis``, ``ast``,
``tokenize``, ``pprint`` (which imports ``dataclasses``) and ``glob``: 29 M instructions and
1.3 MiB of resident memory of the daemon's imports (cachegrind and VmRSS, x86-64, CPython 3.11,
construct 2.10.70), in a daemon that never debugs a layout.
Every pyqmi module that imports construct is in this package, so before any of them can,
this puts a stand-in ``construct.debug`` in ``sys.modules`` whose ``Probe`` and ``Debugger``
load the real module on first use and return its objects.  Nothing else in construct
changes; when construct was imported before pyqmi, the real module is there and nothing is
done.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

_DEBUG = "construct.debug"


def _real_debug() -> ModuleType:
    if sys.modules.get(_DEBUG) is _STAND_IN:
        del sys.modules[_DEBUG]
        __import__(_DEBUG)
    return sys.modules[_DEBUG]


def _deferred(name: str) -> Any:
    def make(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real_debug(), name)(*args, **kwargs)

    make.__name__ = make.__qualname__ = name
    make.__doc__ = f"construct.debug.{name}, loaded on first use (see pyqmi.qmi)."
    return make


_STAND_IN = ModuleType(_DEBUG, "Stand-in for construct.debug until first use (see pyqmi.qmi).")
_STAND_IN.Probe = _deferred("Probe")  # type: ignore[attr-defined]
_STAND_IN.Debugger = _deferred("Debugger")  # type: ignore[attr-defined]
if "construct" not in sys.modules:
    sys.modules.setdefault(_DEBUG, _STAND_IN)
