"""Every frame of libqmi's own test suite, through pyqmi.

The vectors live in tests/data/libqmi-tests.json (libqmi's commit: tests/data/README.md).
Each one is handled by exactly one checker below, chosen by what the vector is (invalid
bytes, a byte stream, a TLV reader exercise, a frame of a service we declare...).
``test_every_vector_is_checked`` runs them all and fails if one falls through, so
no vector can be skipped silently.

NAS vectors (service 3) are checked against the NAS catalog in
test_vectors_nas.py; here they only have to decode at frame level.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import construct as c
import pytest

from pyqmi import frozen
from pyqmi.qmi import catalog, types
from pyqmi.qmi.codec import build, decode_message
from pyqmi.qmi.errors import FrameError, IncompleteFrame, QmiProtocolError
from pyqmi.qmi.frame import (
    Frame,
    FrameExtractor,
    Kind,
    decode_frame,
    decode_sdu,
    encode_frame,
    frame_length,
)
from pyqmi.qmi.message import Message, MessageDef, TlvDef, decode, encode
from pyqmi.qmi.services import Service

from .vectors import load_vectors

VECTORS: list[dict[str, Any]] = load_vectors()

Vector = dict[str, Any]


def raw(v: Vector) -> bytes:
    return bytes.fromhex(v["hex"])


def enum_name(text: str) -> str:
    """libqmi's printed enum ("enabled-not-verified (1)") as a pyqmi name."""
    return re.sub(r"\s*\(.*\)$", "", text).replace("-", "_")


def service_number(text: str) -> int:
    """'dms (0x02)' or 'dms' -> 2."""
    return int(Service[enum_name(text).upper()])


def assert_frame_matches(frame: Frame, v: Vector) -> None:
    """The frame's header and raw TLVs are exactly what the vector lists."""
    assert frame.service == v["service_id"]
    assert frame.client_id == v["client_id"]
    assert frame.transaction_id == v["transaction_id"]
    assert frame.message_id == int(v["message_id"], 16)
    assert frame.kind is Kind(v["kind"])
    assert frame.qmux_flags == v["qmux_flags"]
    listed = [(int(t["type"], 16), bytes.fromhex(t["value"])) for t in v["tlvs"]]
    assert [len(value) for _, value in listed] == [t["length"] for t in v["tlvs"]]
    assert list(frame.tlvs) == listed


def assert_result(msg: Message, expected: Any) -> None:
    assert msg.result is not None
    if expected == "success":
        assert msg.result.ok
        assert msg.result.error == 0
        assert msg.check() is msg
    else:
        assert msg.result.status == expected["status"]
        code = int(re.search(r"\((\d+)\)", expected["error"]).group(1))  # type: ignore[union-attr]
        assert msg.result.error == code
        assert msg.result.error_name == enum_name(expected["error"]).upper()
        with pytest.raises(QmiProtocolError) as info:
            msg.check()
        assert info.value.code == code


def assert_reencodes(msg: Message, data: bytes) -> None:
    """build(parse(data)) == data, through the catalog entry."""
    assert msg.definition is not None
    assert not msg.unknown and not msg.tlv_errors
    frame = encode(
        msg.definition,
        msg.kind,
        msg.values,
        transaction_id=msg.frame.transaction_id,
        client_id=msg.frame.client_id,
        result=msg.result,
    )
    frame = frozen.replace(frame, qmux_flags=msg.frame.qmux_flags)
    assert encode_frame(frame) == data
    if msg.kind is Kind.REQUEST and msg.frame.qmux_flags == 0:
        # The public one-call builder gives the same bytes.
        rebuilt = build(
            msg.definition,
            msg.kind,
            msg.values,
            transaction_id=msg.frame.transaction_id,
            client_id=msg.frame.client_id,
        )
        assert rebuilt == data


# --- checkers: each returns the names of the checks it made ---------------------

# What each invalid vector's reason means in pyqmi's words.
INVALID_REASONS = {
    "/libqmi-glib/message/parse/wrong-qmux": (FrameError, r"marker is not 0x01"),
    "/libqmi-glib/message/parse/tiny": (IncompleteFrame, r"shorter than marker \+ QMUX header"),
    "/libqmi-glib/message/new/request-from-data/too-short-header": (
        FrameError,
        r"SDU of 5 bytes < 7-byte service header",
    ),
    "/libqmi-glib/message/new/request-from-data/too-short-body": (
        FrameError,
        r"tlv_length 100 but 0 TLV bytes",
    ),
}


