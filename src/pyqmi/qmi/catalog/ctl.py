"""CTL (service 0x00): client IDs, version info, sync."""

from __future__ import annotations

import construct as c

from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import array8, tail_string, u8, u16

S = Service.CTL

_allocation = c.Struct("service" / u8, "cid" / u8)

GET_VERSION_INFO = MessageDef(
    S,
    0x0021,
    "get_version_info",
    title="CTL Get Version Info",
    response=(
        TlvDef(0x01, "services", array8(c.Struct("service" / u8, "major" / u16, "minor" / u16))),
    ),
)
ALLOCATE_CID = MessageDef(
    S,
    0x0022,
    "allocate_cid",
    title="CTL Allocate CID",
    request=(TlvDef(0x01, "service", u8),),
    response=(TlvDef(0x01, "allocation", _allocation),),
)
RELEASE_CID = MessageDef(
    S,
    0x0023,
    "release_cid",
    title="CTL Release CID",
    request=(TlvDef(0x01, "release", _allocation),),
    response=(TlvDef(0x01, "release", _allocation),),
)
SYNC = MessageDef(S, 0x0027, "sync", title="CTL Sync", indication=())
# libqmi's own message to qmi-proxy; never sent to a modem.
INTERNAL_PROXY_OPEN = MessageDef(
    S,
    0xFF00,
    "internal_proxy_open",
    title="CTL Internal Proxy Open",
    request=(TlvDef(0x01, "device_path", tail_string()),),
)

MESSAGES = (GET_VERSION_INFO, ALLOCATE_CID, RELEASE_CID, SYNC, INTERNAL_PROXY_OPEN)
