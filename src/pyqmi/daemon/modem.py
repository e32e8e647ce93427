"""The QMI requests of each modem operation the link machine asks for, and the typed answer.

Theory of operation
-------------------
``perform(client, op)`` looks up ``op``'s function in ``OPERATIONS`` and returns the event the
machine gets back.  Each function sends the few requests its operation needs and turns the
answers into typed facts (``decode.py``); none of them decides anything.  What is inside one
operation is mechanism, not policy: reading the identity skips a refused field, reading the
SIM falls back to DMS on firmware without UIM, subscribing to indications is best effort.
Refusals the policy judges are raised (``QmiProtocolError``) and the runner turns them into
``OpFailed`` at its one boundary, with the transport's own failures.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pyqmi.daemon import decode, pin_verify
from pyqmi.daemon.pin_marker import PinMarkers
from pyqmi.qmi.catalog.wds import requested_settings
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import dms, nas, uim, wda, wds
from pyqmi.qmi.typed.messages import Request, Response
from pyqmi.session import link_actions as a
from pyqmi.session import link_events as e
from pyqmi.session.facts import Identity
from pyqmi.session.fallback import PLACEHOLDER_PASSWORD, PLACEHOLDER_USERNAME, CallAttempt
from pyqmi.transport import NoClientId, QmiClient

log = logging.getLogger("pyqmi.modem")
R = TypeVar("R", bound=Response)

# Errors that mean "this firmware has no such service or message".
UNSUPPORTED = frozenset({"INVALID_QMI_COMMAND", "NOT_SUPPORTED", "INVALID_SERVICE_TYPE"})

# Signal reports cross these levels (dBm); steps of 10 dB keep indications rare.
RSSI_THRESHOLDS = (-105, -95, -85, -75, -65)
RSRP_THRESHOLDS = (-125, -115, -105, -95, -85)
SETTINGS = requested_settings("dns_address", "ip_address", "gateway_info", "mtu", "ip_family")


async def allocate(client: QmiClient, op: a.AllocateClient) -> e.Event:
    return e.ClientAllocated(op.service, await client.allocate(Service[op.service.upper()]))


async def _field(client: QmiClient, request: Request[R], pick: Callable[[R], object]) -> str | None:
    """One identity field; None when the modem refuses it (it is skipped)."""
    try:
        answer = await client.request(request)
    except QmiProtocolError:
        return None
    value = pick(answer)
    return "" if value is None else str(value)


async def read_identity(client: QmiClient, op: a.ReadIdentity) -> e.Event:
    return e.IdentityRead(
        Identity(
            manufacturer=await _field(
                client, dms.GetManufacturer.Request(), lambda r: r.manufacturer
            ),
            model=await _field(client, dms.GetModel.Request(), lambda r: r.model),
            revision=await _field(client, dms.GetRevision.Request(), lambda r: r.revision),
        )
    )


async def read_data_format(client: QmiClient, op: a.ReadDataFormat) -> e.Event:
    answer = await client.request(wda.GetDataFormat.Request())
    return e.DataFormatRead(str(answer.link_layer_protocol))


async def set_data_format(client: QmiClient, op: a.SetDataFormat) -> e.Event:
    protocol = wda.LinkLayerProtocol.named(op.protocol)
    answer = await client.request(wda.SetDataFormat.Request(link_layer_protocol=protocol))
    got = answer.link_layer_protocol
    return e.DataFormatSet(op.protocol if got is None else str(got))


async def read_sim(client: QmiClient, op: a.ReadSim) -> e.Event:
    """UIM card status, or DMS PIN status on firmware without UIM."""
    try:
        await client.allocate(Service.UIM)
        card = await client.request(uim.GetCardStatus.Request())
        return e.SimRead(decode.sim_status_from_card(card.card_status))
    except (QmiProtocolError, NoClientId) as exc:
        if isinstance(exc, QmiProtocolError) and exc.name not in UNSUPPORTED:
            raise
        log.info("UIM service unavailable (%s); reading the PIN status over DMS", exc)
    pin = await client.request(dms.UimGetPinStatus.Request())
    return e.SimRead(decode.sim_status_from_dms(pin))


async def read_operating_mode(client: QmiClient, op: a.ReadOperatingMode) -> e.Event:
    answer = await client.request(dms.GetOperatingMode.Request())
    return e.ModeRead(str(answer.mode))


async def set_online(client: QmiClient, op: a.SetOnline) -> e.Event:
    await client.request(dms.SetOperatingMode.Request(mode=dms.OperatingMode.online))
    return e.OpDone(op)


async def subscribe_nas(client: QmiClient, op: a.SubscribeNas) -> e.Event:
    """Serving-system and signal indications, so nothing needs polling.  Best effort."""
    try:
        events = nas.RegisterIndications.Request(serving_system_events=True, signal_info=True)
        await client.request(events)
        levels = nas.ConfigSignalInfo.Request(
            rssi_threshold=RSSI_THRESHOLDS, rsrp_threshold=RSRP_THRESHOLDS
        )
        await client.request(levels)
    except QmiProtocolError as exc:
        log.info("modem does not report signal changes (%s); signal is read on changes", exc.name)
    return e.OpDone(op)


def mode_preference(modes: tuple[str, ...]) -> nas.RatModePreference:
    """The NAS RAT bits for option modes ("all": every technology)."""
    bits = nas.RatModePreference
    table = {
        "gsm": bits.gsm,
        "umts": bits.umts,
        "lte": bits.lte,
        "cdma": bits.cdma_1x | bits.cdma_1xevdo,
        "td-scdma": bits.td_scdma,
        "5gnr": bits._5gnr,
    }
    mask = bits(0)
    for mode in table if "all" in modes else modes:
        mask |= table[mode]
    return mask


def plmn_preference(plmn: str) -> nas.SetSystemSelectionPreference.Request:
    if plmn == "0":
        automatic = nas.NetworkSelectionPreference(
            mode=nas.NetworkSelection.automatic, mcc=0, mnc=0
        )
        return nas.SetSystemSelectionPreference.Request(network_selection_preference=automatic)
    manual = nas.NetworkSelectionPreference(
        mode=nas.NetworkSelection.manual, mcc=int(plmn[:3]), mnc=int(plmn[3:])
    )
    return nas.SetSystemSelectionPreference.Request(
        network_selection_preference=manual, mnc_pcs_digit_include_status=len(plmn) == 6
    )


async def set_modes(client: QmiClient, op: a.SetModes) -> e.Event:
    preference = mode_preference(op.modes)
    await client.request(nas.SetSystemSelectionPreference.Request(mode_preference=preference))
    return e.OpDone(op)


async def set_plmn(client: QmiClient, op: a.SetPlmn) -> e.Event:
    await client.request(plmn_preference(op.plmn))
    return e.OpDone(op)


async def read_registration(client: QmiClient, op: a.ReadRegistration) -> e.Event:
    serving = await client.request(nas.GetServingSystem.Request())
    try:
        signal: nas.GetSignalInfo.Response | None = await client.request(
            nas.GetSignalInfo.Request()
        )
    except QmiProtocolError:
        signal = None
    return e.RegistrationRead(decode.registration_from(serving, signal))


def _family(family: int) -> wds.IpFamily:
    return wds.IpFamily.ipv4 if family == 4 else wds.IpFamily.ipv6


async def open_wds(client: QmiClient, op: a.OpenWds) -> e.Event:
    cid = await client.allocate(Service.WDS, new=op.new)
    try:
        await client.request(wds.SetIpFamily.Request(preference=_family(op.family)), cid=cid)
    except QmiProtocolError as exc:
        log.debug("set_ip_family IPv%d: %s (the start request carries it too)", op.family, exc)
    return e.WdsReady(op.family, cid)


def start_request(op: a.StartCall) -> wds.StartNetwork.Request:
    """The start_network request for one attempt (secrets only ever go into the frame)."""
    attempt: CallAttempt = op.attempt
    username = password = None
    if attempt.auth != "none":
        username, password = op.username, op.password
        if attempt.placeholder_credentials:
            username, password = PLACEHOLDER_USERNAME, PLACEHOLDER_PASSWORD
    return wds.StartNetwork.Request(
        ip_family_preference=_family(attempt.family),
        apn=op.apn or None,
        profile_index_3gpp=op.profile,
        authentication_preference=wds.Authentication.named(str(attempt.auth)),
        username=username or None,
        password=password or None,
        enable_autoconnect=True if op.autoconnect else None,
    )


async def start_call(client: QmiClient, op: a.StartCall) -> e.Event:
    """Start one data call: its handle, or the modem's reasons for refusing it."""
    family = op.attempt.family
    answer = await client.request(start_request(op), cid=op.cid, check=False)
    result = answer.result
    ok = result is not None and (result.ok or result.error_name == "NO_EFFECT")
    if ok and answer.packet_data_handle is not None:
        return e.CallStarted(family, answer.packet_data_handle, at=time.time())
    return e.CallFailed(family, decode.call_end(answer), at=time.time())


