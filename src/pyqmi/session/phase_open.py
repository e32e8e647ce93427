"""OPENING: the control device node (waited for, bounded), option delay, open, who the modem is.

The node is looked for every ``device_poll`` seconds until ``device_wait``; a missing node is
``NO_DEVICE`` naming the devices that do exist.  Opening probes the modem until it answers
(the runner's ``QmiClient.open``: a modem that stays mute after power-on is waited out there)
and releases the client IDs a killed run left.  Then a DMS client and the identity, which
only feeds the log and the status object: a field the modem refuses is skipped.
"""

from __future__ import annotations

import logging

from pyqmi.config.slices import Device
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.session.link_actions import (
    AllocateClient,
    CheckDevice,
    Log,
    OpenDevice,
    ReadIdentity,
)
from pyqmi.session.link_errors import device_error, no_cid, no_device
from pyqmi.session.link_events import (
    ClientAllocated,
    DeviceAbsent,
    DeviceOpened,
    DevicePresent,
    Event,
    FaultKind,
    IdentityRead,
    OpenFailed,
    OpFailed,
)
from pyqmi.session.phase import Step, Timings, act, fail


class OpenPhase:
    def __init__(self, device: Device, delay: int, timings: Timings) -> None:
        self.device = device
        self.delay = delay
        self.t = timings
        self._node_deadline = 0.0
        self._wake: float | None = None
        self._next: CheckDevice | OpenDevice | None = None  # what the wake-up does

    @property
    def wake(self) -> float | None:
        return self._wake

    def start(self, now: float) -> Step:
        self._node_deadline = now + self.t.device_wait
        return act(CheckDevice(self.device.device))

    def on_tick(self, now: float) -> Step:
        self._wake, op = None, self._next
        return act(op) if op is not None else Step()

    def _open(self) -> OpenDevice:
        return OpenDevice(self.device.device, self.device.proxy)

    def handle(self, event: Event, now: float) -> Step | None:
        match event:
            case DeviceAbsent(present=present, kernel=kernel):
                if now >= self._node_deadline:
                    return fail(no_device(self.device.device, self.t.device_wait, present, kernel))
                return self._sleep(now + self.t.device_poll, CheckDevice(self.device.device))
            case DevicePresent():
                if self.delay:
                    wait = Log(logging.INFO, f"waiting {self.delay} s (option delay)")
                    step = self._sleep(now + self.delay, self._open())
                    step.actions.insert(0, wait)
                    return step
                return act(self._open())
            case DeviceOpened():
                return act(AllocateClient("dms"))
            case OpenFailed(code=code, message=message, permanent=permanent):
                return fail(LinkError(ErrorCode(code), message, permanent=permanent))
            case OpFailed(op=AllocateClient(service=service), fault=fault) if (
                fault.kind is FaultKind.REFUSED
            ):
                return fail(no_cid(service, fault.name))
            case OpFailed(op=OpenDevice(), fault=fault):
                return fail(device_error(self.device.device, fault))
            case ClientAllocated(service="dms"):
                return act(ReadIdentity())
            case IdentityRead(identity=identity):
                shown = (identity.manufacturer, identity.model, identity.revision)
                text = "modem: {} {} ({})".format(*(s if s is not None else "?" for s in shown))
                return Step([Log(logging.INFO, text)], done=True)
        return None

    def _sleep(self, until: float, then: CheckDevice | OpenDevice) -> Step:
        self._wake, self._next = until, then
        return Step()
