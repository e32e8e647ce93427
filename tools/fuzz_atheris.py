"""The atheris target of ``make fuzz``: bytes from the modem, through every decoding step.

One input is the bytes one or more reads of a port carry (its first byte says where the
stream is cut into two reads). They go through the stream cutter, each frame through the
catalog lookup and ``message.decode``, its typed class, ``repr``/``redacted`` and, for
the answers and indications the daemon reads, ``daemon/decode.py``. Only pyqmi's typed
decode errors (``QmiCoreError``) may come out; anything else is a crash that atheris
reports with the input that caused it.

Run by ``tools/fuzz.py`` (``python -m tools.fuzz_atheris -atheris_runs=N``); not part of
``make test`` (atheris is installed by ``make fuzz`` only, where it installs).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

from pyqmi.daemon import decode as daemon_decode
from pyqmi.qmi import catalog
from pyqmi.qmi.errors import QmiCoreError
from pyqmi.qmi.frame import Frame, FrameExtractor, Kind
from pyqmi.qmi.message import decode
from pyqmi.qmi.services import service_name
from pyqmi.qmi.typed import dms, nas, uim, wds
from pyqmi.qmi.typegen.names import camel

_KIND_CLASS = {Kind.REQUEST: "Request", Kind.RESPONSE: "Response", Kind.INDICATION: "Indication"}

READERS: dict[type, list[Callable[[Any], object]]] = {
    uim.GetCardStatus.Response: [lambda m: daemon_decode.sim_status_from_card(m.card_status)],
    dms.UimGetPinStatus.Response: [daemon_decode.sim_status_from_dms],
    nas.GetServingSystem.Response: [lambda m: daemon_decode.registration_from(m, None)],
    nas.GetSignalInfo.Response: [daemon_decode.signal_from],
    wds.GetCurrentSettings.Response: [
        lambda m: daemon_decode.settings_from(m, 4),
        lambda m: daemon_decode.settings_from(m, 6),
    ],
    wds.StartNetwork.Response: [daemon_decode.call_end],
}
for _cls, _fn in daemon_decode.INDICATIONS:
    READERS.setdefault(_cls, []).append(_fn)


def typed_class(service: int, name: str, kind: Kind) -> Any:
    module = importlib.import_module(f"pyqmi.qmi.typed.{service_name(service).lower()}")
    return getattr(getattr(module, camel(name)), _KIND_CLASS[kind], None)


def one_frame(frame: Frame) -> None:
    definition = catalog.lookup(frame.service, frame.message_id)
    try:
        message = decode(frame, definition)
        repr(message), message.redacted()
        if definition is None:
            return
        cls = typed_class(definition.service, definition.name, frame.kind)
        if cls is None:
            return
        typed = cls.from_message(message)
        repr(typed), typed.redacted()
    except QmiCoreError:
        return
    for reader in READERS.get(cls, ()):
        reader(typed)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    cut = data[0] % len(data)
    extractor = FrameExtractor()
    for piece in (data[1 : cut + 1], data[cut + 1 :]):
        for item in extractor.feed(piece):
            if isinstance(item, Frame):
                one_frame(item)


def main(argv: list[str]) -> None:
    atheris: Any = importlib.import_module("atheris")
    for service in ("ctl", "dms", "nas", "uim", "wda", "wds"):
        importlib.import_module(f"pyqmi.qmi.typed.{service}")
    atheris.instrument_all()  # coverage of everything loaded: pyqmi, construct, the typed classes
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
