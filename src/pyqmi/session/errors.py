"""The errors a user sees, by name.

The names of qmi.sh (``NO_DEVICE``, ``SIM_NOT_INITIALIZED``, ``PIN_FAILED``,
``PUK_NEEDED``, ``NETWORK_REGISTRATION_FAILED``, ``CALL_FAILED``, ``NO_CID``,
``PLMN_FAILED``) are kept because users and LuCI know them; the others say more
precisely what to change.
"""

from __future__ import annotations

import enum


class ErrorCode(enum.StrEnum):
    # From qmi.sh
    NO_DEVICE = "NO_DEVICE"
    SIM_NOT_INITIALIZED = "SIM_NOT_INITIALIZED"
    PIN_FAILED = "PIN_FAILED"
    PUK_NEEDED = "PUK_NEEDED"
    NETWORK_REGISTRATION_FAILED = "NETWORK_REGISTRATION_FAILED"
    CALL_FAILED = "CALL_FAILED"
    NO_CID = "NO_CID"
    PLMN_FAILED = "PLMN_FAILED"
    # pyqmi's own
    INVALID_OPTION = "INVALID_OPTION"
    SIM_MISSING = "SIM_MISSING"
    PIN_REQUIRED = "PIN_REQUIRED"
    PIN_TRIES_BELOW_LIMIT = "PIN_TRIES_BELOW_LIMIT"
    DEVICE_NOT_READY = "DEVICE_NOT_READY"
    DEVICE_GONE = "DEVICE_GONE"
    PROXY_FAILED = "PROXY_FAILED"
    DATA_FORMAT_FAILED = "DATA_FORMAT_FAILED"
    MODE_FAILED = "MODE_FAILED"
    NETWORK_DENIED = "NETWORK_DENIED"
    UNKNOWN_APN = "UNKNOWN_APN"
    AUTH_FAILED = "AUTH_FAILED"
    PDP_TYPE_REJECTED = "PDP_TYPE_REJECTED"
    NOT_SUBSCRIBED = "NOT_SUBSCRIBED"
    CALL_DROPPED = "CALL_DROPPED"
    DATA_STALLED = "DATA_STALLED"
    REGISTRATION_LOST = "REGISTRATION_LOST"
    ROAMING_DENIED = "ROAMING_DENIED"


class LinkError(Exception):
    """A failure to report to netifd.

    ``permanent`` means no retry can fix it (the user must change something);
    the daemon then blocks netifd's automatic restart.
    """

    def __init__(self, code: ErrorCode, message: str, *, permanent: bool = False) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.permanent = permanent
