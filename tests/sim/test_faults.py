"""The simulator's faults (sim/faults.py), played on cue as data, and its DMS reset."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyqmi.qmi import catalog
from pyqmi.qmi.codec import build, decode_bytes
from pyqmi.qmi.frame import FrameExtractor, Kind
from pyqmi.qmi.typed import dms
from pyqmi.sim import run_sim, scenario
from pyqmi.sim.faults import STRANGER_CID, Fault
from pyqmi.transport import DeviceGone, QmiClient

from .simdriver import Driver

pytestmark = pytest.mark.timeout(30)


def connected(d: Driver) -> tuple[int, int]:
    wds = d.cid("wds")
    handle = d.ok("wds", "start_network", {}, cid=wds).values["packet_data_handle"]
    return wds, handle


def test_an_unknown_fault_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown fault 'melt'"):
        Fault("wds.start_network", "melt")


def test_a_fault_plays_once_before_its_cue_is_answered() -> None:
    d = Driver(faults=(("dms.get_model", "silent", 2.0),))
    dms_cid = d.cid("dms")
    assert d.request("dms", "get_model", cid=dms_cid).response is None  # the cue itself
    assert d.request("ctl", "get_version_info").response is None  # not even CTL
    d.advance(2.0)
    assert d.ok("dms", "get_model", cid=dms_cid).values["model"] == "SIM-LTE"
    assert [f.kind for f in d.modem.played] == ["silent"] and d.modem.faults == []


def test_reset_drops_every_client_id_and_says_so_with_a_sync_indication() -> None:
    d = Driver()
    wds, _ = connected(d)
    d.modem.play(Fault("dms.get_revision", "reset"))
    dms_cid = d.cid("dms")
    data = _request("dms", "get_revision", dms_cid, txn=9)
    messages = [decode_bytes(o.data) for o in d.modem.handle(data, d.now)]
    sync = [m for m in messages if m.kind is Kind.INDICATION and m.name == "sync"]
    assert len(sync) == 1
    (answer,) = [m for m in messages if m.kind is Kind.RESPONSE]
    assert answer.result is not None and answer.result.error_name == "INVALID_CLIENT_ID"
    assert d.state.clients.get("wds", set()) == set() and not d.state.calls
    assert d.error("wds", "get_packet_service_status", cid=wds).result.error_name == (  # type: ignore[union-attr]
        "INVALID_CLIENT_ID"
    )


def test_drop_sim_removed_and_deregister_end_the_call_with_indications() -> None:
    for kind in ("drop", "sim_removed", "deregister"):
        d = Driver()
        wds, _ = connected(d)
        d.modem.play(Fault("wds.get_packet_service_status", kind, 1.0))
        reply = d.request("wds", "get_packet_service_status", cid=wds)
        assert reply.response is not None
        down = [m for m in reply.indications if m.name == "get_packet_service_status"]
        assert down and down[0].values["connection_status"]["status"] == "disconnected", kind
        assert not d.state.calls
        if kind != "drop":
            assert d.state.registration == "not_registered"
            d.advance(1.0)
            d.advance(0.0)
            assert d.state.registration == "registered", kind
    assert d.state.card.present


def test_slow_adds_its_seconds_to_every_answer_and_stall_marks_the_data_plane() -> None:
    d = Driver(faults=(("dms.get_model", "slow", 2.0), ("dms.get_revision", "stall", 0.0)))
    dms_cid = d.cid("dms")
    data_at = [o.at for o in d.modem.handle(_request("dms", "get_model", dms_cid), d.now)]
    assert data_at == [2.0]
    d.modem.handle(_request("dms", "get_revision", dms_cid), d.now)
    assert d.state.data_stalled


def test_stray_and_garbage_frames_leave_the_valid_answer_readable() -> None:
    d = Driver(faults=(("dms.get_model", "stray", 0.0),))
    dms_cid = d.cid("dms")
    out = b"".join(o.data for o in d.modem.handle(_request("dms", "get_model", dms_cid), d.now))
    frames = [f for f in FrameExtractor().feed(out) if not isinstance(f, Exception)]
    strays = [f for f in frames if f.client_id == STRANGER_CID]
    assert len(strays) == 3 and frames[-1].client_id == dms_cid
    d = Driver(faults=(("dms.get_model", "garbage", 0.0),))
    dms_cid = d.cid("dms")
    out = b"".join(o.data for o in d.modem.handle(_request("dms", "get_model", dms_cid), d.now))
    assert b"garbage" in out


def _request(service: str, name: str, cid: int, txn: int = 77) -> bytes:
    return build(catalog.get(service, name), Kind.REQUEST, {}, transaction_id=txn, client_id=cid)


async def test_vanish_closes_the_pty_and_brings_a_fresh_modem_back(tmp_path: Path) -> None:
    link = tmp_path / "cdc-wdm0"
    sc = scenario("default", faults=(("dms.get_model", "vanish", 0.3),))
    async with run_sim(sc, link) as sim:
        client = await QmiClient.open(str(link), timeout=1.0, probe_attempts=3)
        await client.allocate("dms")
        with pytest.raises(DeviceGone):
            await client.request(dms.GetModel.Request())
        await client.close()
        await sim.wait_gone(1.0)
        await sim.wait_back(3.0)
        assert sim.returns == 1
        again = await QmiClient.open(str(link), timeout=1.0, probe_attempts=3)
        await again.allocate("dms")
        answer = await again.request(dms.GetModel.Request())
        assert answer.model == "SIM-LTE" and sim.state.client_count("dms") == 1
        await again.close()


def test_dms_reset_restarts_in_place_or_off_the_bus() -> None:
    d = Driver()
    connected(d)
    dms_cid = d.cid("dms")
    d.ok("dms", "set_operating_mode", {"mode": "reset"}, cid=dms_cid)
    out = d.modem.tick(d.now + 0.1)
    assert [decode_bytes(o.data).name for o in out] == ["sync"]
    assert not d.state.clients.get("dms") and not d.state.calls
    d = Driver(reset_leaves_bus=2.0)
    dms_cid = d.cid("dms")
    d.ok("dms", "set_operating_mode", {"mode": "reset"}, cid=dms_cid)
    d.modem.tick(d.now + 0.1)
    assert d.state.gone and [e.detail for e in d.modem.events if e.kind == "gone"] == [
        {"back_after": 2.0}
    ]


def test_what_a_timer_says_as_a_request_arrives_is_sent_not_lost() -> None:
    """Found by the soak: handle() ran the due timers but dropped what they emitted (a call
    drop indication falling due as a request came was never sent)."""
    d = Driver(call_drop_after=1.0)
    wds, _ = connected(d)
    d.now += 1.0
    reply = d.request("wds", "get_packet_service_status", cid=wds)
    assert [m.name for m in reply.indications] == ["get_packet_service_status"]
    assert reply.indications[0].values["connection_status"]["status"] == "disconnected"
