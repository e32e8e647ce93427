import pytest

from pyqmi.netifd.bus import BusCallFailed, BusError
from pyqmi.netifd.payload import build_block_restart, build_error, build_link_down
from pyqmi.netifd.policy import PayloadTypeError
from pyqmi.netifd.recording import RecordingBus


async def test_records_in_order_and_copies_args() -> None:
    bus = RecordingBus()
    error = build_error("wwan", "PIN_FAILED")
    await bus.notify_proto(error)
    await bus.notify_proto(build_block_restart("wwan"))
    await bus.call("network", "add_dynamic", {"name": "wwan_4", "proto": "dhcp"})
    await bus.notify_proto(build_link_down("wwan"))
    error["error"].append("mutated later")
    assert bus.actions == [3, 4, 0]
    assert [(c.obj, c.method) for c in bus.calls] == [
        ("network.interface", "notify_proto"),
        ("network.interface", "notify_proto"),
        ("network", "add_dynamic"),
        ("network.interface", "notify_proto"),
    ]
    assert bus.notifications[0]["error"] == ["PIN_FAILED"]


async def test_mistyped_payload_never_recorded() -> None:
    bus = RecordingBus()
    with pytest.raises(PayloadTypeError):
        await bus.notify_proto({"action": 5, "interface": "wwan", "available": "0"})
    assert bus.calls == []


async def test_failure_injection_counts_down() -> None:
    bus = RecordingBus()
    bus.fail("network.interface", "notify_proto", times=2, reason="netifd busy")
    for _ in range(2):
        with pytest.raises(BusCallFailed) as err:
            await bus.notify_proto(build_block_restart("wwan"))
        assert err.value.reason == "netifd busy"
    await bus.notify_proto(build_block_restart("wwan"))
    assert [c.failed for c in bus.calls] == [True, True, False]
    assert bus.actions == [4]


async def test_canned_replies_and_object_invocation() -> None:
    bus = RecordingBus()
    bus.reply_with("network.interface.wwan", "status", [{"up": True}])
    assert await bus.call("network.interface.wwan", "status", {}) == [{"up": True}]
    await bus.add_object("pyqmi.wwan", {"status": lambda args: {"echo": dict(args)}})
    assert bus.invoke("pyqmi.wwan", "status", {"a": 1}) == {"echo": {"a": 1}}
    with pytest.raises(BusError):
        bus.invoke("pyqmi.wwan", "nope")
    with pytest.raises(BusCallFailed):
        await bus.add_object("pyqmi.wwan", {})


async def test_closed_bus_refuses_calls() -> None:
    bus = RecordingBus()
    await bus.add_object("pyqmi.wwan", {"status": lambda args: {}})
    await bus.close()
    assert bus.objects == {}
    with pytest.raises(BusError):
        await bus.notify_proto(build_block_restart("wwan"))
