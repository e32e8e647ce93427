"""``pyqmi decode``: one frame in, JSON out; bad input gives exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pyqmi.cli.main import main
from pyqmi.qmi.catalog import uim
from pyqmi.qmi.frame import Frame, Kind, encode_frame

REPO = Path(__file__).resolve().parents[2]

GET_IDS_RESPONSE = (
    "014500800201020100250039000204000000000013010042120e003335393232353035303033393937"
    "1008003830393937383734110f00333539323235303530303339393733"
)
VERIFY_PIN_REQUEST = "01150000020100010028000900010600010431323334"
FAILED_RESPONSE = "011300800201020200ffff070002040001000300"


def decode(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(["decode", *argv])
    captured = capsys.readouterr()
    shown = json.loads(captured.out) if code == 0 else captured.out
    return code, shown, captured.err


def test_response_is_shown_by_name_with_personal_fields_hidden(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, shown, err = decode(capsys, GET_IDS_RESPONSE)
    assert code == 0
    assert err == ""
    assert shown["service"] == {"name": "DMS", "number": 2}
    assert shown["message"] == {
        "name": "get_ids",
        "title": "DMS Get IDs",
        "id": 0x25,
        "id_hex": "0x0025",
    }
    assert shown["kind"] == "response"
    assert shown["transaction_id"] == 1
    assert shown["client_id"] == 1
    assert shown["result"] == {"ok": True, "status": 0, "error": 0, "error_name": "NONE"}
    assert shown["tlvs"] == {
        "imei_software_version": "B",
        "meid": "<redacted>",
        "esn": "<redacted>",
        "imei": "<redacted>",
    }
    assert shown["unknown_tlvs"] == {}
    assert shown["tlv_errors"] == {}


def test_secrets_never_reach_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    for frame in (GET_IDS_RESPONSE, VERIFY_PIN_REQUEST):
        code = main(["decode", frame])
        out, err = capsys.readouterr()
        assert code == 0
        for secret in ("359225050039973", "80997874", "35922505003997", "1234"):
            assert secret not in out + err


def test_failed_response_shows_the_error_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, shown, _ = decode(capsys, FAILED_RESPONSE)
    assert code == 0
    assert shown["message"]["name"] is None  # 0xFFFF is in no catalog
    assert shown["message"]["id_hex"] == "0xffff"
    assert shown["result"] == {"ok": False, "status": 1, "error": 3, "error_name": "INTERNAL"}


def test_unknown_tlvs_are_hex_and_bad_tlvs_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    # A UIM card status indication with a truncated card status TLV and an
    # extra TLV 0x7f the catalog does not know.
    data = encode_frame(
        Frame(
            service=0x0B,
            client_id=1,
            kind=Kind.INDICATION,
            transaction_id=4,
            message_id=uim.CARD_STATUS_INDICATION.message_id,
            tlvs=((0x10, b"\x00\x00\x00"), (0x7F, b"\xbe\xef")),
            qmux_flags=0x80,
        )
    )
    code, shown, _ = decode(capsys, data.hex())
    assert code == 0
    assert shown["message"]["name"] == "card_status"
    assert shown["kind"] == "indication"
    assert "result" not in shown
    assert shown["tlvs"] == {}
    assert shown["unknown_tlvs"] == {"0x7f": "beef"}
    assert "card_status" in shown["tlv_errors"]


def test_hex_with_colons_and_spaces_and_several_arguments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spaced = " ".join(VERIFY_PIN_REQUEST[i : i + 2] for i in range(0, len(VERIFY_PIN_REQUEST), 2))
    colons = spaced.replace(" ", ":")
    first, second = VERIFY_PIN_REQUEST[:10], VERIFY_PIN_REQUEST[10:]
    results = [decode(capsys, arg)[1] for arg in (spaced, colons)]
    results.append(decode(capsys, first, second)[1])
    assert results[0] == results[1] == results[2]
    assert results[0]["message"]["name"] == "uim_verify_pin"
    assert results[0]["tlvs"] == {"info": "<redacted>"}


def test_compact_prints_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", "--compact", GET_IDS_RESPONSE]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out)["message"]["name"] == "get_ids"


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["01zz"], "not a hex frame: 'z' is not a hex digit"),
        (["010"], "not a hex frame: odd number of hex digits"),
        ([":"], "not a hex frame: no bytes given"),
        (["0100"], "bad frame: shorter than marker + QMUX header"),
        (["00000000000a"], "bad frame: marker is not 0x01"),
        ([GET_IDS_RESPONSE + "00"], "bad frame: 1 bytes after the frame"),
        ([GET_IDS_RESPONSE[:-2]], "bad frame: QMUX length 0x45 needs 70 bytes, have 69"),
    ],
)
def test_bad_input_is_a_clear_error_with_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], complaint: str
) -> None:
    assert main(["decode", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("pyqmi decode: ")
    assert complaint in captured.err
    assert "Traceback" not in captured.err


def test_runs_as_a_program() -> None:
    python = REPO / ".venv" / "bin" / "python"
    if not python.exists():
        python = Path(sys.executable)
    ok = subprocess.run(
        [str(python), "-m", "pyqmi", "decode", GET_IDS_RESPONSE],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["tlvs"]["imei"] == "<redacted>"
    bad = subprocess.run(
        [str(python), "-m", "pyqmi", "decode", "01zz"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert "not a hex frame" in bad.stderr
    assert "Traceback" not in bad.stderr
