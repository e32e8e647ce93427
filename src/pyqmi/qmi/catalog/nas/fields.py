"""Struct pieces that several NAS message modules share."""

from __future__ import annotations

import construct as c

from pyqmi.qmi.catalog.nas.values import CALL_BARRING_STATUS, RADIO_INTERFACE
from pyqmi.qmi.message import TlvDef
from pyqmi.qmi.types import Layout, boolean, u16

mcc_mnc = ("mcc" / u16, "mnc" / u16)
pcs_status = c.Struct(*mcc_mnc, "includes_pcs_digit" / boolean)
call_barring = c.Struct("cs_status" / CALL_BARRING_STATUS, "ps_status" / CALL_BARRING_STATUS)
radio_item = "radio_interface" / RADIO_INTERFACE
nr5g_tac = c.BytesInteger(3)  # 24-bit, network order


def numbered(numbering: dict[int, str], layouts: dict[str, Layout]) -> tuple[TlvDef, ...]:
    """TLVs from a type -> name table, for messages that number the same fields differently."""
    return tuple(TlvDef(t, name, layouts[name]) for t, name in numbering.items())
