"""The message catalog: every message pyqmi knows, one module per service.

``lookup(service, message_id)`` finds a definition for decoding;
``get("dms", "get_ids")`` finds one by name for encoding.
"""

from __future__ import annotations

from pyqmi.qmi.catalog import ctl, dms, nas, uim, wda, wds
from pyqmi.qmi.errors import UnknownMessage
from pyqmi.qmi.message import MessageDef
from pyqmi.qmi.services import service_by_name, service_name

ALL: tuple[MessageDef, ...] = (
    *ctl.MESSAGES,
    *dms.MESSAGES,
    *nas.MESSAGES,
    *uim.MESSAGES,
    *wda.MESSAGES,
    *wds.MESSAGES,
)

_BY_ID: dict[tuple[int, int], MessageDef] = {}
_BY_NAME: dict[tuple[int, str], MessageDef] = {}
for _m in ALL:
    if (_m.service, _m.message_id) in _BY_ID:
        raise RuntimeError(f"duplicate catalog entry {_m.name}")
    _BY_ID[(_m.service, _m.message_id)] = _m
    _BY_NAME[(_m.service, _m.name)] = _m


def lookup(service: int, message_id: int) -> MessageDef | None:
    return _BY_ID.get((service, message_id))


def get(service: str | int, name: str) -> MessageDef:
    number = service if isinstance(service, int) else int(service_by_name(service))
    try:
        return _BY_NAME[(number, name)]
    except KeyError:
        raise UnknownMessage(f"no message {name!r} in service {service_name(number)}") from None
