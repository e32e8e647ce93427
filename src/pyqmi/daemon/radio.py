"""Radio preferences before registration: allowed technologies and the PLMN.

qmi.sh sets these after registering, which makes the modem register twice; we
set them first so the first registration already uses them.
"""

from __future__ import annotations

import logging
from typing import Any

from pyqmi.config.validate import Config
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.transport import QmiClient

log = logging.getLogger("pyqmi.radio")

# option modes -> NAS RAT mode preference flags
MODE_FLAGS: dict[str, tuple[str, ...]] = {
    "gsm": ("gsm",),
    "umts": ("umts",),
    "lte": ("lte",),
    "cdma": ("cdma_1x", "cdma_1xevdo"),
    "td-scdma": ("td_scdma",),
    "5gnr": ("5gnr",),
}
ALL_FLAGS = tuple(flag for flags in MODE_FLAGS.values() for flag in flags)


def mode_preference(modes: tuple[str, ...]) -> list[str] | None:
    """The flags for option modes, or None to leave the modem's setting alone."""
    if not modes:
        return None
    if "all" in modes:
        return list(ALL_FLAGS)
    out: list[str] = []
    for mode in modes:
        out.extend(MODE_FLAGS[mode])
    return out


def plmn_preference(plmn: str) -> dict[str, Any] | None:
    if not plmn:
        return None
    if plmn == "0":
        return {"network_selection_preference": {"mode": "automatic", "mcc": 0, "mnc": 0}}
    mcc, mnc = int(plmn[:3]), int(plmn[3:])
    return {
        "network_selection_preference": {"mode": "manual", "mcc": mcc, "mnc": mnc},
        "mnc_pcs_digit_include_status": len(plmn) == 6,
    }


# Signal reports cross these levels (dBm); steps of 10 dB keep indications rare.
RSSI_THRESHOLDS = [-105, -95, -85, -75, -65]
RSRP_THRESHOLDS = [-125, -115, -105, -95, -85]


async def subscribe_indications(client: QmiClient) -> None:
    """Serving-system and signal indications, so nothing needs polling.  Best effort."""
    try:
        await client.request(
            "nas", "register_indications", {"serving_system_events": True, "signal_info": True}
        )
        await client.request(
            "nas",
            "config_signal_info",
            {"rssi_threshold": RSSI_THRESHOLDS, "rsrp_threshold": RSRP_THRESHOLDS},
        )
    except QmiProtocolError as exc:
        log.info("modem does not report signal changes (%s); signal is read on changes", exc.name)


async def apply_modes_and_plmn(client: QmiClient, config: Config) -> None:
    flags = mode_preference(config.modes)
    if flags is not None:
        try:
            await client.request(
                "nas", "set_system_selection_preference", {"mode_preference": flags}
            )
            log.info("allowed technologies: %s", ", ".join(config.modes))
        except QmiProtocolError as exc:
            raise LinkError(
                ErrorCode.MODE_FAILED,
                f"the modem refused option modes {','.join(config.modes)!r} ({exc.name}): "
                "choose technologies the modem supports, or remove option modes",
                permanent=True,
            ) from None
    plmn = plmn_preference(config.plmn)
    if plmn is not None:
        try:
            await client.request("nas", "set_system_selection_preference", plmn)
            log.info("network selection: %s", "automatic" if config.plmn == "0" else config.plmn)
        except QmiProtocolError as exc:
            raise LinkError(
                ErrorCode.PLMN_FAILED,
                f"the modem refused option plmn {config.plmn!r} ({exc.name}): set a valid "
                "MCC+MNC (5 or 6 digits) or 0 for automatic selection",
                permanent=True,
            ) from None