def check_invalid(v: Vector) -> list[str]:
    error, pattern = INVALID_REASONS[v["name"]]
    if v.get("hex_sdu"):
        # An SDU handed over without QMUX header, for DMS client 1.
        with pytest.raises(error, match=pattern):
            decode_sdu(int(Service.DMS), v["client_id"], bytes.fromhex(v["hex_sdu"]))
        return ["invalid-sdu-rejected"]
    with pytest.raises(error, match=pattern):
        decode_frame(raw(v))
    # A stream cutter given the same bytes yields no frame either.
    assert not [i for i in FrameExtractor().feed(raw(v)) if isinstance(i, Frame)]
    return ["invalid-frame-rejected"]


def check_stream(v: Vector) -> list[str]:
    ex = FrameExtractor()
    items = ex.feed(raw(v))
    frames = [i for i in items if isinstance(i, Frame)]
    assert len(items) == len(frames), items  # no errors on the way
    assert len(frames) == v["expected"]["messages_parsed"]
    assert ex.pending == v["expected"]["leftover_bytes"]
    for frame in frames:
        assert_frame_matches(frame, v)
    return ["stream-cut"]


def check_short(v: Vector) -> list[str]:
    # "incomplete: qmux length 0x26 needs 39 bytes, buffer has 32"
    with pytest.raises(IncompleteFrame, match="0x26 needs 39 bytes, have 32"):
        decode_frame(raw(v))
    ex = FrameExtractor()
    assert ex.feed(raw(v)) == []
    assert ex.pending == len(raw(v)) == 32
    return ["incomplete-waits"]


def check_proxy_open(v: Vector) -> list[str]:
    # This fixture vector is a 16-byte CTL frame (message 0x0022 with TLV 0x01 of
    # length 1 holding "/") followed by the rest of the device path as loose
    # bytes: the test fixture patched a one-byte template, so the frame's length
    # fields cover only the first byte of the path.  The frame itself must decode,
    # and its TLV value plus the trailing bytes spell the device path.
    data = raw(v)
    total = frame_length(data)
    assert total == 16
    frame = decode_frame(data[:total])
    assert_frame_matches(frame, v)
    trailing = data[total:]
    path = (frame.tlv(0x01) or b"") + trailing
    assert path.decode() == v["expected"]["device_path"]
    # Whole bytes as a stream: the frame, then the loose path bytes as garbage.
    items = FrameExtractor().feed(data)
    assert items[0] == frame
    assert all(isinstance(i, FrameError) for i in items[1:])
    # The real Internal Proxy Open (0xFF00) carries the whole path in TLV 0x01.
    proxy_open = catalog.get("ctl", "internal_proxy_open")
    built = build(proxy_open, Kind.REQUEST, {"device_path": path.decode()}, transaction_id=1)
    assert decode_message(decode_frame(built)).values == {"device_path": path.decode()}
    return ["frame", "proxy-path"]


def check_nas(v: Vector) -> list[str]:
    assert_frame_matches(decode_frame(raw(v)), v)
    return ["frame"]


def check_ctl(v: Vector) -> list[str]:
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    msg = decode_message(frame)
    expected = dict(v["expected"])
    if "result" in expected:
        assert_result(msg, expected.pop("result"))
    if "service" in expected:
        assert msg.values["service"] == service_number(expected.pop("service"))
    for theirs, ours in (("allocation_info", "allocation"), ("release_info", "release")):
        if theirs in expected:
            want = expected.pop(theirs)
            assert msg.values[ours] == {
                "service": service_number(want["service"]),
                "cid": want["cid"],
            }
    if v["name"].startswith("fixture setup: CTL Internal Proxy Open"):
        # The proxy's reply is an allocate-CID response with service 0xFF.
        assert msg.values["allocation"] == {"service": 0xFF, "cid": 1}
    assert not expected, f"unchecked expectations {expected}"
    assert_reencodes(msg, raw(v))
    return ["frame", "catalog", "reencode"]


