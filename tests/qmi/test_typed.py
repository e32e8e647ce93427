"""The typed message classes: generated modules current, enums as the catalog names them,
records frozen and strict, unknown wire values kept, personal fields hidden, and mypy
catching a misspelled field."""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import construct as c
import pytest

from pyqmi import frozen
from pyqmi.qmi import typegen
from pyqmi.qmi import types as types_
from pyqmi.qmi.catalog import dms as dms_catalog
from pyqmi.qmi.codec import build, decode_bytes
from pyqmi.qmi.errors import QmiProtocolError
from pyqmi.qmi.frame import Kind, encode_frame
from pyqmi.qmi.message import REDACTED, MessageDef, Result, TlvDef
from pyqmi.qmi.typed import dms, nas, uim, wds
from pyqmi.qmi.typed.base import WireEnum, WireFlag
from pyqmi.qmi.typegen.model import ModelError, service_model
from pyqmi.qmi.typegen.names import RENAMES, NameClash, camel, member_name

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("ctl", "dms", "nas", "uim", "wda", "wds")


def test_generated_modules_are_current() -> None:
    assert typegen.stale() == [], "run: python -m pyqmi.qmi.typegen"
    assert typegen.main(["--check"]) == 0


def test_a_stale_module_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SERVICES:
        (tmp_path / f"{name}.py").write_text("stale\n")
    monkeypatch.setattr(typegen, "TYPED_DIR", str(tmp_path))
    assert len(typegen.stale()) == len(SERVICES)
    assert typegen.main(["--check"]) == 1
    assert typegen.main([]) == 0
    assert typegen.stale() == []


def _fake_catalog(*messages: object) -> types.ModuleType:
    module = types.ModuleType("pyqmi.qmi.catalog.fake")
    for index, message in enumerate(messages):
        setattr(module, f"M{index}", message)
    module.MESSAGES = messages  # type: ignore[attr-defined]
    return module


def test_generation_fails_on_what_it_cannot_type() -> None:
    odd = MessageDef(2, 0x99, "odd", response=(TlvDef(0x10, "blob", c.Bytes(4)),))
    with pytest.raises(ModelError, match=r"odd\.blob: no Python type"):
        service_model(_fake_catalog(odd))
    shadow = MessageDef(2, 0x98, "shadow", response=(TlvDef(0x10, "values", types_.u8),))
    with pytest.raises(ModelError, match="not usable as a field name"):
        service_model(_fake_catalog(shadow))


def test_a_name_clash_fails_generation() -> None:
    clash = MessageDef(
        2,
        0x97,
        "clash",
        request=(TlvDef(0x10, "clash", c.Struct("a" / types_.u8)),),
        response=(TlvDef(0x10, "clash", c.Struct("b" / types_.u8)),),
    )
    with pytest.raises(NameClash, match=r"add \('dms', 'clash\.clash'\) to RENAMES"):
        service_model(_fake_catalog(clash))


# --- enums -------------------------------------------------------------------------------


def _declared_enums(service: str) -> dict[str, dict[str, int]]:
    """The enum classes the module declares for mypy, read from its source."""
    tree = ast.parse((ROOT / "src/pyqmi/qmi/typed" / f"{service}.py").read_text())
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            isinstance(b, ast.Name) and b.id in ("WireEnum", "WireFlag") for b in node.bases
        ):
            members = {}
            for stmt in node.body:
                assert isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
                members[stmt.targets[0].id] = ast.literal_eval(stmt.value)
            out[node.name] = members
    return out


@pytest.mark.parametrize("service", SERVICES)
def test_run_time_enums_are_the_declared_ones(service: str) -> None:
    module = importlib.import_module(f"pyqmi.qmi.typed.{service}")
    declared = _declared_enums(service)
    assert set(declared) == set(getattr(module, "_ENUMS", {}))
    for name, members in declared.items():
        enum_class = getattr(module, name)
        assert issubclass(enum_class, WireEnum | WireFlag)
        assert enum_class.__module__ == module.__name__ and enum_class.__qualname__ == name
        assert {m.name: m.value for m in enum_class} == members


