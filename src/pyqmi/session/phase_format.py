"""DATA_FORMAT: raw-ip when both the modem and the kernel can, else 802.3.

The modem's framing (WDA) and qmi_wwan's (``/sys/class/net/<if>/qmi/raw_ip``) must agree, or
packets flow and nothing works.  Option ``data_format`` (auto | raw-ip | 802.3) and the kernel
decide the order to try; the modem's current format counts as accepted.  A modem without WDA
keeps its default 802.3.  The kernel flag can only change while the interface is down, which
the runner's ``SetRawIp`` does.
"""

from __future__ import annotations

import logging

from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.link_actions import AllocateClient, Log, ReadDataFormat, SetDataFormat, SetRawIp
from pyqmi.session.link_errors import no_cid
from pyqmi.session.link_events import (
    ClientAllocated,
    DataFormatRead,
    DataFormatSet,
    Event,
    FaultKind,
    KernelLink,
    OpFailed,
    RawIpSet,
    RawIpSupport,
)
from pyqmi.session.phase import Step, act, fail

RAW_IP = "raw_ip"
ETHERNET = "ieee_802_3"
SHOWN = {RAW_IP: "raw-ip", ETHERNET: "802.3"}
LOGGER = "pyqmi.dataformat"


class FormatPhase:
    def __init__(self, preference: str, kernel: KernelLink) -> None:
        self.preference = preference  # auto | raw-ip | 802.3
        self.kernel = kernel
        self.kernel_raw = kernel.raw_ip is not RawIpSupport.NONE
        self._order: list[str] = []
        self._current = ""
        self._trying = 0
        self._raw = False  # the framing chosen

    wake = None

    def on_tick(self, now: float) -> Step:
        return Step()

    def start(self, now: float) -> Step:
        return act(AllocateClient("wda"))

    def handle(self, event: Event, now: float) -> Step | None:
        match event:
            case ClientAllocated(service="wda"):
                return act(ReadDataFormat())
            case OpFailed(op=AllocateClient(service="wda"), fault=fault) if (
                fault.kind is FaultKind.REFUSED
            ):
                return self._no_wda(str(no_cid("wda", fault.name)))
            case OpFailed(op=ReadDataFormat(), fault=fault) if fault.kind is FaultKind.REFUSED:
                return self._no_wda(fault.text)
            case DataFormatRead(protocol=protocol):
                self._current = protocol
                return self._plan()
            case DataFormatSet(protocol=got):
                if got == self._order[self._trying]:
                    return self._accepted()
                return self._try(self._trying + 1)
            case OpFailed(op=SetDataFormat(protocol=protocol), fault=fault) if (
                fault.kind is FaultKind.REFUSED
            ):
                refused = Log(
                    logging.INFO, f"modem refused {SHOWN[protocol]} framing ({fault.name})", LOGGER
                )
                step = self._try(self._trying + 1)
                step.actions.insert(0, refused)
                return step
            case RawIpSet(error=error):
                if error:
                    return fail(
                        LinkError(
                            ErrorCode.DATA_FORMAT_FAILED,
                            f"{error}: is another program using {self.kernel.ifname}?",
                        )
                    )
                return self._done()
        return None

    def _no_wda(self, why: str) -> Step:
        text = f"no WDA service ({why}): assuming the modem's default 802.3 framing"
        step = self._set_kernel(raw=False)
        step.actions.insert(0, Log(logging.INFO, text, LOGGER))
        return step

    def _plan(self) -> Step:
        step = Step()
        if self.preference == "802.3" or not self.kernel_raw:
            self._order = [ETHERNET]
            if not self.kernel_raw and self.preference != "802.3":
                text = "the kernel's qmi_wwan has no raw_ip switch (Linux < 4.5): using 802.3"
                step.actions.append(Log(logging.WARNING, text, LOGGER))
        elif self.preference == "raw-ip":
            self._order = [RAW_IP]
        else:
            self._order = [RAW_IP, ETHERNET]
        after = self._try(0)
        after.actions[:0] = step.actions
        return after

    def _try(self, index: int) -> Step:
        self._trying = index
        if index >= len(self._order):
            wanted = " or ".join(SHOWN[p] for p in self._order)
            hint = (
                "this modem needs raw-ip, which this kernel's qmi_wwan lacks: use a newer OpenWrt"
                if not self.kernel_raw
                else "set option data_format to auto"
            )
            return fail(
                LinkError(
                    ErrorCode.DATA_FORMAT_FAILED,
                    f"the modem refused {wanted} framing: {hint}",
                    permanent=True,
                )
            )
        protocol = self._order[index]
        if self._current == protocol:
            return self._accepted()
        return act(SetDataFormat(protocol))

    def _accepted(self) -> Step:
        protocol = self._order[self._trying]
        step = self._set_kernel(raw=protocol == RAW_IP)
        if self._trying != 0:
            step.notes.append(f"the modem cannot use {SHOWN[self._order[0]]}; using 802.3")
        return step

    def _set_kernel(self, *, raw: bool) -> Step:
        self._raw = raw
        ifname = self.kernel.ifname
        if ifname is not None and self.kernel.raw_ip is RawIpSupport.SWITCH:
            return act(SetRawIp(ifname, raw))
        return self._done()

    def _done(self) -> Step:
        shown = "raw-ip" if self._raw else "802.3"
        step = Step(done=True, value=shown)
        if self.kernel.ifname is not None:
            step.actions.append(
                Log(logging.INFO, f"data format {shown} on {self.kernel.ifname}", LOGGER)
            )
        return step
