"""The serving cell and its neighbours: NAS Get Cell Location Info as plain facts, on demand.

Theory of operation
-------------------
``cell_facts(response)`` turns the typed answer into the JSON-safe dict the status object's
``cell`` key carries (the keys are listed in ``netifd/status.py``); levels arrive in tenths
of a dB and leave in dB.  ``netifd_data(cell)`` is the flat part that goes into netifd's
``data`` (``cell_id``, ``cell_tac``, ``cell_earfcn``, ``cell_band``, ``cell_pci``, ...).

``CellReader`` reads the cells outside the link machine and outside the connect: the connect
path sends no request for them (issue 8: at most 20 requests to link-up), and nothing is
read on a timer while connected (issue 8: no idle wake-ups).  A read starts only when asked:

- once after each link-up (the runner calls ``request()`` when netifd took the update);
- when a status reader asks (``pyqmi cell``, the LuCI page's poll), at most once per
  ``min_interval`` seconds however often it asks; the reply it gets is what is known now,
  with ``age`` (seconds) and ``reading`` (a read is under way) so the asker can ask again.

Each read is one request, bounded by ``timeout``, on the daemon's own client (its NAS client
ID); a failure is logged at debug level and leaves the last facts in place.  When the facts
that netifd carries changed, ``on_change(data)`` is called, which the runner sends as a
``data`` merge (netifd keeps the other ``data`` keys).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from pyqmi.daemon import bands
from pyqmi.qmi.errors import QmiError
from pyqmi.qmi.typed import nas
from pyqmi.transport import QmiClient

log = logging.getLogger("pyqmi.daemon")

READ_TIMEOUT = 3.0  # seconds one read may take
MIN_INTERVAL = 5.0  # seconds between reads, however often status readers ask


def _db(tenths: int) -> float:
    return round(tenths / 10.0, 1)


def _lte(info: nas.IntrafrequencyLte) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    serving: dict[str, Any] = {
        "technology": "lte",
        "cell_id": info.global_cell_id,
        "tac": info.tracking_area_code,
        "earfcn": info.earfcn,
        "pci": info.serving_cell_id,
        "plmn": f"{info.plmn.mcc}{info.plmn.mnc}",
    }
    band = bands.lte_band(info.earfcn)
    if band:
        serving["band"] = band
    neighbours = []
    for cell in info.cells:
        levels = {"rsrp": _db(cell.rsrp), "rsrq": _db(cell.rsrq), "rssi": _db(cell.rssi)}
        if cell.physical_cell_id == info.serving_cell_id and "rsrp" not in serving:
            serving.update(levels)
            continue
        entry = {"technology": "lte", "earfcn": info.earfcn, "pci": cell.physical_cell_id}
        neighbours.append({**entry, **({"band": band} if band else {}), **levels})
    return serving, neighbours


def _lte_other(info: nas.InterfrequencyLte) -> list[dict[str, Any]]:
    found = []
    for freq in info.frequencies:
        band = bands.lte_band(freq.earfcn)
        for cell in freq.cells:
            entry: dict[str, Any] = {"technology": "lte", "earfcn": freq.earfcn}
            if band:
                entry["band"] = band
            entry.update(pci=cell.physical_cell_id, rsrp=_db(cell.rsrp), rsrq=_db(cell.rsrq))
            entry["rssi"] = _db(cell.rssi)
            found.append(entry)
    return found


def _nr(arfcn: int | None, info: nas.Nr5gCell | None) -> dict[str, Any]:
    out: dict[str, Any] = {"technology": "5gnr"}
    if arfcn is not None:
        out["nr_arfcn"] = arfcn
        band = bands.nr_band(arfcn)
        if band:
            out["band"] = band
    if info is not None:
        out.update(
            cell_id=info.global_cell_id,
            tac=info.tracking_area_code,
            pci=info.physical_cell_id,
            plmn=f"{info.plmn.mcc}{info.plmn.mnc}",
            rsrp=_db(info.rsrp),
            rsrq=_db(info.rsrq),
            snr=_db(info.snr),
        )
    return out


def cell_facts(answer: nas.GetCellLocationInfo.Response) -> dict[str, Any]:
    """The ``cell`` dict of the status object; ``{}`` when the modem named no cell."""
    neighbours: list[dict[str, Any]] = []
    serving: dict[str, Any] = {}
    if answer.intrafrequency_lte_info is not None:
        serving, neighbours = _lte(answer.intrafrequency_lte_info)
    if answer.interfrequency_lte_info is not None:
        neighbours.extend(_lte_other(answer.interfrequency_lte_info))
    nr = None
    if answer.nr5g_arfcn is not None or answer.nr5g_cell_information is not None:
        nr = _nr(answer.nr5g_arfcn, answer.nr5g_cell_information)
    if not serving and answer.umts_info is not None:
        umts = answer.umts_info
        cell_id = answer.umts_cell_id if answer.umts_cell_id is not None else umts.cell_id
        serving = {"technology": "umts", "cell_id": cell_id, "lac": umts.lac,
                   "uarfcn": umts.uarfcn, "psc": umts.primary_scrambling_code,
                   "plmn": f"{umts.plmn.mcc}{umts.plmn.mnc}"}  # fmt: skip
        band = bands.umts_band(umts.uarfcn)
        if band:
            serving["band"] = band
    if not serving and answer.geran_info is not None:
        gsm = answer.geran_info
        serving = {"technology": "gsm", "cell_id": gsm.cell_id, "lac": gsm.lac,
                   "arfcn": gsm.arfcn, "bsic": gsm.bsic,
                   "plmn": f"{gsm.plmn.mcc}{gsm.plmn.mnc}"}  # fmt: skip
        band = bands.gsm_band(gsm.arfcn)
        if band:
            serving["band"] = band
    out: dict[str, Any] = {}
    if not serving and nr is not None:  # 5G standalone: the NR cell serves
        serving, nr = nr, None
    if serving:
        out["serving"] = serving
    if nr is not None:
        out["nr"] = nr
    if out:
        out["neighbours"] = neighbours
    return out


# serving-cell key -> netifd data key
_DATA_KEYS = {"cell_id": "cell_id", "tac": "cell_tac", "lac": "cell_lac", "earfcn": "cell_earfcn",
              "uarfcn": "cell_uarfcn", "arfcn": "cell_arfcn", "band": "cell_band",
              "pci": "cell_pci"}  # fmt: skip


def netifd_data(cell: dict[str, Any]) -> dict[str, Any]:
    """The serving cell as flat ``data`` keys for netifd (and its NR cell, ``cell_nr_*``)."""
    data = {_DATA_KEYS[k]: v for k, v in cell.get("serving", {}).items() if k in _DATA_KEYS}
    nr = cell.get("nr") or {}
    for key in ("nr_arfcn", "band", "pci"):
        if key in nr:
            data["cell_nr_" + key.removeprefix("nr_")] = nr[key]
    return data


Spawn = Callable[[Coroutine[Any, Any, None]], object]


class CellReader:
    """The cell facts, read when asked, at most once per ``min_interval``."""

    def __init__(
        self,
        client: Callable[[], QmiClient | None],
        spawn: Spawn,
        clock: Callable[[], float],
        on_change: Callable[[dict[str, Any]], Awaitable[None]],
        *,
        timeout: float = READ_TIMEOUT,
        min_interval: float = MIN_INTERVAL,
    ) -> None:
        self._client = client
        self._spawn = spawn
        self._clock = clock
        self._on_change = on_change
        self.timeout = timeout
        self.min_interval = min_interval
        self.facts: dict[str, Any] = {}
        self.read_at: float | None = None  # when the last read finished (with or without facts)
        self.reads = 0  # requests sent, for tests and the bench
        self._asked_at: float | None = None
        self._reading = False
        self._told: dict[str, Any] | None = None  # the netifd data sent last

    def request(self, *, force: bool = False) -> bool:
        """Start a read unless one runs or one started less than ``min_interval`` ago."""
        now = self._clock()
        recent = self._asked_at is not None and now - self._asked_at < self.min_interval
        if self._reading or (recent and not force) or self._client() is None:
            return False
        self._asked_at, self._reading = now, True
        self._spawn(self._read())
        return True

    def forget(self) -> None:
        """The link went down or the device went: what netifd had is gone with it."""
        self._told = None

    def snapshot(self) -> dict[str, Any]:
        """What the status object shows: the facts, their age and whether a read runs."""
        out = dict(self.facts)
        if self.read_at is not None:
            out["age"] = round(max(0.0, self._clock() - self.read_at), 1)
        out["reading"] = self._reading
        return out

    async def _read(self) -> None:
        try:
            client = self._client()
            if client is None:
                return
            self.reads += 1
            answer = await client.request(nas.GetCellLocationInfo.Request(), timeout=self.timeout)
            self.facts = cell_facts(answer)
        except QmiError as exc:  # refused, timed out, device gone: keep what we knew
            log.debug("cell location info not read: %s", exc)
        except Exception:  # an answer we could not read must not end the daemon
            log.exception("cell location info could not be decoded")
        finally:
            self._reading = False
            self.read_at = self._clock()
        data = netifd_data(self.facts)
        if data and data != self._told:
            self._told = data
            await self._on_change(data)