def _catalog_enums() -> list[tuple[str, str, dict[str, int]]]:
    """(service, name, wire names) of every enum the catalog modules name."""
    out = []
    for module in typegen.CATALOGS:
        service = module.__name__.rsplit(".", 1)[-1]
        for name, value in sorted(vars(module).items()):
            if isinstance(value, c.Enum) and name.isupper():
                names = {str(k): int(v) for k, v in value.encmapping.items()}
                out.append((service, RENAMES.get((service, name), camel(name)), names))
    return out


@pytest.mark.parametrize(("service", "name", "wire"), _catalog_enums())
def test_enums_carry_the_catalog_names(service: str, name: str, wire: dict[str, int]) -> None:
    enum_class = getattr(importlib.import_module(f"pyqmi.qmi.typed.{service}"), name)
    assert {m.wire_name: m.value for m in enum_class} == wire
    for text, value in wire.items():
        member = enum_class[member_name(text)]
        assert member == value and str(member) == text and f"{member}" == text


def test_catalog_enums_found() -> None:
    assert len(_catalog_enums()) >= 60


def test_names_that_start_with_a_digit() -> None:
    assert wds.ProfileType._3gpp.wire_name == "3gpp"
    assert nas.RadioInterface._5gnr == 0x0C and str(nas.RadioInterface._5gnr) == "5gnr"
    assert f"{nas.RadioInterface._5gnr:02x}" == "0c"  # a format spec formats the number
    assert "5gnr" in nas.RatModePreference._5gnr.wire_names()


def test_an_unknown_enum_value_stays_an_int() -> None:
    data = build(dms_catalog.GET_OPERATING_MODE, Kind.RESPONSE, {"mode": 0x42}, result=Result(0, 0))
    typed = dms.GetOperatingMode.Response.from_message(decode_bytes(data))
    assert typed.mode == 0x42 and type(typed.mode) is int
    assert not typed.tlv_errors
    assert encode_frame(typed.to_frame(result=Result(0, 0))) == data


def test_unknown_flag_bits_are_kept() -> None:
    mask = nas.NetworkStatus._from_wire(["home", 0x100])
    assert int(mask) == 0x104 and mask.wire_names() == ["home", 0x100]
    assert nas.NetworkStatus._from_wire(0x104) == mask


# --- records -----------------------------------------------------------------------------


def test_records_are_frozen_and_strict() -> None:
    request = wds.StartNetwork.Request(apn="internet")
    assert request.apn == "internet" and request.username is None
    with pytest.raises(frozen.FrozenInstanceError):
        request.apn = "other"  # type: ignore[misc]
    with pytest.raises(TypeError, match=r"no field\(s\) \['apnn'\]"):
        wds.StartNetwork.Request(apnn="internet")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"needs field\(s\) \['unblock_retries_left'\]"):
        dms.Retries(verify_retries_left=3)  # type: ignore[call-arg]
    assert request == wds.StartNetwork.Request(apn="internet")
    assert hash(request) == hash(wds.StartNetwork.Request(apn="internet"))
    assert request != wds.StartNetwork.Request(apn="other")


def test_nested_structs_and_arrays_are_typed() -> None:
    status = uim.CardStatusInfo._from_plain(
        {
            "index_gw_primary": 0,
            "index_1x_primary": 0xFFFF,
            "index_gw_secondary": 0xFFFF,
            "index_1x_secondary": 0xFFFF,
            "cards": [
                {
                    "card_state": "present",
                    "upin_state": "not_initialized",
                    "upin_retries": 0,
                    "upuk_retries": 0,
                    "error_code": "unknown",
                    "applications": [],
                }
            ],
        }
    )
    assert isinstance(status.cards, tuple) and status.cards[0].card_state is uim.CardState.present
    assert status.cards[0].upin_state is uim.PinState.not_initialized


