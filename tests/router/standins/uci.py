"""Stand-in for pyuci (module ``uci``) in a guarded daemon process.

It is tests/config/uci_standin.py (which reads UCI files from a directory, as pyuci would),
loaded from its file so that the guarded process needs no test package on its path; this
module exposes it under pyuci's module-level names.
"""

from __future__ import annotations

import importlib.util
import os

_PATH = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    "config",
    "uci_standin.py",
)
_spec = importlib.util.spec_from_file_location("_pyqmi_uci_standin", _PATH)
assert _spec is not None and _spec.loader is not None
_impl = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_impl)
_module = _impl.StandinUci()

UciException = _impl.UciException
UciExceptionNotFound = _impl.UciExceptionNotFound
UciExceptionInvalidInput = _impl.UciExceptionInvalidInput
Uci = _module.Uci
