"""WDA: to be filled."""

from __future__ import annotations

from pyqmi.qmi.message import MessageDef

MESSAGES: tuple[MessageDef, ...] = ()