def check_dms(v: Vector) -> list[str]:
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    msg = decode_message(frame)
    assert msg.definition is not None, "DMS message missing from the catalog"
    expected = dict(v["expected"])
    checks = ["frame", "catalog"]
    if expected.pop("message", None) == "request as emitted by libqmi (byte-exact compare)":
        checks.append("byte-exact")
    if "result" in expected:
        assert_result(msg, expected.pop("result"))
    for key, want in expected.items():
        assert msg.values[key] == normalise(want), key
    assert not msg.tlv_errors
    if v["name"].endswith("/string-with-trailing-tab"):
        # The tab is padding and is dropped, so the bytes cannot come back; the
        # values do.
        again = build(msg.definition, msg.kind, msg.values, result=msg.result)
        assert decode_message(decode_frame(again)).values == msg.values
        return checks
    assert_reencodes(msg, raw(v))
    return [*checks, "reencode"]


def normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: normalise(x) for k, x in value.items()}
    if isinstance(value, str) and re.search(r" \(\d+\)$", value):
        return enum_name(value)
    return value


def check_dms_get_ids_tlv_order(v: Vector) -> None:
    # The modem's TLV order (0x13, 0x12, 0x10, 0x11) is kept in values.
    msg = decode_message(decode_frame(raw(v)))
    assert list(msg.values) == ["imei_software_version", "meid", "esn", "imei"]
    assert msg.values["imei_software_version"] == "B"


def check_sierra_vendor(v: Vector) -> list[str]:
    # DMS 0x5556 is Sierra's vendor message: not in the catalog, kept raw, and
    # its NUL-terminated strings read cleanly with our string layout.
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    msg = decode_message(frame)
    assert msg.definition is None
    assert msg.result is not None and msg.result.ok
    assert set(msg.unknown) == {0x10, 0x11, 0x12, 0x13, 0x15, 0x16, 0x17, 0x18}
    text = types.tail_string()
    assert text.parse(msg.unknown[0x12]) == v["expected"]["printable_contains"]
    assert text.parse(msg.unknown[0x10]) == "MC7455"
    return ["frame", "vendor-strings"]


def check_loc_nmea(v: Vector) -> list[str]:
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    # LOC NMEA indication, TLV 0x01: a string filling the TLV; CR LF is dropped.
    nmea = frame.tlv(0x01)
    assert nmea is not None and nmea.endswith(b"\r\n")
    assert types.tail_string().parse(nmea) == v["expected"]["nmea"]
    return ["frame", "crlf-stripped"]


def check_pds_missing_size(v: Vector) -> list[str]:
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    # PDS Event Report: TLV 0x11 should be u8 mode + u16-prefixed NMEA, but only
    # the u8 is there.  The TLV is flagged; the frame still decodes.
    event_report = MessageDef(
        Service.PDS,
        0x0001,
        "event_report",
        indication=(
            TlvDef(
                0x11,
                "extended_nmea_position",
                c.Struct("operation_mode" / types.u8, "nmea" / types.string16()),
            ),
        ),
    )
    msg = decode(frame, event_report)
    assert "extended_nmea_position" not in msg.values
    assert "reading tlv would overflow" in msg.tlv_errors["extended_nmea_position"].lower()
    return ["frame", "tlv-error-flagged"]


def check_ssc(v: Vector) -> list[str]:
    frame = decode_frame(raw(v))
    assert frame.qmux_flags is None  # marker 0x02: no QMUX flags byte
    assert_frame_matches(frame, v)
    assert encode_frame(frame) == raw(v)
    # SSC Report Small: TLV 0x01 client id (u64), TLV 0x02 data (u16 count + bytes).
    client_id = frame.tlv(0x01)
    data = frame.tlv(0x02)
    assert client_id is not None and data is not None
    assert types.u64.parse(client_id) == v["expected"]["client_id_tlv"]
    assert c.Prefixed(types.u16, c.GreedyBytes).parse(data).hex() == v["expected"]["data"]
    return ["frame", "qrtr", "reencode"]


def check_new_message(v: Vector) -> list[str]:
    # Frames built with libqmi's generic constructors, message id 0xFFFF.
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    assert encode_frame(frame) == raw(v)
    msg = decode_message(frame)
    assert msg.definition is None
    if "result" in v["expected"]:
        assert_result(msg, v["expected"]["result"])
    else:
        assert msg.result is None
    if "hex_sdu" in v:
        # Only the SDU was given: adding the QMUX header gives the full frame.
        sdu_frame = decode_sdu(int(Service.DMS), 1, bytes.fromhex(v["hex_sdu"]), qmux_flags=0)
        assert sdu_frame == frame
        assert len(encode_frame(sdu_frame)) == v["expected"]["length"]
        assert sdu_frame.transaction_id == v["expected"]["transaction_id"]
    return ["frame", "reencode"]


