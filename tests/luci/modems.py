"""Three canned modems for the browser test, their status replies built by the daemon's own
builder (``daemon.report.status``) so they have the shape a daemon sends, plus the ``cell``
key the daemon adds once it has read the cells: the simulator's 5G NSA answer to NAS Get Cell
Location Info as the daemon's ``cellinfo.cell_facts`` reads it.

- ``wwan``: connected, LTE with an NR leg (5G NSA), after one refused dual-stack attempt;
- ``lte2``: searching for a network, weak signal, its last attempt timed out;
- ``lte3``: PIN-locked SIM without ``pincode``: the daemon stopped with PIN_REQUIRED.

``interfaces()`` is what ``ubus call network.interface dump`` says of them (and of a LAN
interface the Cellular page must leave out).
"""

from __future__ import annotations

from typing import Any

from pyqmi.config import validate
from pyqmi.daemon.cellinfo import cell_facts
from pyqmi.daemon.report import AttemptRecord, Facts, status
from pyqmi.qmi.typed import nas
from pyqmi.session.facts import CallSettings
from pyqmi.session.registration import Registration, RegState, Signal
from pyqmi.session.sim_policy import AppState, CardState, PinState, SimStatus
from sim.simdriver import Driver  # tests/sim: the simulator driven in-process

T0 = 1_764_590_000  # 2025-12-01, a fixed clock for the attempt times


def nsa_cells() -> dict[str, Any]:
    """The ``cell`` facts of a 5G NSA modem: the simulator's answer to NAS Get Cell Location
    Info, read by the daemon's own ``cell_facts``."""
    driver = Driver(technology="5gnr", capabilities=("lte", "5gnr"))
    message = driver.ok("nas", "get_cell_location_info", cid=driver.cid("nas"))
    return cell_facts(nas.GetCellLocationInfo.Response.from_message(message))


def connected() -> dict[str, Any]:
    config = validate(
        {"device": "/dev/cdc-wdm0", "apn": "three.co.uk", "pdptype": "IPV4V6"},
        check_device=False,
    ).config
    facts = Facts(device="/dev/cdc-wdm0", state="connected", data_format="raw-ip")
    facts.identity = {"manufacturer": "Quectel", "model": "RM520N-GL", "revision": "RM520NGLAAR03"}
    facts.sim = SimStatus(CardState.PRESENT, AppState.READY, PinState.DISABLED, 3, 10)
    facts.registration = Registration(
        state=RegState.REGISTERED, technology="lte", mcc="234", mnc="20",
        operator="3 UK", signal=Signal(rssi=-68, rsrp=-95, rsrq=-9, snr=13.5),
    )  # fmt: skip
    facts.settings = {4: CallSettings(4, "10.64.12.7", 30, "10.64.12.8", ("10.74.210.210",))}
    facts.attempts = [
        AttemptRecord(4, "none", "pdp_type_rejected", "unknown-pdp (3GPP 28)", at=T0),
        AttemptRecord(4, "none", "connected", "", at=T0 + 2),
    ]
    facts.notes = ["the network refused IPV4V6; connected as IP (set pdptype IP)"]
    reply = status("wwan", config, facts)
    reply["cell"] = {**nsa_cells(), "age": 3.0, "reading": False}  # as daemon/ondemand.py adds it
    return reply


def searching() -> dict[str, Any]:
    config = validate({"device": "/dev/cdc-wdm1", "apn": "internet"}, check_device=False).config
    facts = Facts(device="/dev/cdc-wdm1", state="registering")
    facts.identity = {"manufacturer": "Sierra Wireless", "model": "MC7455"}
    facts.sim = SimStatus(CardState.PRESENT, AppState.READY, PinState.ENABLED_VERIFIED, 3, 10)
    facts.registration = Registration(
        state=RegState.SEARCHING, technology="lte", signal=Signal(rssi=-109)
    )
    facts.last_error = {
        "code": "NETWORK_REGISTRATION_FAILED",
        "message": "not registered after 10 s (last seen: searching on no operator, "
        "technology lte): no usable cell found: check the antennas, the bands (option modes)",
    }
    return status("lte2", config, facts)


def pin_locked() -> dict[str, Any]:
    config = validate({"device": "/dev/cdc-wdm2"}, check_device=False).config
    facts = Facts(device="/dev/cdc-wdm2", state="failed")
    facts.identity = {"manufacturer": "ZTE", "model": "MF821"}
    facts.sim = SimStatus(
        CardState.PRESENT, AppState.PIN_REQUIRED, PinState.ENABLED_NOT_VERIFIED, 3, 10
    )
    facts.last_error = {
        "code": "PIN_REQUIRED",
        "message": "the SIM asks for its PIN and option pincode is not set",
    }
    return status("lte3", config, facts)


MODEMS = {"wwan": connected, "lte2": searching, "lte3": pin_locked}


def interfaces() -> dict[str, Any]:
    """``network.interface dump``, as netifd says it of the three and of the LAN."""
    return {
        "interface": [
            {"interface": "lan", "proto": "static", "up": True, "pending": False},
            {"interface": "wwan", "proto": "pyqmi", "up": True, "pending": False},
            {"interface": "lte2", "proto": "pyqmi", "up": False, "pending": True},
            {"interface": "lte3", "proto": "pyqmi", "up": False, "pending": False,
             "errors": [{"subsystem": "pyqmi", "code": "PIN_REQUIRED"}]},
        ]
    }  # fmt: skip
