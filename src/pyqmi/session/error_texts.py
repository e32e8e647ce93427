"""One readable line per error code, for people: LuCI's interface page and the CLI.

netifd shows an interface's error as its bare code (``ubus call network.interface.X status``:
``errors``); LuCI turns a code into words only when the protocol registered it
(``network.registerErrorCode``), else it says "Unknown error". ``TEXTS`` words every code the
daemon can report: the link machine's ``ErrorCode`` and the configuration loader's
``config.errors.ERROR_CODES``. The daemon's own message (in the log and in
``pyqmi.<iface> status``) says more; these lines name the problem and the setting to look at.

``lucigen`` writes this table into the LuCI data module, and a test fails when a code has no
text or a text names no code. Nothing on the daemon's import path imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from pyqmi.config.errors import ERROR_CODES
from pyqmi.session.errors import ErrorCode

# Keys are the codes' strings (ErrorCode is a StrEnum, so TEXTS[ErrorCode.X] works too).
TEXTS: Mapping[str, str] = MappingProxyType(
    {
        "CONFIG_INVALID": "The interface configuration cannot be read",
        "INVALID_OPTION": "An option of the interface has an invalid value",
        "PIN_INVALID": "The SIM PIN must be 4 to 8 digits",
        "NO_DEVICE": "Modem control device not found",
        "DEVICE_NOT_READY": "The modem does not answer QMI",
        "DEVICE_GONE": "The modem disappeared from the bus (check its power)",
        "PROXY_FAILED": "qmi-proxy is missing or failed",
        "DATA_FORMAT_FAILED": "Modem and kernel cannot agree on raw-IP or 802.3",
        "SIM_MISSING": "No SIM card",
        "SIM_NOT_INITIALIZED": "The SIM card is not ready",
        "PIN_REQUIRED": "The SIM needs a PIN: set the PIN",
        "PIN_FAILED": "The SIM rejected the PIN",
        "PIN_TRIES_BELOW_LIMIT": "Too few PIN tries left to risk another attempt",
        "PUK_NEEDED": "The SIM is blocked: the PUK is needed",
        "MODE_FAILED": "The modem refused the network modes",
        "PLMN_FAILED": "Setting the PLMN (network) failed",
        "NETWORK_REGISTRATION_FAILED": "Not registered to the network in time",
        "NETWORK_DENIED": "The network denied the registration",
        "UNKNOWN_APN": "The network does not know the APN",
        "AUTH_FAILED": "The network rejected the username, password or authentication",
        "PDP_TYPE_REJECTED": "The network rejected the PDP type (IPv4/IPv6)",
        "NOT_SUBSCRIBED": "The SIM's subscription does not allow this connection",
        "CALL_FAILED": "Call failed",
        "CALL_DROPPED": "The data call dropped; redialling",
        "NO_CID": "Unable to obtain a QMI client ID",
        "DATA_STALLED": "The link stopped passing data; recovering",
        "REGISTRATION_LOST": "The modem lost the network registration",
        "ROAMING_DENIED": "Roaming is not allowed (option roaming)",
    }
)

ALL_CODES: tuple[str, ...] = tuple(dict.fromkeys((*ERROR_CODES, *(str(c) for c in ErrorCode))))


def text(code: str) -> str:
    """The line for ``code``; the code itself when it has none."""
    return TEXTS.get(code, code)
