import logging
from typing import Any

import pytest

from pyqmi.netifd.recording import RecordingBus
from pyqmi.netifd.status import publish_status, redact_status, safe_status


async def test_status_method_returns_supplier_dict() -> None:
    bus = RecordingBus()
    state: dict[str, Any] = {"state": "connected", "registration": "registered"}
    name = await publish_status(bus, "wwan", lambda: state)
    assert name == "pyqmi.wwan"
    assert bus.invoke("pyqmi.wwan", "status") == state
    state["state"] = "searching"  # the supplier is asked on every call
    assert bus.invoke("pyqmi.wwan", "status")["state"] == "searching"


async def test_secret_values_are_masked_and_reported(caplog: pytest.LogCaptureFixture) -> None:
    bus = RecordingBus()
    leaky = {
        "sim": {"ICCID": "8944500102198304826", "pin1_status": "enabled_verified", "pin": ""},
        "modem": [{"imei": "356938035643809"}],
        "password": None,
    }
    await publish_status(bus, "wwan", lambda: leaky)
    with caplog.at_level(logging.ERROR, logger="pyqmi.netifd.status"):
        reply = bus.invoke("pyqmi.wwan", "status")
    assert reply == {
        "sim": {"ICCID": "***", "pin1_status": "enabled_verified", "pin": ""},
        "modem": [{"imei": "***"}],
        "password": None,
    }
    assert "sim.ICCID" in caplog.text and "modem[0].imei" in caplog.text
    assert "8944500102198304826" not in caplog.text


def test_redact_leaves_clean_status_alone() -> None:
    clean = {"signal": {"rssi": -71}, "pin_retries": 3}
    assert redact_status(clean) == (clean, [])


def test_non_json_or_failing_supplier_gives_error_reply() -> None:
    assert safe_status(lambda: {"when": object()}) == {"error": "status unavailable"}
    assert safe_status(lambda: {"x": float("nan")}) == {"error": "status unavailable"}

    def broken() -> dict[str, Any]:
        raise RuntimeError("boom")

    assert safe_status(broken) == {"error": "status unavailable"}
