"""Client IDs survive a crash: a small state file under /var/run.

After a SIGKILL the modem still holds our client IDs; modems have few of them
(some run out after a dozen).  Each start reads the file, releases exactly those
IDs, and rewrites it as IDs are allocated.  Releasing only our own IDs, rather
than a blanket CTL Sync, leaves every other QMI user on the device alone.
"""

from __future__ import annotations

import json
import logging
import os

log = logging.getLogger("pyqmi.cids")

DEFAULT_STATE_DIR = "/var/run/pyqmi"


class CidStore:
    def __init__(self, state_dir: str | os.PathLike[str], interface: str) -> None:
        self.path = os.path.join(state_dir, f"{interface}.cids.json")

    def load(self, device: str) -> list[tuple[int, int]]:
        """IDs a previous run left allocated on ``device``."""
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable client-ID state %s: %s", self.path, exc)
            return []
        if not isinstance(data, dict) or data.get("device") != device:
            return []
        pairs = data.get("cids")
        if not isinstance(pairs, list):
            return []
        out: list[tuple[int, int]] = []
        for pair in pairs:
            if (
                isinstance(pair, list)
                and len(pair) == 2
                and all(isinstance(x, int) and 0 <= x <= 0xFFFF for x in pair)
            ):
                out.append((pair[0], pair[1]))
        return out

    def save(self, device: str, cids: list[tuple[int, int]]) -> None:
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            tmp = self.path.removesuffix(".json") + ".tmp"
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump({"device": device, "cids": [list(p) for p in cids]}, handle)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cannot write client-ID state %s: %s", self.path, exc)

    def clear(self) -> None:
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("cannot remove client-ID state %s: %s", self.path, exc)
