"""Remembering a PIN the SIM refused, across daemon restarts and reboots.

Theory of operation
-------------------
The link machine never sends a refused PIN twice in one daemon's life (``phase_sim``).
These markers make that hold across daemon restarts and reboots with the same SIM: when the
SIM refuses option ``pincode``, a marker is written for that card, keyed by its ICCID, in a
directory that survives a reboot (``/etc/pyqmi`` on OpenWrt, whose /var and /tmp are tmpfs;
``pyqmi daemon --sim-state-dir DIR``). Before a PIN goes out (``pin_verify.py``) the marker
of the card is read:

* a marker for the same PIN: the PIN is not sent (``PinMarkers.refused`` returns why);
* a marker for another PIN (option ``pincode`` changed): the marker goes, the new PIN may
  be tried once, and is remembered in turn if the SIM refuses it too;
* an accepted PIN removes the card's marker.

A marker holds a random salt of its own and HMAC-SHA256(salt, PIN): a change of the PIN is
seen without the PIN being kept anywhere but in UCI. The file name carries a hash of the
ICCID, not the ICCID. A marker that cannot be read counts as a refusal of this PIN (the
safe side): the message names the file to delete. A marker that cannot be written is
logged; the rule still holds for this daemon's life.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os

log = logging.getLogger("pyqmi.sim_marker")

DEFAULT_DIR = "/etc/pyqmi"  # survives a reboot on OpenWrt (the overlay), unlike /var/run
UNKNOWN_ICCID = "unknown"  # a card whose ICCID could not be read still gets one marker
_SALT_BYTES = 16


def _digest(salt: bytes, pin: str) -> str:
    return hmac.new(salt, pin.encode("utf-8"), hashlib.sha256).hexdigest()


class PinMarkers:
    """The refused-PIN markers of one directory, one file per card."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def path(self, iccid: str) -> str:
        key = hashlib.sha256((iccid or UNKNOWN_ICCID).encode("ascii", "replace")).hexdigest()
        return os.path.join(self.directory, f"pin-refused-{key[:24]}.json")

    def refused(self, iccid: str, pin: str) -> str | None:
        """Why ``pin`` must not be sent to this card, or None.

        A marker for another PIN is removed here: option pincode changed since."""
        path = self.path(iccid)
        try:
            with open(path, encoding="utf-8") as f:
                marker = json.load(f)
            salt = bytes.fromhex(marker["salt"])
            known = str(marker["pin_hmac"])
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return (
                f"a marker of a refused PIN ({path}) cannot be read; remove that file once "
                "option pincode holds the right PIN"
            )
        if hmac.compare_digest(known, _digest(salt, pin)):
            return f"the SIM refused this pincode before (remembered in {path})"
        log.info("option pincode changed since the SIM refused a PIN: trying the new one once")
        self.forget(iccid)
        return None

    def remember(self, iccid: str, pin: str) -> None:
        """Mark ``pin`` as refused by this card (atomically, readable by root only)."""
        path = self.path(iccid)
        salt = os.urandom(_SALT_BYTES)
        body = json.dumps({"version": 1, "salt": salt.hex(), "pin_hmac": _digest(salt, pin)})
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(body + "\n")
            os.replace(tmp, path)
        except OSError as exc:
            log.warning(
                "cannot keep the refused-PIN marker in %s (%s): after a restart the PIN "
                "would be tried once more",
                self.directory,
                exc.strerror or exc,
            )
            return
        log.info("the refused PIN is remembered for this SIM in %s", path)

    def forget(self, iccid: str) -> None:
        try:
            os.remove(self.path(iccid))
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("cannot remove %s: %s", self.path(iccid), exc.strerror or exc)
