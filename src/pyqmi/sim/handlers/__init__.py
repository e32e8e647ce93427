"""Request handlers, one module per QMI service; importing this registers them all."""

from __future__ import annotations

from pyqmi.sim.handlers import card, ctl, dms, lifecycle, nas, nas_cell, uim, wda, wds

__all__ = ["card", "ctl", "dms", "lifecycle", "nas", "nas_cell", "uim", "wda", "wds"]