def test_a_response_tells_its_result() -> None:
    data = encode_frame(
        wds.StartNetwork.Response(
            call_end_reason=wds.CallEndReason.generic_no_service,
            verbose_call_end_reason=wds.VerboseCallEndReason(
                type=wds.VerboseCallEndReasonType._3gpp, reason=33
            ),
        ).to_frame(result=Result(1, 14))
    )
    typed = wds.StartNetwork.Response.from_message(decode_bytes(data))
    assert typed.result == Result(1, 14)
    assert typed.call_end_reason is wds.CallEndReason.generic_no_service
    assert typed.verbose_call_end_reason == wds.VerboseCallEndReason(
        type=wds.VerboseCallEndReasonType._3gpp, reason=33
    )
    with pytest.raises(QmiProtocolError, match="CALL_FAILED"):
        typed.check()


def test_a_message_of_another_kind_is_refused() -> None:
    request = decode_bytes(encode_frame(wds.StartNetwork.Request(apn="x").to_frame()))
    with pytest.raises(ValueError, match=r"is not a StartNetwork\.Response"):
        wds.StartNetwork.Response.from_message(request)


# --- personal fields ---------------------------------------------------------------------


def test_personal_fields_are_hidden() -> None:
    request = wds.StartNetwork.Request(apn="internet", username="user7", password="hunter2")
    assert "hunter2" not in repr(request) and "user7" not in repr(request)
    assert request.redacted() == {"apn": "internet", "username": REDACTED, "password": REDACTED}
    pin = uim.VerifyPin.Request(info=uim.VerifyPinInfo(pin_id=uim.PinId.pin1, pin="4321"))
    assert "4321" not in repr(pin) and "4321" not in repr(pin.info)
    assert pin.values()["info"] == {"pin_id": "pin1", "pin": "4321"}


def test_a_decoded_message_is_redacted_as_before() -> None:
    response = dms.GetIds.Response(imei="356938035643809", imei_software_version="07")
    decoded = decode_bytes(encode_frame(response.to_frame(result=Result(0, 0))))
    typed = dms.GetIds.Response.from_message(decoded)
    assert typed.imei == "356938035643809"
    assert (
        typed.redacted()
        == decoded.redacted()
        == {
            "imei": REDACTED,
            "imei_software_version": "07",
        }
    )
    assert "356938035643809" not in repr(typed)


def test_unknown_tlvs_are_kept() -> None:
    frame = dms.GetIds.Response(imei_software_version="07").to_frame(result=Result(0, 0))
    frame = frozen.replace(frame, tlvs=(*frame.tlvs, (0x42, b"\x01\x02")))
    typed = dms.GetIds.Response.from_message(decode_bytes(encode_frame(frame)))
    assert typed.unknown == {0x42: b"\x01\x02"}
    assert typed.imei_software_version == "07"


# --- mypy sees the fields ----------------------------------------------------------------

SNIPPET = """
from pyqmi.qmi.typed import wds


def handle(response: wds.StartNetwork.Response) -> int | None:
    return response.packet_data_handel


def start() -> wds.StartNetwork.Request:
    return wds.StartNetwork.Request(apnn="internet")


def good(response: wds.StartNetwork.Response) -> int | None:
    return response.packet_data_handle
"""


def test_mypy_catches_a_misspelled_field(tmp_path: Path) -> None:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(textwrap.dedent(SNIPPET))
    mypy = Path(sys.executable).with_name("mypy")
    done = subprocess.run(
        [str(mypy), "--strict", "--cache-dir", str(tmp_path / "cache"), str(snippet)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MYPYPATH": str(ROOT / "src")},
        check=False,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert any('has no attribute "packet_data_handel"' in e for e in errors), done.stdout
    assert any('Unexpected keyword argument "apnn"' in e for e in errors), done.stdout
    # The correct spelling passes: only the two typos (and what the first implies) fail.
    assert all(":6:" in e or ":10:" in e for e in errors), done.stdout