def check_set_transaction(v: Vector) -> list[str]:
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    new_txn = int(v["expected"]["transaction_id_after_set"], 16)
    changed = encode_frame(frozen.replace(frame, transaction_id=new_txn))
    assert changed == bytes.fromhex(v["hex_after_set"])
    return ["frame", "transaction-rewrite"]


def fixed_string(size: int) -> Any:
    """Our lenient text over exactly ``size`` bytes, NUL padded on build.

    This is what ``types.fixed_string`` is meant to be; that one is built on
    ``Padded(GreedyBytes)``, which swallows the rest of the TLV and so fails when
    anything follows it (see test_types_fixed_string_inside_a_struct).
    """
    return c.FixedSized(size, types.tail_string())


# Layouts for the names libqmi's TLV reader tests use.
PRIMITIVES: dict[str, Callable[[], Any]] = {
    "guint8": lambda: types.u8,
    "gint8": lambda: types.i8,
    "guint16_le": lambda: types.u16,
    "gint16_le": lambda: types.i16,
    "guint16_be": lambda: c.Int16ub,
    "gint16_be": lambda: c.Int16sb,
    "guint32_le": lambda: types.u32,
    "gint32_le": lambda: types.i32,
    "guint32_be": lambda: c.Int32ub,
    "gint32_be": lambda: c.Int32sb,
    "guint64_le": lambda: types.u64,
    "gint64_le": lambda: c.Int64sl,
    "guint64_be": lambda: c.Int64ub,
    "gint64_be": lambda: c.Int64sb,
    "fixed_size_string_4": lambda: fixed_string(4),
    "fixed_size_string_0": lambda: fixed_string(0),
    "string_u8_prefix": types.string8,
    "string_u16_prefix": types.string16,
    "string_no_prefix_last_in_tlv": types.tail_string,
    "string_no_prefix_past_end": types.tail_string,
}


def primitive(name: str) -> Any:
    sized = re.fullmatch(r"sized_guint(\d)_(le|be)", name)
    if sized:
        return c.BytesInteger(int(sized.group(1)), swapped=sized.group(2) == "le")
    return PRIMITIVES[name]()


def check_tlv_rw(v: Vector) -> list[str]:
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    value = frame.tlv(0x01)
    assert value is not None
    assert len(value) == v["expected"]["tlv_length"]
    fields = v["expected"]["values"]
    layouts = [primitive(next(iter(f))) for f in fields]
    wanted = [next(iter(f.values())) for f in fields]
    if v["name"].endswith("/mixed"):
        # The test also writes three strings after the numbers without asserting
        # them: fixed 4 bytes, u8-prefixed and u16-prefixed "abcd".
        layouts += [fixed_string(4), types.string8(), types.string16()]
        wanted += ["abcd", "abcd", "abcd"]
    seq = c.Sequence(*layouts, c.Terminated)
    assert list(seq.parse(value))[:-1] == wanted
    # Writing the same values gives the same bytes.
    assert seq.build([*wanted, None]) == value
    return ["frame", "tlv-read", "tlv-write"]


def check_tlv_read_overflow(v: Vector) -> list[str]:
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    first, *rest = v["expected"].values()
    just_string = MessageDef(
        Service.DMS, 0xFFFF, "probe", request=(TlvDef(0x01, "s", types.string8()),)
    )
    msg = decode(frame, just_string)
    if first.startswith("error"):
        # The u8 prefix says 5 but the TLV holds 4 more bytes: refused, and the
        # next TLV (if any) is not read into; it stays raw and intact.
        assert "s" not in msg.values
        assert "overflow" in msg.tlv_errors["s"]
        if len(frame.tlvs) > 1:
            assert msg.unknown == {0x02: bytes.fromhex("0465666768")}
    else:
        assert msg.values == {"s": first}
        assert rest and rest[0].startswith("error")
        # Reading anything more from the same TLV overflows.
        string_then_more = MessageDef(
            Service.DMS,
            0xFFFF,
            "probe",
            request=(TlvDef(0x01, "s", c.Struct("s" / types.string8(), "more" / types.u8)),),
        )
        assert "overflow" in decode(frame, string_then_more).tlv_errors["s"]
    return ["frame", "tlv-overflow"]


