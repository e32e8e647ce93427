"""The client-id half of ``QmiClient``: allocate, adopt, release (a mixin of the client).

Client ids are the client's session state: ``allocate()`` asks CTL for one and keeps it,
``adopt()`` takes one remembered from an earlier run, ``release()`` / ``release_all()``
give them back.  The bookkeeping itself is ``cids.ClientIds``; this adds the CTL
requests, the counters and the log lines.
"""

from __future__ import annotations

import logging
from typing import TypeVar

from pyqmi.qmi.frame import CTL_SERVICE
from pyqmi.qmi.services import Service, service_by_name, service_name
from pyqmi.qmi.typed import ctl
from pyqmi.qmi.typed.messages import Request, Response
from pyqmi.transport.cids import ClientIds
from pyqmi.transport.errors import TransportError
from pyqmi.transport.stats import TransportStats

log = logging.getLogger("pyqmi.transport.client")

RELEASE_TIMEOUT = 2.0  # seconds each release_cid of release_all() waits

ServiceRef = Service | int | str
R = TypeVar("R", bound=Response)


def service_number(service: ServiceRef) -> int:
    """A service given as Service, number or name ("wds") as its number."""
    if isinstance(service, str):
        return int(service_by_name(service))
    return int(service)


class ClientIdOps:
    """Mixed into ``QmiClient``, which provides the fields below and ``_ctl``."""

    name: str
    stats: TransportStats
    _cids: ClientIds

    async def _ctl(self, request: Request[R], timeout: float | None) -> R:
        raise NotImplementedError  # QmiClient sends it

    @property
    def cids(self) -> dict[int, int]:
        """The default client id of each service we hold one for (a copy)."""
        return self._cids.defaults()

    @property
    def all_cids(self) -> list[tuple[int, int]]:
        """Every (service, client id) we hold, extra ones included."""
        return self._cids.every()

    async def allocate(
        self, service: ServiceRef, *, new: bool = False, timeout: float | None = None
    ) -> int:
        """The client id for ``service``: the one we hold, or a fresh one from CTL.

        ``new=True`` always allocates another (e.g. a second WDS client for IPv6); the
        first stays the default for ``request()``.
        """
        number = service_number(service)
        if number == CTL_SERVICE:
            raise ValueError("CTL has no client ids")
        held = self._cids.of(number)
        if held and not new:
            return held[0]
        answer = await self._ctl(ctl.AllocateCid.Request(service=number), timeout)
        allocation = answer.allocation
        if allocation is None or allocation.service != number:
            raise TransportError(
                f"CTL allocate_cid for {service_name(number)} answered {answer.message!r}"
            )
        cid = allocation.cid
        self._cids.hold(number, cid)
        self.stats.cids_allocated += 1
        log.info("%s: allocated %s cid %d", self.name, service_name(number), cid)
        return cid

    def adopt(self, service: ServiceRef, cid: int) -> None:
        """Hold ``cid`` of ``service`` as ours (remembered from an earlier run)."""
        number = service_number(service)
        if self._cids.hold(number, cid):
            log.info("%s: adopted %s cid %d", self.name, service_name(number), cid)

    async def release(
        self, service: ServiceRef, cid: int | None = None, *, timeout: float | None = None
    ) -> None:
        """Give back ``cid`` (default: every cid we hold) of ``service``.

        The cid is forgotten even when the modem refuses or the device is gone; the
        error is still raised.
        """
        number = service_number(service)
        for one in self._cids.of(number) if cid is None else [cid]:
            self._cids.forget(number, one)
            release = ctl.Allocation(service=number, cid=one)
            await self._ctl(ctl.ReleaseCid.Request(release=release), timeout)
            self.stats.cids_released += 1
            log.info("%s: released %s cid %d", self.name, service_name(number), one)

    async def release_all(self, *, timeout: float = RELEASE_TIMEOUT) -> int:
        """Best effort: release every cid we hold, each bounded; returns how many went."""
        released = 0
        for service, cid in self.all_cids:
            try:
                await self.release(service, cid, timeout=timeout)
                released += 1
            except Exception as exc:
                log.warning(
                    "%s: release of %s cid %d failed: %s",
                    self.name,
                    service_name(service),
                    cid,
                    exc,
                )
        return released

    def _forget_all_cids(self, why: str) -> None:
        if self._cids:
            log.info("%s: %s dropped client ids %s", self.name, why, self.all_cids)
        self._cids.clear()
