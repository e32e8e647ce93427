"""The QMI side of each connect step: requests out, typed facts back.

Each function sends the few requests one step needs and turns the decoded
messages into the session layer's typed views (``SimStatus``, ``Registration``,
``CallSettings``).  No policy lives here: the runner decides what to do next.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import Any

from pyqmi.qmi import callend
from pyqmi.qmi.callend import CallEnd
from pyqmi.qmi.catalog.wds import requested_settings
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.session.fallback import CallAttempt
from pyqmi.session.registration import Registration, RegState, Signal
from pyqmi.session.sim_policy import AppState, CardState, PinState, SimStatus
from pyqmi.transport import NoClientId, QmiClient

log = logging.getLogger("pyqmi.modem")

# Errors that mean "this firmware has no such service or message".
UNSUPPORTED = frozenset({"INVALID_QMI_COMMAND", "NOT_SUPPORTED", "INVALID_SERVICE_TYPE"})

_APP_STATES = {
    "unknown": AppState.UNKNOWN,
    "detected": AppState.DETECTED,
    "pin1_or_upin_pin_required": AppState.PIN_REQUIRED,
    "puk1_or_upin_puk_required": AppState.PUK_REQUIRED,
    "check_personalization_state": AppState.PERSONALIZATION,
    "pin1_blocked": AppState.PIN_BLOCKED,
    "illegal": AppState.ILLEGAL,
    "ready": AppState.READY,
}
_REG_STATES = {
    "not_registered": RegState.NOT_REGISTERED,
    "registered": RegState.REGISTERED,
    "not_registered_searching": RegState.SEARCHING,
    "registration_denied": RegState.DENIED,
}


def _enum(value: Any, table: dict[str, Any], default: Any) -> Any:
    return table.get(str(value), default)


def _pin_state(value: Any) -> PinState:
    try:
        return PinState(str(value))
    except ValueError:
        return PinState.NOT_INITIALIZED


def sim_status_from_card(values: dict[str, Any]) -> SimStatus:
    """The primary GW application of the first card, as a ``SimStatus``."""
    cards = (values.get("card_status") or {}).get("cards") or []
    if not cards:
        return SimStatus(CardState.UNKNOWN, AppState.UNKNOWN, PinState.NOT_INITIALIZED)
    card = cards[0]
    state = {"absent": CardState.ABSENT, "present": CardState.PRESENT, "error": CardState.ERROR}
    card_state = state.get(str(card.get("card_state")), CardState.UNKNOWN)
    apps = card.get("applications") or []
    if not apps:
        return SimStatus(card_state, AppState.UNKNOWN, PinState.NOT_INITIALIZED)
    app = apps[0]
    return SimStatus(
        card=card_state,
        app=_enum(app.get("state"), _APP_STATES, AppState.UNKNOWN),
        pin1=_pin_state(app.get("pin1_state")),
        pin1_retries=app.get("pin1_retries"),
        puk1_retries=app.get("puk1_retries"),
        source="uim",
    )


def sim_status_from_dms(values: dict[str, Any]) -> SimStatus:
    pin1 = values.get("pin1_status") or {}
    state = _pin_state(pin1.get("current_status"))
    app = AppState.PIN_REQUIRED if state is PinState.ENABLED_NOT_VERIFIED else AppState.UNKNOWN
    return SimStatus(
        card=CardState.PRESENT,
        app=app,
        pin1=state,
        pin1_retries=pin1.get("verify_retries_left"),
        puk1_retries=pin1.get("unblock_retries_left"),
        source="dms",
    )


async def read_sim(client: QmiClient) -> SimStatus:
    """UIM card status, or DMS PIN status on firmware without UIM."""
    try:
        await client.allocate("uim")
        msg = await client.request("uim", "get_card_status")
        return sim_status_from_card(msg.values)
    except (QmiProtocolError, NoClientId) as exc:
        if isinstance(exc, QmiProtocolError) and exc.name not in UNSUPPORTED:
            raise
        log.info("UIM service unavailable (%s); reading the PIN status over DMS", exc)
    msg = await client.request("dms", "uim_get_pin_status")
    return sim_status_from_dms(msg.values)


async def verify_pin(client: QmiClient, status: SimStatus, pin: str) -> bool:
    """Send the PIN once.  True when accepted; False when the SIM rejected it."""
    try:
        if status.source == "uim":
            await client.request(
                "uim",
                "verify_pin",
                {
                    "session": {"type": "primary_gw_provisioning", "aid": ""},
                    "info": {"pin_id": "pin1", "pin": pin},
                },
            )
        else:
            await client.request("dms", "uim_verify_pin", {"info": {"pin_id": 1, "pin": pin}})
    except QmiProtocolError as exc:
        if exc.name in ("INCORRECT_PIN", "PIN_BLOCKED", "PIN_ALWAYS_BLOCKED", "ACCESS_DENIED"):
            return False
        raise
    return True


def signal_from(values: dict[str, Any]) -> tuple[Signal, str | None]:
    """The signal of the best technology reported, and that technology."""
    for key, tech in (("nr5g_signal_strength", "5gnr"), ("lte_signal_strength", "lte")):
        sig = values.get(key)
        if sig:
            rsrq = sig.get("rsrq", values.get("nr5g_rsrq"))
            snr = sig.get("snr")
            return (
                Signal(
                    rssi=sig.get("rssi"),
                    rsrp=sig.get("rsrp"),
                    rsrq=rsrq,
                    snr=None if snr is None else snr / 10,
                ),
                tech,
            )
    for key, tech in (("wcdma_signal_strength", "umts"), ("gsm_signal_strength", "gsm")):
        sig = values.get(key)
        if isinstance(sig, dict):
            return Signal(rssi=sig.get("rssi")), tech
        if isinstance(sig, int):
            return Signal(rssi=sig), tech
    return Signal(), None


def registration_from(serving: dict[str, Any], signal: dict[str, Any] | None) -> Registration:
    system = serving.get("serving_system") or {}
    radios = [str(r) for r in system.get("radio_interfaces") or []]
    plmn = serving.get("current_plmn") or {}
    sig, sig_tech = signal_from(signal or {})
    technology = radios[-1] if radios else (sig_tech or "none")
    ps = system.get("ps_attach_state")
    roaming = str(serving.get("roaming_indicator", "off")) == "on"
    mcc = plmn.get("mcc")
    mnc = plmn.get("mnc")
    return Registration(
        state=_enum(system.get("registration_state"), _REG_STATES, RegState.UNKNOWN),
        roaming=roaming,
        ps_attached=None if ps is None else str(ps) == "attached",
        technology=technology,
        mcc="" if mcc in (None, 0) else f"{mcc:03d}",
        mnc="" if mnc is None or mcc in (None, 0) else f"{mnc:02d}",
        operator=str(plmn.get("description") or ""),
        signal=sig,
    )


async def read_registration(client: QmiClient) -> Registration:
    serving = await client.request("nas", "get_serving_system")
    try:
        signal = (await client.request("nas", "get_signal_info")).values
    except QmiProtocolError:
        signal = None
    return registration_from(serving.values, signal)


@dataclass(frozen=True)
class CallSettings:
    family: int
    address: str
    prefix_length: int
    gateway: str | None = None
    dns: tuple[str, ...] = ()
    mtu: int | None = None


@dataclass(frozen=True)
class Call:
    family: int
    cid: int
    handle: int
    attempt: CallAttempt


def _prefix_from_mask(mask: str | None) -> int:
    if not mask:
        return 32
    return ipaddress.IPv4Network(f"0.0.0.0/{mask}").prefixlen


def settings_from(values: dict[str, Any], family: int) -> CallSettings | None:
    mtu = values.get("mtu") or None
    if family == 4:
        address = values.get("ipv4_address")
        if not address:
            return None
        dns = tuple(
            d for d in (values.get("primary_ipv4_dns"), values.get("secondary_ipv4_dns")) if d
        )
        return CallSettings(
            4,
            address,
            _prefix_from_mask(values.get("ipv4_subnet_mask")),
            values.get("ipv4_gateway"),
            dns,
            mtu,
        )
    addr6 = values.get("ipv6_address") or {}
    if not addr6.get("address"):
        return None
    gw6 = values.get("ipv6_gateway") or {}
    dns6 = tuple(d for d in (values.get("primary_ipv6_dns"), values.get("secondary_ipv6_dns")) if d)
    return CallSettings(
        6, addr6["address"], int(addr6.get("prefix_length", 64)), gw6.get("address"), dns6, mtu
    )


def start_values(
    attempt: CallAttempt,
    apn: str,
    profile: int | None,
    username: str,
    password: str,
    autoconnect: bool,
) -> dict[str, Any]:
    """The start_network request for one attempt (secrets only ever go into the frame)."""
    values: dict[str, Any] = {"ip_family_preference": "ipv4" if attempt.family == 4 else "ipv6"}
    if apn:
        values["apn"] = apn
    if profile is not None:
        values["profile_index_3gpp"] = profile
    values["authentication_preference"] = str(attempt.auth)
    if attempt.auth != "none":
        if attempt.placeholder_credentials:
            from pyqmi.session.fallback import PLACEHOLDER_PASSWORD, PLACEHOLDER_USERNAME

            username, password = PLACEHOLDER_USERNAME, PLACEHOLDER_PASSWORD
        if username:
            values["username"] = username
        if password:
            values["password"] = password
    if autoconnect:
        values["enable_autoconnect"] = True
    return values


async def start_call(
    client: QmiClient, cid: int, values: dict[str, Any]
) -> tuple[int | None, CallEnd | None]:
    """Start one data call.  Returns (handle, None) or (None, the modem's reasons)."""
    msg = await client.request("wds", "start_network", values, cid=cid, check=False)
    if msg.result is not None and msg.result.ok and msg.get("packet_data_handle") is not None:
        return int(msg.get("packet_data_handle")), None
    if msg.result is not None and msg.result.error_name == "NO_EFFECT":
        handle = msg.get("packet_data_handle")
        if handle is not None:
            return int(handle), None
    return None, callend.from_message(msg)


async def read_settings(client: QmiClient, cid: int, family: int) -> CallSettings | None:
    mask = requested_settings("dns_address", "ip_address", "gateway_info", "mtu", "ip_family")
    msg = await client.request("wds", "get_current_settings", {"requested_settings": mask}, cid=cid)
    return settings_from(msg.values, family)


async def stop_call(client: QmiClient, call: Call, *, timeout: float) -> None:
    await client.request(
        "wds",
        "stop_network",
        {"packet_data_handle": call.handle, "disable_autoconnect": True},
        cid=call.cid,
        timeout=timeout,
    )