def check_fixed_string_garbage(v: Vector) -> list[str]:
    frame = decode_frame(raw(v))
    assert_frame_matches(frame, v)
    value = frame.tlv(0x01)
    assert value is not None
    # A fixed string alone in its TLV: the layout of types.py, and the local one.
    for fixed in (types.fixed_string(4), fixed_string(4)):
        assert fixed.parse(value) == v["expected"]["read_fixed_size_string_4"]
        if v["expected"].get("bytes_zero_filled"):
            assert fixed.build("") == value == bytes(4)
    return ["frame", "lenient-string"]


def checker_for(v: Vector) -> Callable[[Vector], list[str]]:
    name: str = v["name"]
    if v["kind"] == "invalid":
        return check_invalid
    if v.get("stream"):
        return check_stream
    if name == "/libqmi-glib/message/parse/short":
        return check_short
    if name.startswith("fixture setup: CTL Internal Proxy Open (0xFF00) [request]"):
        return check_proxy_open
    if "/message/tlv-rw/fixed-size-string-garbage" in name:
        return check_fixed_string_garbage
    if "/message/tlv-rw/" in name:
        return check_tlv_rw
    if "/message/tlv-read/" in name:
        return check_tlv_read_overflow
    if "/message/set-transaction-id/" in name:
        return check_set_transaction
    if "/message/new/" in name:
        return check_new_message
    service = v["service_id"]
    if service == Service.NAS:
        return check_nas
    if service == Service.CTL:
        return check_ctl
    if service == Service.DMS and v.get("vendor_id"):
        return check_sierra_vendor
    if service == Service.DMS:
        return check_dms
    if service == Service.LOC:
        return check_loc_nmea
    if service == Service.PDS:
        return check_pds_missing_size
    if service == Service.SSC:
        return check_ssc
    raise AssertionError(f"no checker for vector {name!r}")


@pytest.mark.parametrize("index", range(len(VECTORS)), ids=lambda i: f"{i}:{VECTORS[i]['name']}")
def test_vector(index: int) -> None:
    v = VECTORS[index]
    assert checker_for(v)(v)


def test_every_vector_is_checked() -> None:
    counts: dict[str, int] = {}
    checked = 0
    for v in VECTORS:
        checks = checker_for(v)(v)
        assert checks, v["name"]
        checked += 1
        for check in checks:
            counts[check] = counts.get(check, 0) + 1
    assert checked == len(VECTORS) == 87
    # Every vector with a frame in it decodes at frame level (or is the
    # truncated / invalid / SDU-only kind, checked by its own rule).
    framed = counts["frame"] + counts["stream-cut"] + counts["incomplete-waits"]
    invalid = counts["invalid-frame-rejected"] + counts["invalid-sdu-rejected"]
    assert framed + invalid == len(VECTORS)
    assert counts["byte-exact"] == 4  # the DMS requests; NAS ones are checked elsewhere
    assert invalid == sum(v["kind"] == "invalid" for v in VECTORS)


def test_nas_vectors_all_decode_at_frame_level() -> None:
    nas = [v for v in VECTORS if v["service_id"] == Service.NAS]
    assert len(nas) == 23
    for v in nas:
        items = FrameExtractor().feed(raw(v))
        frames = [i for i in items if isinstance(i, Frame)]
        if v["name"] == "/libqmi-glib/message/parse/short":
            assert frames == []
        else:
            assert frames, v["name"]
            assert_frame_matches(frames[0], v)


def test_get_ids_keeps_the_modems_tlv_order() -> None:
    (v,) = [x for x in VECTORS if x["name"] == "/libqmi-glib/generated/dms/get-ids [response]"]
    check_dms_get_ids_tlv_order(v)


def test_types_fixed_string_inside_a_struct() -> None:
    layout = c.Struct("mcc" / types.fixed_string(3), "next" / types.u8)
    parsed = layout.parse(b"310\x05")
    assert (parsed.mcc, parsed.next) == ("310", 5)
