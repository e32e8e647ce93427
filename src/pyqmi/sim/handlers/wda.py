"""WDA: the link-layer data format between host and modem (802.3 or raw IP)."""

from __future__ import annotations

from typing import Any

from pyqmi.qmi.message import Message
from pyqmi.sim.core import Context, SimError, handles


def _format(ctx: Context) -> dict[str, Any]:
    return {
        "qos_format": False,
        "link_layer_protocol": ctx.state.data_format,
        "uplink_aggregation_protocol": "disabled",
        "downlink_aggregation_protocol": "disabled",
    }


@handles("wda", "get_data_format")
def get_data_format(ctx: Context, req: Message) -> dict[str, Any]:
    return _format(ctx)


@handles("wda", "set_data_format")
def set_data_format(ctx: Context, req: Message) -> dict[str, Any]:
    link = req.get("link_layer_protocol", ctx.state.data_format)
    if link not in ctx.scenario.data_formats:
        # e.g. the Sierra MC7455 only does raw IP.
        raise SimError("INVALID_DATA_FORMAT", **_format(ctx))
    for key in ("uplink_aggregation_protocol", "downlink_aggregation_protocol"):
        if req.get(key, "disabled") != "disabled":
            raise SimError("INVALID_DATA_FORMAT", **_format(ctx))
    if req.get("qos_format"):
        raise SimError("INVALID_DATA_FORMAT", **_format(ctx))
    ctx.state.data_format = str(link)
    return _format(ctx)
