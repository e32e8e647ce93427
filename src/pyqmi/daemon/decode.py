"""Typed QMI answers and indications -> the link machine's facts and events.

The one place that reads the modem's messages field by field (``pyqmi.qmi.typed``); what
comes out is the session layer's view (``SimStatus``, ``Registration``, ``CallSettings``,
``link_events``).  A missing field gives the "not known" value of its fact, never an
exception: a modem's odd answer is a fact to report, not a crash.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from pyqmi.qmi import callend
from pyqmi.qmi.callend import CallEnd
from pyqmi.qmi.typed import dms, nas, uim, wds
from pyqmi.session.facts import CallSettings
from pyqmi.session.link_events import CardStatus, Event, PacketStatus, ServingSystem, SignalInfo
from pyqmi.session.registration import Registration, RegState, Signal
from pyqmi.session.sim_policy import AppState, CardState, PinState, SimStatus
from pyqmi.transport import BROADCAST_CID

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
_CARD_STATES = {"absent": CardState.ABSENT, "present": CardState.PRESENT, "error": CardState.ERROR}
_REG_STATES = {
    "not_registered": RegState.NOT_REGISTERED,
    "registered": RegState.REGISTERED,
    "not_registered_searching": RegState.SEARCHING,
    "registration_denied": RegState.DENIED,
}


def _pin_state(value: object) -> PinState:
    try:
        return PinState(str(value))
    except ValueError:
        return PinState.NOT_INITIALIZED


def sim_status_from_card(info: uim.CardStatusInfo | None) -> SimStatus:
    """The primary GW application of the first card, as a ``SimStatus``."""
    if info is None or not info.cards:
        return SimStatus(CardState.UNKNOWN, AppState.UNKNOWN, PinState.NOT_INITIALIZED)
    card = info.cards[0]
    card_state = _CARD_STATES.get(str(card.card_state), CardState.UNKNOWN)
    if not card.applications:
        return SimStatus(card_state, AppState.UNKNOWN, PinState.NOT_INITIALIZED)
    app = card.applications[0]
    return SimStatus(
        card=card_state,
        app=_APP_STATES.get(str(app.state), AppState.UNKNOWN),
        pin1=_pin_state(app.pin1_state),
        pin1_retries=app.pin1_retries,
        puk1_retries=app.puk1_retries,
        source="uim",
    )


def sim_status_from_dms(answer: dms.UimGetPinStatus.Response) -> SimStatus:
    pin1 = answer.pin1_status
    state = _pin_state(pin1.current_status if pin1 is not None else None)
    app = AppState.PIN_REQUIRED if state is PinState.ENABLED_NOT_VERIFIED else AppState.UNKNOWN
    return SimStatus(
        card=CardState.PRESENT,
        app=app,
        pin1=state,
        pin1_retries=pin1.verify_retries_left if pin1 is not None else None,
        puk1_retries=pin1.unblock_retries_left if pin1 is not None else None,
        source="dms",
    )


SignalReport = nas.GetSignalInfo.Response | nas.SignalInfo.Indication


def signal_from(report: SignalReport | None) -> tuple[Signal, str | None]:
    """The signal of the best technology reported, and that technology."""
    if report is None:
        return Signal(), None
    nr5g = report.nr5g_signal_strength
    if nr5g is not None:
        return Signal(rsrp=nr5g.rsrp, rsrq=report.nr5g_rsrq, snr=nr5g.snr / 10), "5gnr"
    lte = report.lte_signal_strength
    if lte is not None:
        return Signal(rssi=lte.rssi, rsrp=lte.rsrp, rsrq=lte.rsrq, snr=lte.snr / 10), "lte"
    if report.wcdma_signal_strength is not None:
        return Signal(rssi=report.wcdma_signal_strength.rssi), "umts"
    if report.gsm_signal_strength is not None:
        return Signal(rssi=report.gsm_signal_strength), "gsm"
    return Signal(), None


Serving = nas.GetServingSystem.Response | nas.GetServingSystem.Indication


def registration_from(serving: Serving, signal: nas.GetSignalInfo.Response | None) -> Registration:
    system = serving.serving_system
    radios = [str(r) for r in system.radio_interfaces] if system is not None else []
    plmn = serving.current_plmn
    sig, sig_tech = signal_from(signal)
    technology = radios[-1] if radios else (sig_tech or "none")
    roaming = serving.roaming_indicator
    mcc = plmn.mcc if plmn is not None else None
    mnc = plmn.mnc if plmn is not None else None
    state = str(system.registration_state) if system is not None else ""
    return Registration(
        state=_REG_STATES.get(state, RegState.UNKNOWN),
        roaming=roaming is not None and str(roaming) == "on",
        ps_attached=None if system is None else str(system.ps_attach_state) == "attached",
        technology=technology,
        mcc="" if mcc in (None, 0) else f"{mcc:03d}",
        mnc="" if mnc is None or mcc in (None, 0) else f"{mnc:02d}",
        operator=str(plmn.description or "") if plmn is not None else "",
        signal=sig,
    )


def _prefix_from_mask(mask: str | None) -> int:
    if not mask:
        return 32
    try:
        return ipaddress.IPv4Network(f"0.0.0.0/{mask}").prefixlen
    except ValueError:  # a mask that is no prefix (0.0.0.2): the address alone, as with none
        return 32


def settings_from(answer: wds.GetCurrentSettings.Response, family: int) -> CallSettings | None:
    mtu = answer.mtu or None
    if family == 4:
        if not answer.ipv4_address:
            return None
        dns = tuple(d for d in (answer.primary_ipv4_dns, answer.secondary_ipv4_dns) if d)
        prefix = _prefix_from_mask(answer.ipv4_subnet_mask)
        return CallSettings(4, answer.ipv4_address, prefix, answer.ipv4_gateway, dns, mtu)
    addr6 = answer.ipv6_address
    if addr6 is None or not addr6.address:
        return None
    gateway = answer.ipv6_gateway.address if answer.ipv6_gateway is not None else None
    dns6 = tuple(d for d in (answer.primary_ipv6_dns, answer.secondary_ipv6_dns) if d)
    return CallSettings(6, addr6.address, addr6.prefix_length, gateway, dns6, mtu)


def call_end(answer: wds.StartNetwork.Response | wds.GetPacketServiceStatus.Indication) -> CallEnd:
    """The modem's reasons for a failed or ended call, as ``qmi.callend`` facts."""
    return callend.from_message(answer.message) if answer.message is not None else CallEnd()


# ---- indications -> events ------------------------------------------------------------


def serving_system(ind: nas.GetServingSystem.Indication) -> Event:
    return ServingSystem(registration_from(ind, None))


def signal_info(ind: nas.SignalInfo.Indication) -> Event:
    return SignalInfo(signal_from(ind)[0])


def packet_status(ind: wds.GetPacketServiceStatus.Indication) -> Event:
    status = ind.connection_status
    down = status is not None and str(status.status) == "disconnected"
    frame_cid = ind.message.frame.client_id if ind.message is not None else BROADCAST_CID
    cid = None if frame_cid == BROADCAST_CID else frame_cid
    return PacketStatus(cid, not down, call_end(ind))


def card_status(ind: uim.CardStatus.Indication) -> Event:
    return CardStatus(sim_status_from_card(ind.card_status))


# Each indication the machine hears, and the event it becomes.
INDICATIONS: tuple[tuple[Any, Callable[[Any], Event]], ...] = (
    (nas.GetServingSystem.Indication, serving_system),
    (nas.SignalInfo.Indication, signal_info),
    (wds.GetPacketServiceStatus.Indication, packet_status),
    (uim.CardStatus.Indication, card_status),
)
