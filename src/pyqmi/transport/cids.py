"""The client ids one client holds, per service (pure bookkeeping, no I/O).

The first id held for a service is its default for requests; more can be held
(e.g. a second WDS client for IPv6).  Ids come from CTL allocate_cid or are
adopted from an earlier run so that they can be released after a crash.
"""

from __future__ import annotations

from pyqmi.qmi.frame import CTL_SERVICE
from pyqmi.qmi.services import service_name
from pyqmi.transport.errors import NoClientId

MAX_CID = 0xFE  # 0xFF is the broadcast address of indications


class ClientIds:
    def __init__(self) -> None:
        self._held: dict[int, list[int]] = {}

    def hold(self, service: int, cid: int) -> bool:
        """Hold ``cid``; False when it was already held."""
        if service == CTL_SERVICE or not 0 <= cid <= MAX_CID:
            raise ValueError(f"{service_name(service)} cannot hold client id {cid}")
        ids = self._held.setdefault(service, [])
        if cid in ids:
            return False
        ids.append(cid)
        return True

    def forget(self, service: int, cid: int) -> None:
        ids = self._held.get(service, [])
        if cid in ids:
            ids.remove(cid)
        if not ids:
            self._held.pop(service, None)

    def clear(self) -> None:
        self._held.clear()

    def of(self, service: int) -> list[int]:
        return list(self._held.get(service, []))

    def resolve(self, service: int, cid: int | None) -> int:
        """The id a request of ``service`` uses: ``cid`` if held, else the default."""
        ids = self._held.get(service, [])
        if cid is None and ids:
            return ids[0]
        if cid is not None and cid in ids:
            return cid
        raise NoClientId(service_name(service))

    def defaults(self) -> dict[int, int]:
        return {service: ids[0] for service, ids in self._held.items() if ids}

    def every(self) -> list[tuple[int, int]]:
        return [(service, cid) for service, ids in self._held.items() for cid in ids]

    def __bool__(self) -> bool:
        return bool(self._held)