async def read_settings(client: QmiClient, op: a.ReadSettings) -> e.Event:
    request = wds.GetCurrentSettings.Request(requested_settings=SETTINGS)
    answer = await client.request(request, cid=op.cid)
    return e.SettingsRead(op.family, decode.settings_from(answer, op.family))


async def stop_call(client: QmiClient, op: a.StopCall) -> e.Event:
    request = wds.StopNetwork.Request(packet_data_handle=op.handle, disable_autoconnect=True)
    await client.request(request, cid=op.cid, timeout=op.timeout)
    return e.OpDone(op)


CARD_STATUS_EVENTS = 1 << 0  # UIM Register Events: card status indications


async def watch_sim(client: QmiClient, op: a.WatchSim) -> e.Event:
    """Card status indications on (after link-up: the connect sends no extra request)."""
    await client.request(uim.RegisterEvents.Request(event_mask=CARD_STATUS_EVENTS))
    return e.OpDone(op)


async def reregister(client: QmiClient, op: a.Reregister) -> e.Event:
    """The radio to low power and back online: the modem registers afresh."""
    await client.request(dms.SetOperatingMode.Request(mode=dms.OperatingMode.low_power))
    await client.request(dms.SetOperatingMode.Request(mode=dms.OperatingMode.online))
    return e.OpDone(op)


