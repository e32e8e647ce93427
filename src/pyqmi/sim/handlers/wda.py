"""WDA: the link-layer data format between host and modem (802.3 or raw IP)."""

from __future__ import annotations

from pyqmi.qmi.typed import wda
from pyqmi.sim.core import Context, SimError
from pyqmi.sim.registry import handles


def _format(ctx: Context) -> wda.GetDataFormat.Response:
    return wda.GetDataFormat.Response(
        qos_format=False,
        link_layer_protocol=wda.LinkLayerProtocol.named(ctx.state.data_format),
        uplink_aggregation_protocol=wda.AggregationProtocol.disabled,
        downlink_aggregation_protocol=wda.AggregationProtocol.disabled,
    )


def _set_answer(ctx: Context) -> wda.SetDataFormat.Response:
    """The same fields: both responses carry the format the modem now uses."""
    return wda.SetDataFormat.Response.from_values(_format(ctx).values())


@handles(wda.GetDataFormat)
def get_data_format(ctx: Context, req: wda.GetDataFormat.Request) -> wda.GetDataFormat.Response:
    return _format(ctx)


@handles(wda.SetDataFormat)
def set_data_format(ctx: Context, req: wda.SetDataFormat.Request) -> wda.SetDataFormat.Response:
    link = req.link_layer_protocol
    wanted = ctx.state.data_format if link is None else str(link)
    if wanted not in ctx.scenario.data_formats:
        # e.g. the Sierra MC7455 only does raw IP.
        raise SimError("INVALID_DATA_FORMAT", _set_answer(ctx))
    disabled = (None, wda.AggregationProtocol.disabled)
    if req.uplink_aggregation_protocol not in disabled:
        raise SimError("INVALID_DATA_FORMAT", _set_answer(ctx))
    if req.downlink_aggregation_protocol not in disabled or req.qos_format:
        raise SimError("INVALID_DATA_FORMAT", _set_answer(ctx))
    ctx.state.data_format = wanted
    return _set_answer(ctx)
