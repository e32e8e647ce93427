"""Data format: raw-ip when both the modem and the kernel can, else 802.3.

The modem's framing (WDA) and qmi_wwan's (``/sys/class/net/<if>/qmi/raw_ip``) must
agree, or packets flow and nothing works.  The kernel flag can only change while
the interface is down.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pyqmi.daemon.kernel import KernelError
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.transport import QmiClient

if TYPE_CHECKING:
    from pyqmi.daemon.runner import Daemon

log = logging.getLogger("pyqmi.dataformat")

RAW_IP = "raw_ip"
ETHERNET = "ieee_802_3"
SHOWN = {RAW_IP: "raw-ip", ETHERNET: "802.3"}


async def _set(client: QmiClient, protocol: str) -> bool:
    try:
        msg = await client.request("wda", "set_data_format", {"link_layer_protocol": protocol})
    except QmiProtocolError as exc:
        log.info("modem refused %s framing (%s)", SHOWN[protocol], exc.name)
        return False
    got = str(msg.get("link_layer_protocol", protocol))
    return got == protocol


async def negotiate(daemon: Daemon, client: QmiClient) -> str:
    """Agree on a framing; returns "raw-ip" or "802.3"."""
    preference = daemon.config.data_format  # auto | raw-ip | 802.3
    ifname = daemon.ifname()
    kernel = daemon.deps.kernel
    kernel_raw = True
    if ifname is not None:
        # qmi_wwan before Linux 4.5 has the net device but no raw_ip switch.
        kernel_raw = not kernel.has_interface(ifname) or kernel.has_raw_ip_switch(ifname)
    try:
        await daemon.allocate(client, "wda")
        current = str((await client.request("wda", "get_data_format")).get("link_layer_protocol"))
    except (LinkError, QmiProtocolError) as exc:
        log.info("no WDA service (%s): assuming the modem's default 802.3 framing", exc)
        return await _kernel(daemon, ifname, raw=False)
    order = [RAW_IP, ETHERNET]
    if preference == "802.3" or not kernel_raw:
        order = [ETHERNET]
        if not kernel_raw and preference != "802.3":
            log.warning("the kernel's qmi_wwan has no raw_ip switch (Linux < 4.5): using 802.3")
    elif preference == "raw-ip":
        order = [RAW_IP]
    for protocol in order:
        if current == protocol or await _set(client, protocol):
            if protocol != order[0]:
                daemon.facts.notes.append(f"the modem cannot use {SHOWN[order[0]]}; using 802.3")
            return await _kernel(daemon, ifname, raw=protocol == RAW_IP)
    wanted = " or ".join(SHOWN[p] for p in order)
    hint = (
        "this modem needs raw-ip, which this kernel's qmi_wwan lacks: use a newer OpenWrt"
        if not kernel_raw
        else "set option data_format to auto"
    )
    raise LinkError(
        ErrorCode.DATA_FORMAT_FAILED,
        f"the modem refused {wanted} framing: {hint}",
        permanent=True,
    )


async def _kernel(daemon: Daemon, ifname: str | None, *, raw: bool) -> str:
    shown = "raw-ip" if raw else "802.3"
    if ifname is None:
        return shown
    kernel = daemon.deps.kernel
    if kernel.has_raw_ip_switch(ifname):
        await kernel.link_down(ifname)
        try:
            kernel.set_raw_ip(ifname, raw)
        except KernelError as exc:
            raise LinkError(
                ErrorCode.DATA_FORMAT_FAILED, f"{exc}: is another program using {ifname}?"
            ) from None
    log.info("data format %s on %s", shown, ifname)
    return shown