async def reset_modem(client: QmiClient, op: a.ResetModem) -> e.Event:
    await client.request(dms.SetOperatingMode.Request(mode=dms.OperatingMode.reset))
    return e.OpDone(op)


Perform = Callable[[QmiClient, Any], Awaitable[e.Event]]
OPERATIONS: dict[type[a.Operation], Perform] = {
    a.AllocateClient: allocate,
    a.ReadIdentity: read_identity,
    a.ReadDataFormat: read_data_format,
    a.SetDataFormat: set_data_format,
    a.ReadSim: read_sim,
    a.ReadOperatingMode: read_operating_mode,
    a.SetOnline: set_online,
    a.SubscribeNas: subscribe_nas,
    a.SetModes: set_modes,
    a.SetPlmn: set_plmn,
    a.ReadRegistration: read_registration,
    a.OpenWds: open_wds,
    a.StartCall: start_call,
    a.ReadSettings: read_settings,
    a.StopCall: stop_call,
    a.WatchSim: watch_sim,
    a.Reregister: reregister,
    a.ResetModem: reset_modem,
}


async def perform(client: QmiClient, op: a.Operation, markers: PinMarkers) -> e.Event:
    """``op``'s requests and answer; the PIN goes through its guard (``pin_verify.py``)."""
    if isinstance(op, a.VerifyPin):
        return await pin_verify.verify_pin(client, op, markers)
    return await OPERATIONS[type(op)](client, op)
