"""Descriptor pairs a QmiClient can be attached to, one per kind of port pyqmi meets.

Each maker returns ``(modem, client)``: the modem's end, written by the test, and the end
the client reads. A stream socket stands for qmi-proxy, a raw pty for a serial-like stream,
and SOCK_SEQPACKET for cdc-wdm, which hands over one whole message per read.
"""

from __future__ import annotations

import os
import socket
import tty

from pyqmi.qmi.frame import Frame, Kind, encode_frame
from pyqmi.qmi.services import Service


def stream_pair() -> tuple[int, int]:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    return ours.detach(), theirs.detach()


def seqpacket_pair() -> tuple[int, int]:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    return ours.detach(), theirs.detach()


def pty_pair() -> tuple[int, int]:
    master, slave = os.openpty()
    tty.setraw(slave)
    tty.setraw(master)
    return slave, master  # the modem writes on the slave, the client reads the master


def sync_indication(txn: int) -> bytes:
    """A well-formed CTL Sync indication with transaction ``txn``."""
    return encode_frame(Frame(Service.CTL, 0, Kind.INDICATION, txn, 0x27, qmux_flags=0x80))
