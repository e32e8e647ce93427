"""The sim core: dispatch, errors, client ids, latency, silence."""

from __future__ import annotations

import struct

import pytest

from pyqmi.qmi.frame import Frame, Kind, encode_frame
from pyqmi.qmi.services import Service
from pyqmi.sim import SCENARIOS, UnknownScenario, scenario

from .simdriver import Driver


def test_every_scenario_powers_on_and_answers_ctl() -> None:
    for name in SCENARIOS:
        d = Driver(name, startup_silence=0.0)
        info = d.ok("ctl", "get_version_info")
        services = {s["service"] for s in info.values["services"]}
        assert {Service.CTL, Service.WDS, Service.DMS, Service.NAS, Service.WDA} <= services


def test_unknown_scenario_is_a_named_error() -> None:
    with pytest.raises(UnknownScenario, match="nope"):
        scenario("nope")


def test_cids_are_counted_per_service_and_released(driver: Driver) -> None:
    a, b = driver.cid("wds"), driver.cid("wds")
    n = driver.cid("nas")
    assert a != b
    assert driver.state.client_count("wds") == 2
    assert driver.state.client_count("nas") == 1
    driver.ok("ctl", "release_cid", {"release": {"service": 1, "cid": a}})
    assert driver.state.clients["wds"] == {b}
    # Releasing it again is an error, not silence.
    err = driver.error("ctl", "release_cid", {"release": {"service": 1, "cid": a}})
    assert err.result is not None and err.result.error_name == "INVALID_CLIENT_ID"
    assert driver.state.snapshot()["clients"] == {"nas": [n], "wds": [b]}
    assert driver.state.snapshot()["allocations"] == {"nas": 1, "wds": 2}


def test_sync_releases_every_client(driver: Driver) -> None:
    driver.cid("wds")
    driver.cid("dms")
    driver.ok("ctl", "sync")
    assert driver.state.client_count("wds") == 0
    assert driver.state.client_count("dms") == 0


def test_unknown_message_gets_invalid_qmi_command(driver: Driver) -> None:
    cid = driver.cid("dms")
    frame = Frame(Service.DMS, cid, Kind.REQUEST, 7, 0x5555, ())
    (reply,) = driver.raw(encode_frame(frame))
    assert reply.kind is Kind.RESPONSE
    assert reply.frame.transaction_id == 7 and reply.frame.message_id == 0x5555
    assert reply.result is not None and reply.result.error_name == "INVALID_QMI_COMMAND"


def test_request_on_unallocated_client_is_refused(driver: Driver) -> None:
    err = driver.error("dms", "get_ids", cid=9)
    assert err.result is not None and err.result.error_name == "INVALID_CLIENT_ID"


def test_unsupported_service_cannot_be_allocated(driver: Driver) -> None:
    err = driver.error("ctl", "allocate_cid", {"service": int(Service.VOICE)})
    assert err.result is not None and err.result.error_name == "INVALID_SERVICE_TYPE"


def test_malformed_tlv_is_answered_with_malformed_message(driver: Driver) -> None:
    cid = driver.cid("wds")
    # stop_network's handle TLV must be 4 bytes.
    frame = Frame(Service.WDS, cid, Kind.REQUEST, 3, 0x0021, ((0x01, b"\x01"),))
    (reply,) = driver.raw(encode_frame(frame))
    assert reply.result is not None and reply.result.error_name == "MALFORMED_MESSAGE"


def test_garbage_is_skipped_and_the_next_frame_answered(driver: Driver) -> None:
    frame = Frame(Service.CTL, 0, Kind.REQUEST, 1, 0x0021, ())
    (reply,) = driver.raw(b"\xff\x00garbage" + encode_frame(frame))
    assert reply.name == "get_version_info" and reply.result is not None and reply.result.ok


def test_responses_and_requests_from_the_host_are_ignored(driver: Driver) -> None:
    result = (0x02, struct.pack("<HH", 0, 0))
    frame = Frame(Service.CTL, 0, Kind.RESPONSE, 1, 0x0021, (result,))
    assert driver.raw(encode_frame(frame)) == []


def test_latency_delays_the_response_not_the_state() -> None:
    d = Driver("default", latency_ms=200, message_latency_ms={"dms.get_ids": 300})
    d.cid("dms")
    out = d.modem.handle(d_build_get_ids(), d.now)
    (item,) = out
    assert item.at == pytest.approx(0.5)
    assert scenario("default").latency_for("dms", "get_ids") == 0.0


def d_build_get_ids() -> bytes:
    from pyqmi.qmi import catalog
    from pyqmi.qmi.codec import build

    return build(catalog.get("dms", "get_ids"), Kind.REQUEST, {}, transaction_id=5, client_id=1)


def test_archer_mr200_is_silent_for_its_first_seconds() -> None:
    d = Driver("archer-mr200")
    assert d.request("ctl", "get_version_info").response is None
    assert d.request("ctl", "sync").response is None
    d.advance(2.9)
    assert d.request("ctl", "get_version_info").response is None
    d.advance(0.2)
    assert d.ok("ctl", "get_version_info").values["services"]


def test_unresponsive_answers_ctl_only() -> None:
    d = Driver("unresponsive")
    d.ok("ctl", "get_version_info")
    cid = d.cid("dms")
    assert d.request("dms", "get_ids", cid=cid).response is None
    assert d.state.requests[-1] == "dms.get_ids"


def test_identity_per_scenario() -> None:
    d = Driver("zte-mf821")
    cid = d.cid("dms")
    assert d.ok("dms", "get_model", cid=cid).values["model"] == "MF821"
    assert d.ok("dms", "get_manufacturer", cid=cid).values["manufacturer"].startswith("ZTE")
    ids = d.ok("dms", "get_ids", cid=cid).values
    assert ids["imei"] == scenario("zte-mf821").imei
    assert d.state.usb_id == "19d2:0167"


def test_secrets_stay_out_of_state_repr_and_snapshot() -> None:
    d = Driver("pin-required", pin="9876", puk="11112222")
    text = repr(d.state) + repr(d.state.snapshot())
    assert "9876" not in text and "11112222" not in text
    assert scenario("default").imei not in repr(d.state.snapshot())


def test_operating_mode_low_power_detaches_and_online_reattaches(driver: Driver) -> None:
    dms = driver.cid("dms")
    driver.advance(0)
    assert driver.state.registration == "registered"
    driver.ok("dms", "set_operating_mode", {"mode": "low_power"}, cid=dms)
    assert driver.ok("dms", "get_operating_mode", cid=dms).values["mode"] == "low_power"
    assert driver.state.registration == "not_registered"
    driver.ok("dms", "set_operating_mode", {"mode": "online"}, cid=dms)
    driver.advance(0)
    assert driver.state.registration == "registered"
    err = driver.error("dms", "set_operating_mode", {"mode": "shutting_down"}, cid=dms)
    assert err.result is not None and err.result.error_name == "INVALID_TRANSITION"
