"""The connect path as QMI traffic: every message a link-up sends or receives, for real.

Theory of operation
-------------------
``CONNECT_PATH`` lists the requests a connection goes through (CTL sync and
version, client ids, power mode, SIM and PIN, data format, registration, profile,
start network, settings, and the teardown), each with representative values.
``capture()`` sends them, in order, to the simulator's core (``SimModem``, no
pty, no clock) and keeps every frame on the wire: the request bytes we build, and
the response and indication bytes the simulated modem writes back.  So the codec
benchmark and the frame extractor benchmark work on the frames a real link-up
produces, with the values a modem really reports, rather than on made-up bytes.

A step's values may depend on an earlier answer (stop_network needs the packet
data handle start_network returned); such a step gives a function of the answers
so far instead of a dict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pyqmi.qmi import catalog, codec
from pyqmi.qmi.catalog.wds import requested_settings
from pyqmi.qmi.frame import Kind, decode_frame
from pyqmi.qmi.message import Message
from pyqmi.qmi.services import Service, service_by_name
from pyqmi.sim.core import SimModem
from pyqmi.sim.scenarios import scenario

Answers = dict[str, Message]
Values = Mapping[str, Any] | Callable[[Answers], Mapping[str, Any]]

# The services a link-up holds a client id for.
SERVICES = ("dms", "uim", "nas", "wda", "wds")


@dataclass(frozen=True)
class Step:
    service: str
    name: str
    values: Values = field(default_factory=dict)  # no TLVs

    @property
    def label(self) -> str:
        return f"{self.service}.{self.name}"


def _allocate(service: str) -> Step:
    return Step("ctl", "allocate_cid", {"service": int(service_by_name(service))})


def _release(service: str) -> Step:
    def values(answers: Answers) -> Mapping[str, Any]:
        cid = answers[f"allocate:{service}"].values["allocation"]["cid"]
        return {"release": {"service": int(service_by_name(service)), "cid": cid}}

    return Step("ctl", "release_cid", values)


def _stop_values(answers: Answers) -> Mapping[str, Any]:
    handle = answers["wds.start_network"].values["packet_data_handle"]
    return {"packet_data_handle": handle, "disable_autoconnect": True}


PROFILE = {"profile_type": "3gpp", "profile_index": 1}

CONNECT_PATH: tuple[Step, ...] = (
    Step("ctl", "sync"),
    Step("ctl", "get_version_info"),
    *(_allocate(s) for s in SERVICES),
    Step("dms", "get_operating_mode"),
    Step("dms", "set_operating_mode", {"mode": "online"}),
    Step("dms", "get_ids"),
    Step("uim", "register_events", {"event_mask": 1}),
    Step("uim", "get_card_status"),
    Step("dms", "uim_get_pin_status"),
    Step(
        "uim",
        "verify_pin",
        {"session": {"type": "card_slot_1", "aid": ""}, "info": {"pin_id": "pin1", "pin": "1234"}},
    ),
    Step("wda", "set_data_format", {"qos_format": False, "link_layer_protocol": "raw_ip"}),
    Step("wda", "get_data_format"),
    Step(
        "nas",
        "register_indications",
        {"serving_system_events": True, "system_info": True, "signal_info": False},
    ),
    Step("nas", "get_serving_system"),
    Step("nas", "get_system_info"),
    Step("nas", "get_signal_info"),
    Step("wds", "get_profile_list", {"profile_type": "3gpp"}),
    Step("wds", "get_profile_settings", {"profile_id": PROFILE}),
    Step(
        "wds",
        "modify_profile",
        {
            "profile_id": PROFILE,
            "apn": "internet",
            "pdp_type": "ipv4_or_ipv6",
            "authentication": "none",
        },
    ),
    Step("wds", "set_ip_family", {"preference": "ipv4"}),
    Step(
        "wds",
        "start_network",
        {
            "apn": "internet",
            "authentication_preference": "none",
            "ip_family_preference": "ipv4",
            "profile_index_3gpp": 1,
        },
    ),
    Step(
        "wds",
        "get_current_settings",
        {
            "requested_settings": requested_settings(
                "pdp_type",
                "apn_name",
                "dns_address",
                "ip_address",
                "gateway_info",
                "mtu",
                "ip_family",
            )
        },
    ),
    Step("wds", "get_packet_service_status"),
    Step("wds", "stop_network", _stop_values),
    *(_release(s) for s in SERVICES),
)


@dataclass(frozen=True)
class WireFrame:
    """One frame of the capture: which message, which way, and its bytes."""

    label: str  # "wds.start_network"
    kind: Kind
    data: bytes


@dataclass(frozen=True)
class Capture:
    frames: tuple[WireFrame, ...]  # in wire order, requests and what answered them
    failures: tuple[str, ...]  # steps whose response carried a failure result

    def unique(self) -> list[WireFrame]:
        """The longest frame of each (message, kind), in order of first appearance.

        The longest is the one with the most TLVs filled in (a call end indication
        with its reason rather than the bare "connected" one)."""
        best: dict[tuple[str, Kind], WireFrame] = {}
        for frame in self.frames:
            key = (frame.label, frame.kind)
            if key not in best or len(frame.data) > len(best[key].data):
                best[key] = frame
        return list(best.values())


def _label(data: bytes) -> str:
    frame = decode_frame(data)
    definition = catalog.lookup(frame.service, frame.message_id)
    name = definition.name if definition else f"0x{frame.message_id:04x}"
    return f"{Service(frame.service).name.lower()}.{name}"


def capture() -> Capture:
    """Run ``CONNECT_PATH`` against a fresh simulated modem (PIN enabled) and record it."""
    modem = SimModem(scenario("default", pin_enabled=True), now=0.0)
    answers: Answers = {}
    cids: dict[int, int] = {}
    frames: list[WireFrame] = []
    failures: list[str] = []
    now = 0.0
    for txn, step in enumerate(CONNECT_PATH, start=1):
        definition = catalog.get(step.service, step.name)
        values = step.values(answers) if callable(step.values) else step.values
        cid = cids.get(definition.service, 0)
        request = codec.build(
            definition, Kind.REQUEST, values, transaction_id=txn & 0xFF, client_id=cid
        )
        frames.append(WireFrame(step.label, Kind.REQUEST, request))
        now += 0.01
        for out in modem.handle(request, now):
            message = codec.decode_bytes(out.data)
            frames.append(WireFrame(_label(out.data), message.kind, out.data))
            if message.kind is not Kind.RESPONSE:
                continue
            if message.result is not None and not message.result.ok:
                failures.append(f"{step.label}: {message.result.error_name}")
            answers[step.label] = message
            if step.name == "allocate_cid":
                allocation = message.values["allocation"]
                cids[allocation["service"]] = allocation["cid"]
                answers[f"allocate:{Service(allocation['service']).name.lower()}"] = message
    return Capture(tuple(frames), tuple(failures))
