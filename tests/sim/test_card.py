"""SIM card scenarios: PIN/PUK counters through DMS and UIM, card status, old firmware."""

from __future__ import annotations

from typing import Any

from pyqmi.qmi.services import Service

from .simdriver import Driver


def _err(msg: Any) -> str:
    return str(msg.result.error_name)


def _uim_pin(d: Driver, cid: int, pin: str) -> Any:
    session = {"type": "card_slot_1", "aid": ""}
    return d.request(
        "uim", "verify_pin", {"session": session, "info": {"pin_id": "pin1", "pin": pin}}, cid
    )


def test_pin_required_blocks_registration_until_verified() -> None:
    d = Driver("pin-required")
    dms = d.cid("dms")
    d.advance(5)
    assert d.state.registration == "not_registered"
    status = d.ok("dms", "uim_get_pin_status", cid=dms).values["pin1_status"]
    assert status == {
        "current_status": "enabled_not_verified",
        "verify_retries_left": 3,
        "unblock_retries_left": 10,
    }
    d.ok("dms", "uim_verify_pin", {"info": {"pin_id": 1, "pin": "1234"}}, cid=dms)
    assert d.state.card.pin_state == "enabled_verified"
    d.advance(0)
    assert d.state.registration == "registered"


def test_wrong_pins_count_down_to_blocked_then_puk_unblocks() -> None:
    d = Driver("pin-required")
    dms = d.cid("dms")
    for left in (2, 1):
        err = d.error("dms", "uim_verify_pin", {"info": {"pin_id": 1, "pin": "0000"}}, cid=dms)
        assert _err(err) == "INCORRECT_PIN"
        assert err.values["retries"]["verify_retries_left"] == left
    err = d.error("dms", "uim_verify_pin", {"info": {"pin_id": 1, "pin": "0000"}}, cid=dms)
    assert _err(err) == "PIN_BLOCKED"
    assert d.state.card.pin_state == "blocked"
    # Even the right PIN does not help now.
    err = d.error("dms", "uim_verify_pin", {"info": {"pin_id": 1, "pin": "1234"}}, cid=dms)
    assert _err(err) == "PIN_BLOCKED"
    bad = {"info": {"pin_id": 1, "puk": "00000000", "new_pin": "4321"}}
    err = d.error("dms", "uim_unblock_pin", bad, cid=dms)
    assert _err(err) == "INCORRECT_PIN" and err.values["retries"]["unblock_retries_left"] == 9
    good = {"info": {"pin_id": 1, "puk": "12345678", "new_pin": "4321"}}
    d.ok("dms", "uim_unblock_pin", good, cid=dms)
    assert d.state.card.pin_state == "enabled_verified"
    assert d.state.card.pin_retries == 3 and d.state.card.puk_retries == 10
    d.advance(0)
    assert d.state.registration == "registered"


def test_pin_last_attempt_and_puk_locked_start_states() -> None:
    d = Driver("pin-last-attempt")
    dms = d.cid("dms")
    assert (
        d.ok("dms", "uim_get_pin_status", cid=dms).values["pin1_status"]["verify_retries_left"] == 1
    )
    err = d.error("dms", "uim_verify_pin", {"info": {"pin_id": 1, "pin": "9999"}}, cid=dms)
    assert _err(err) == "PIN_BLOCKED"
    locked = Driver("puk-locked")
    dms = locked.cid("dms")
    status = locked.ok("dms", "uim_get_pin_status", cid=dms).values["pin1_status"]
    assert status["current_status"] == "blocked" and status["verify_retries_left"] == 0


def test_puk_exhaustion_blocks_the_card_for_good() -> None:
    d = Driver("puk-locked", puk_retries=1)
    dms = d.cid("dms")
    err = d.error(
        "dms", "uim_unblock_pin", {"info": {"pin_id": 1, "puk": "0", "new_pin": "1111"}}, cid=dms
    )
    assert _err(err) == "PIN_ALWAYS_BLOCKED"
    assert d.state.card.pin_state == "permanently_blocked"


def test_uim_verify_and_card_status_indication() -> None:
    d = Driver("pin-required")
    uim = d.cid("uim")
    d.ok("uim", "register_events", {"event_mask": 1}, cid=uim)
    card = d.ok("uim", "get_card_status", cid=uim).values["card_status"]["cards"][0]
    app = card["applications"][0]
    assert app["state"] == "pin1_or_upin_pin_required" and app["pin1_retries"] == 3
    reply = _uim_pin(d, uim, "1111")
    assert reply.response is not None and _err(reply.response) == "INCORRECT_PIN"
    assert reply.response.values["retries_remaining"] == {"verify_left": 2, "unblock_left": 10}
    (ind,) = reply.indications
    assert ind.name == "card_status" and ind.frame.client_id == uim
    assert ind.values["card_status"]["cards"][0]["applications"][0]["pin1_retries"] == 2
    reply = _uim_pin(d, uim, "1234")
    assert reply.response is not None and reply.response.result is not None
    assert reply.response.result.ok
    (ind,) = reply.indications
    assert ind.values["card_status"]["cards"][0]["applications"][0]["state"] == "ready"


def test_no_sim_reports_an_absent_card() -> None:
    d = Driver("no-sim")
    uim, dms = d.cid("uim"), d.cid("dms")
    status = d.ok("uim", "get_card_status", cid=uim).values["card_status"]
    assert status["cards"][0]["card_state"] == "absent"
    assert status["index_gw_primary"] == 0xFFFF
    assert _err(d.error("dms", "uim_get_pin_status", cid=dms)) == "UIM_UNINITIALIZED"
    d.advance(30)
    assert d.state.registration == "not_registered"


def test_old_firmware_has_no_uim_but_dms_pin_works() -> None:
    d = Driver("old-firmware")
    services = {s["service"] for s in d.ok("ctl", "get_version_info").values["services"]}
    assert Service.UIM not in services
    err = d.error("ctl", "allocate_cid", {"service": int(Service.UIM)})
    assert _err(err) == "INVALID_SERVICE_TYPE"
    dms = d.cid("dms")
    status = d.ok("dms", "uim_get_pin_status", cid=dms).values["pin1_status"]
    assert status["current_status"] == "enabled_not_verified"


def test_read_transparent_iccid_and_imsi() -> None:
    d = Driver("default", iccid="8944110068512345678", imsi="234101234567890")
    uim = d.cid("uim")
    session = {"type": "primary_gw_provisioning", "aid": ""}
    read = {"offset": 0, "length": 0}
    iccid = d.ok(
        "uim",
        "read_transparent",
        {"session": session, "file": {"file_id": 0x2FE2, "path": [0x3F00]}, "read_info": read},
        cid=uim,
    ).values
    assert iccid["read_result"] == "984411008615325476f8"
    err = d.error(
        "uim",
        "read_transparent",
        {"session": session, "file": {"file_id": 0x1234, "path": [0x3F00]}, "read_info": read},
        cid=uim,
    )
    assert _err(err) == "SIM_FILE_NOT_FOUND"
