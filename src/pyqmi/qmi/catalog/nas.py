"""NAS (service 0x03): registration, serving system, signal, cells, network selection.

Theory of operation
-------------------
NAS answers carry many small enums and a few awkward text fields, so this module
adds five NAS-only layouts on top of ``types.py``:

- ``flags8/16/32``: bit masks decode to a list of names in bit order; bits without
  a name stay in the list as ints, so nothing is lost.
- ``band_list(words)``: band masks (LTE, NR5G) decode to the band numbers set.
- ``plmn_digits(3)``: MCC/MNC as fixed 3-byte text.  Modems pad a 2-digit MNC
  with 0xFF and send all-zero bytes when there is no network; both decode to a
  plain string ("24", "").
- ``network_text()``: operator descriptions.  Printable UTF-8 is taken as is,
  anything else is read as packed GSM 03.38 (modems send both; "Iliad" comes
  packed).  ``plmn_name(...)`` does the same for names whose encoding a sibling
  field states (GSM-7 or UCS-2).
- ``bcd_plmn()``: the 3-byte BCD PLMN of cell info, as ``{"mcc", "mnc"}``.

Every text decodes to a ``WireText``: a ``str`` that remembers its raw bytes, so
building a parsed message again gives the bytes the modem sent.  A plain ``str``
is encoded the obvious way (UTF-8, GSM-7 or UCS-2 as the field says).
"""

from __future__ import annotations

from typing import Any

import construct as c

from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import (
    Layout,
    array8,
    array16,
    boolean,
    enum8,
    enum16,
    enum32,
    i8,
    i16,
    i32,
    u8,
    u16,
    u32,
    u64,
)

S = Service.NAS

# --------------------------------------------------------------------------- layouts


class WireText(str):
    """Decoded text that keeps the bytes it came from (for byte-exact re-encoding)."""

    wire: bytes
    codec: str

    def __new__(cls, text: str, wire: bytes = b"", codec: str = "") -> WireText:
        obj = super().__new__(cls, text)
        obj.wire = wire
        obj.codec = codec
        return obj

    def __getnewargs__(self) -> tuple[str, bytes, str]:  # type: ignore[override]
        return (str(self), self.wire, self.codec)


def _wire(obj: Any, codec: str) -> bytes | None:
    if isinstance(obj, WireText) and obj.codec == codec:
        return obj.wire
    return None


_STRIP = "\x00\t\r\n "
# GSM 03.38 default alphabet and its escape (0x1B) extension table.
_GSM7 = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXT = {0x0A: "\f", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~"}
_GSM7_EXT |= {0x3E: "]", 0x40: "|", 0x65: "€"}
_GSM7_REVERSE = {ch: i for i, ch in enumerate(_GSM7) if i != 0x1B}
_GSM7_EXT_REVERSE = {ch: i for i, ch in _GSM7_EXT.items()}
assert len(_GSM7) == 128


def gsm7_unpack(data: bytes, spare_bits: int = 0) -> str:
    """Packed GSM 03.38 septets to text; ``spare_bits`` unused bits end the last octet."""
    count = (len(data) * 8 - spare_bits) // 7
    value = int.from_bytes(data, "little")
    septets = [(value >> (7 * i)) & 0x7F for i in range(count)]
    if not spare_bits and len(data) % 7 == 0 and septets and septets[-1] == 0:
        septets.pop()  # seven octets hold eight septets; the eighth is padding
    out: list[str] = []
    escape = False
    for s in septets:
        if escape:
            out.append(_GSM7_EXT.get(s, " "))
            escape = False
        elif s == 0x1B:
            escape = True
        else:
            out.append(_GSM7[s])
    return "".join(out)


def gsm7_pack(text: str) -> bytes:
    septets: list[int] = []
    for ch in text:
        if ch in _GSM7_REVERSE:
            septets.append(_GSM7_REVERSE[ch])
        elif ch in _GSM7_EXT_REVERSE:
            septets += [0x1B, _GSM7_EXT_REVERSE[ch]]
        else:
            raise c.ExplicitError(f"{ch!r} has no GSM 03.38 encoding")
    value = sum(s << (7 * i) for i, s in enumerate(septets))
    return value.to_bytes((len(septets) * 7 + 7) // 8, "little")


def _printable_utf8(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if all(ch.isprintable() or ch in "\t\r\n" for ch in text.rstrip("\x00")):
        return text.rstrip(_STRIP)
    return None


class _NetworkText(c.Adapter):  # type: ignore[type-arg]
    def _decode(self, obj: bytes, context: Any, path: Any) -> str:
        text = _printable_utf8(obj)
        if text is None:
            text = gsm7_unpack(obj.rstrip(b"\x00"))
        return WireText(text, obj, "network_text")

    def _encode(self, obj: str, context: Any, path: Any) -> bytes:
        return _wire(obj, "network_text") or obj.encode("utf-8")


def network_text() -> Layout:
    """A u8-prefixed operator description: UTF-8, or packed GSM-7 when not printable."""
    return _NetworkText(c.Prefixed(u8, c.GreedyBytes))


class _FixedText(c.Adapter):  # type: ignore[type-arg]
    def __init__(self, size: int, pad: bytes) -> None:
        super().__init__(c.Bytes(size))
        self.size = size
        self.pad = pad
        self.codec = f"fixed{size}"

    def _decode(self, obj: bytes, context: Any, path: Any) -> str:
        raw = obj
        for stop in (b"\x00", b"\xff"):
            raw = raw.split(stop, 1)[0]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = raw[: exc.start].decode("utf-8")
        return WireText(text.rstrip(_STRIP), obj, self.codec)

    def _encode(self, obj: str, context: Any, path: Any) -> bytes:
        wire = _wire(obj, self.codec)
        if wire is not None:
            return wire
        data = obj.encode("utf-8")
        if len(data) > self.size:
            raise c.ExplicitError(f"{obj!r} does not fit in {self.size} bytes")
        pad = self.pad if data else b"\x00"
        return data + pad * (self.size - len(data))


def plmn_digits() -> Layout:
    """MCC or MNC as 3 bytes of text; a short value is padded with 0xFF, none is NULs."""
    return _FixedText(3, b"\xff")


def fixed_text(size: int) -> Layout:
    return _FixedText(size, b"\x00")


class _PlmnName(c.Adapter):  # type: ignore[type-arg]
    """A name whose encoding (gsm / ucs2le) and spare bits are sibling fields."""

    def __init__(self, spare_field: str) -> None:
        super().__init__(c.Prefixed(u8, c.GreedyBytes))
        self.spare_field = spare_field

    def _decode(self, obj: bytes, context: Any, path: Any) -> str:
        encoding = context.get("name_encoding")
        if encoding in ("ucs2le", 1):
            text = obj.decode("utf-16-le", errors="replace")
        else:
            spare = context.get(self.spare_field)
            spare_bits = int(_SPARE_BITS.get(spare, spare)) if spare is not None else 0
            text = gsm7_unpack(obj, spare_bits if 0 < spare_bits < 8 else 0)
        return WireText(text.rstrip("\x00"), obj, f"plmn_name:{encoding}")

    def _encode(self, obj: str, context: Any, path: Any) -> bytes:
        encoding = context.get("name_encoding")
        wire = _wire(obj, f"plmn_name:{encoding}")
        if wire is not None:
            return wire
        if encoding in ("ucs2le", 1):
            return obj.encode("utf-16-le")
        return gsm7_pack(obj)


def plmn_name(spare_field: str) -> Layout:
    return _PlmnName(spare_field)


class _Flags(c.Adapter):  # type: ignore[type-arg]
    def __init__(self, subcon: Layout, names: dict[str, int]) -> None:
        super().__init__(subcon)
        self.names = names

    def _decode(self, obj: int, context: Any, path: Any) -> list[str | int]:
        out: list[str | int] = []
        rest = obj
        for name, bit in sorted(self.names.items(), key=lambda kv: kv[1]):
            if obj & bit == bit and bit:
                out.append(name)
                rest &= ~bit
        bit = 1
        while rest:
            if rest & bit:
                out.append(bit)
                rest &= ~bit
            bit <<= 1
        return out

    def _encode(self, obj: int | list[str | int], context: Any, path: Any) -> int:
        if isinstance(obj, int):
            return obj
        value = 0
        for item in obj:
            if isinstance(item, int):
                value |= item
            elif item in self.names:
                value |= self.names[item]
            else:
                raise c.ExplicitError(f"unknown flag {item!r}; known: {sorted(self.names)}")
        return value


def flags8(**names: int) -> Layout:
    return _Flags(u8, names)


def flags16(**names: int) -> Layout:
    return _Flags(u16, names)


class _BandList(c.Adapter):  # type: ignore[type-arg]
    """Bit n of the concatenated u64 words means band n + 1."""

    def __init__(self, words: int) -> None:
        super().__init__(c.Array(words, u64))
        self.words = words

    def _decode(self, obj: list[int], context: Any, path: Any) -> list[int]:
        mask = sum(word << (64 * i) for i, word in enumerate(obj))
        return [n + 1 for n in range(64 * self.words) if mask >> n & 1]

    def _encode(self, obj: list[int], context: Any, path: Any) -> list[int]:
        mask = 0
        for band in obj:
            if not 1 <= band <= 64 * self.words:
                raise c.ExplicitError(f"band {band} is outside 1..{64 * self.words}")
            mask |= 1 << (band - 1)
        return [(mask >> (64 * i)) & (2**64 - 1) for i in range(self.words)]


def band_list(words: int) -> Layout:
    return _BandList(words)


_HEX = "0123456789abcdef"


class _BcdPlmn(c.Adapter):  # type: ignore[type-arg]
    """3GPP TS 24.008 PLMN: MCC2 MCC1 | MNC3 MCC3 | MNC2 MNC1 nibbles; MNC3 0xF = absent."""

    def _decode(self, obj: bytes, context: Any, path: Any) -> dict[str, str]:
        n = [obj[0] & 0xF, obj[0] >> 4, obj[1] & 0xF, obj[2] & 0xF, obj[2] >> 4, obj[1] >> 4]
        mnc = "".join(_HEX[d] for d in n[3:5]) + ("" if n[5] == 0xF else _HEX[n[5]])
        return {"mcc": "".join(_HEX[d] for d in n[:3]), "mnc": mnc}

    def _encode(self, obj: dict[str, str], context: Any, path: Any) -> bytes:
        mcc, mnc = obj["mcc"].lower(), obj["mnc"].lower()
        if len(mcc) != 3 or len(mnc) not in (2, 3) or any(d not in _HEX for d in mcc + mnc):
            raise c.ExplicitError(f"PLMN {mcc!r}/{mnc!r} is not 3 + 2 or 3 digits")
        d = [_HEX.index(ch) for ch in mcc + mnc] + ([0xF] if len(mnc) == 2 else [])
        return bytes([d[1] << 4 | d[0], d[5] << 4 | d[2], d[4] << 4 | d[3]])


def bcd_plmn() -> Layout:
    return _BcdPlmn(c.Bytes(3))


# --------------------------------------------------------------------------- enums

RADIO_INTERFACE_VALUES = {
    "none": 0x00,
    "cdma_1x": 0x01,
    "cdma_1xevdo": 0x02,
    "amps": 0x03,
    "gsm": 0x04,
    "umts": 0x05,
    "lte": 0x08,
    "td_scdma": 0x09,
    "5gnr": 0x0C,
    "unknown": 0xFF,  # -1 as the signed byte some TLVs use; "no change" in requests
}
REGISTRATION_STATE_VALUES = {
    "not_registered": 0,
    "registered": 1,
    "not_registered_searching": 2,
    "registration_denied": 3,
    "unknown": 4,
}
SERVICE_DOMAIN_VALUES = {"none": 0, "cs": 1, "ps": 2, "cs_ps": 3, "camped": 4}
ROAMING_STATUS_VALUES = {
    "off": 0x00,
    "on": 0x01,
    "blink": 0x02,
    "out_of_neighborhood": 0x03,
    "out_of_building": 0x04,
    "preferred_system": 0x05,
    "available_system": 0x06,
    "alliance_partner": 0x07,
    "premium_partner": 0x08,
    "full_service": 0x09,
    "partial_service": 0x0A,
    "banner_on": 0x0B,
    "banner_off": 0x0C,
}
REJECT_CAUSE_VALUES = {
    "none": 0x00,
    "imsi_unknown_in_hlr": 0x02,
    "illegal_ue": 0x03,
    "imsi_unknown_in_vlr": 0x04,
    "imei_not_accepted": 0x05,
    "illegal_me": 0x06,
    "ps_services_not_allowed": 0x07,
    "ps_and_non_ps_services_not_allowed": 0x08,
    "ue_identity_not_derived_by_network": 0x09,
    "implicitly_detached": 0x0A,
    "plmn_not_allowed": 0x0B,
    "location_area_not_allowed": 0x0C,
    "roaming_in_location_area_not_allowed": 0x0D,
    "ps_services_in_location_area_not_allowed": 0x0E,
    "no_suitable_cells_in_location_area": 0x0F,
    "msc_temporarily_not_reachable": 0x10,
    "network_failure": 0x11,
    "cs_domain_not_available": 0x12,
    "esm_failure": 0x13,
    "mac_failure": 0x14,
    "synch_failure": 0x15,
    "congestion": 0x16,
    "ue_security_capabilities_mismatch": 0x17,
    "security_mode_rejected_unspecified": 0x18,
    "csg_not_authorized": 0x19,
    "non_eps_authentication_unacceptable": 0x1A,
    "sms_provided_by_gprs_in_routing_area": 0x1C,
    "redirection_to_5gcn_required": 0x1F,
    "service_option_not_supported": 0x20,
    "requested_service_option_not_subscribed": 0x21,
    "service_option_temporarily_out_of_order": 0x22,
    "requested_service_option_not_authorized": 0x23,
    "call_cannot_be_identified": 0x26,
    "cs_service_temporarily_not_available": 0x27,
    "no_eps_bearer_context_activated": 0x28,
    "severe_network_failure": 0x2A,
    **{f"retry_upon_entry_into_new_cell_{n}": 0x30 + n for n in range(16)},
    "semantically_incorrect_message": 0x5F,
    "invalid_mandatory_information": 0x60,
    "message_type_non_existent": 0x61,
    "message_type_not_compatible": 0x62,
    "information_element_non_existent": 0x63,
    "conditional_information_element_error": 0x64,
    "message_not_compatible": 0x65,
    "unspecified_protocol_error": 0x6F,
}
_SPARE_BITS = {"unknown": 0, "bit_8": 1, "bits_78": 2, "bits_68": 3, "bits_58": 4}
_SPARE_BITS |= {"bits_48": 5, "bits_38": 6, "bits_28": 7}

RADIO_INTERFACE = enum8(**RADIO_INTERFACE_VALUES)
REGISTRATION_STATE = enum8(**REGISTRATION_STATE_VALUES)
SERVICE_DOMAIN = enum8(**SERVICE_DOMAIN_VALUES)
ROAMING_STATUS = enum8(**ROAMING_STATUS_VALUES)
REJECT_CAUSE = enum8(**REJECT_CAUSE_VALUES)
ATTACH_STATE = enum8(unknown=0, attached=1, detached=2)
NETWORK_TYPE = enum8(unknown=0, **{"3gpp2": 1, "3gpp": 2})
ROAMING_INDICATOR = enum8(on=0, off=1)
SERVICE_STATUS = enum8(none=0, limited=1, available=2, limited_regional=3, power_save=4)
DATA_CAPABILITY = enum8(
    none=0x00,
    gprs=0x01,
    edge=0x02,
    hsdpa=0x03,
    hsupa=0x04,
    wcdma=0x05,
    cdma=0x06,
    evdo_rev_0=0x07,
    evdo_rev_a=0x08,
    gsm=0x09,
    evdo_rev_b=0x0A,
    lte=0x0B,
    hsdpa_plus=0x0C,
    dc_hsdpa_plus=0x0D,
)
CALL_BARRING_STATUS = c.Enum(
    i32, normal_only=0, emergency_only=1, no_calls=2, all_calls=3, unknown=-1
)
HDR_PERSONALITY = enum8(unknown=0, hrpd=1, ehrpd=2)
HDR_PROTOCOL_REVISION = enum8(none=0, rel_0=1, rel_a=2, rel_b=3)
WCDMA_HS_SERVICE = enum8(
    hsdpa_hsupa_unsupported=0,
    hsdpa_supported=1,
    hsupa_supported=2,
    hsdpa_hsupa_supported=3,
    hsdpa_plus_supported=4,
    hsdpa_plus_hsupa_supported=5,
    dc_hsdpa_plus_supported=6,
    dc_hsdpa_plus_hsupa_supported=7,
)
CELL_BROADCAST = enum32(unknown=0, off=1, on=2)
SIM_REJECT_STATE = enum32(
    sim_unavailable=0, sim_available=1, sim_cs_invalid=2, sim_ps_invalid=3, sim_cs_ps_invalid=4
)
LTE_VOICE_DOMAIN = enum32(none=0, ims=1, **{"1x": 2, "3gpp": 3})
LTE_REGISTRATION_DOMAIN = enum32(not_applicable=0, cs_only=1, ps_only=2, cs_ps=3, limited_service=4)
LTE_CELL_ACCESS_STATUS = enum32(
    normal_only=0, emergency_only=1, no_calls=2, all_calls=3, unknown=0xFF
)
REGISTRATION_RESTRICTION = enum32(unrestricted=0, camped_only=1, limited=2)
NETWORK_NAME_SOURCE = enum32(
    unknown=0,
    operator_plmn_list_and_plmn_network_name=1,
    common_pcn_handset_specification_and_operator_name_string=2,
    nitz=3,
    se13=4,
    mcc_mnc=5,
    service_provider_name=6,
)
EVDO_SINR_LEVEL = enum8(**{f"level_{n}": n for n in range(9)})
CHANGE_DURATION = enum8(power_cycle=0, permanent=1)
NETWORK_REGISTER_TYPE = enum8(automatic=1, manual=2)
NETWORK_SCAN_RESULT = enum32(success=0, abort=1, radio_link_failure=2)
NETWORK_SELECTION = enum8(automatic=0, manual=1)
CDMA_PRL_PREFERENCE = enum16(a_side_only=1, b_side_only=2, any=0x3FFF)
ROAMING_PREFERENCE = enum16(off=1, not_off=2, not_flashing=3, any=0xFF)
SERVICE_DOMAIN_PREFERENCE = enum32(cs_only=0, ps_only=1, cs_ps=2, ps_attach=3, ps_detach=4)
GSM_WCDMA_ACQUISITION_ORDER = enum32(automatic=0, gsm=1, wcdma=2)
USAGE_PREFERENCE = enum32(unknown=0, voice_centric=1, data_centric=2)
VOICE_DOMAIN_PREFERENCE = enum32(cs_only=0, ps_only=1, cs_preferred=2, ps_preferred=3)
DESCRIPTION_DISPLAY = enum8(no=0, yes=1, unknown=0xFF)
DESCRIPTION_ENCODING = enum8(unspecified=0, ascii7=1, unicode=4, gsm=9)
PLMN_ENCODING = enum8(gsm=0, ucs2le=1)
COUNTRY_INITIALS = enum8(do_not_add=0, add=1, unspecified=0xFF)
SPARE_BITS = enum8(**_SPARE_BITS)
WCDMA_RRC_STATE = enum32(disconnected=0, cell_pch=1, ura_pch=2, cell_fach=3, cell_dch=4)

NETWORK_STATUS = flags8(
    current_serving=1 << 0,
    available=1 << 1,
    home=1 << 2,
    roaming=1 << 3,
    forbidden=1 << 4,
    not_forbidden=1 << 5,
    preferred=1 << 6,
    not_preferred=1 << 7,
)
NETWORK_SCAN_TYPE = flags8(gsm=1, umts=2, lte=4, td_scdma=8, **{"5gnr": 16})
RAT_MODE_PREFERENCE = flags16(
    cdma_1x=1 << 0,
    cdma_1xevdo=1 << 1,
    gsm=1 << 2,
    umts=1 << 3,
    lte=1 << 4,
    td_scdma=1 << 5,
    **{"5gnr": 1 << 6},
)
SIGNAL_STRENGTH_REQUEST = flags16(
    rssi=1 << 0,
    ecio=1 << 1,
    io=1 << 2,
    sinr=1 << 3,
    error_rate=1 << 4,
    rsrq=1 << 5,
    lte_snr=1 << 6,
    lte_rsrp=1 << 7,
)
NAME_DISPLAY_CONDITION = flags8(
    display_registered_plmn_if_known_network=1,
    display_spn_not_required_if_unknown_network=2,
)
TD_SCDMA_BANDS = _Flags(u64, {b: 1 << i for i, b in enumerate("abcdef")})

# --------------------------------------------------------------------------- structs

_mcc_mnc = ("mcc" / u16, "mnc" / u16)
_pcs_status = c.Struct(*_mcc_mnc, "includes_pcs_digit" / boolean)
_plmn_with_description = c.Struct(*_mcc_mnc, "description" / network_text())
_sid_nid = c.Struct("sid" / u16, "nid" / u16)
_call_barring = c.Struct("cs_status" / CALL_BARRING_STATUS, "ps_status" / CALL_BARRING_STATUS)
_radio_item = "radio_interface" / RADIO_INTERFACE

_status2 = c.Struct("service_status" / SERVICE_STATUS, "preferred_data_path" / boolean)
_status3 = c.Struct(
    "service_status" / SERVICE_STATUS,
    "true_service_status" / SERVICE_STATUS,
    "preferred_data_path" / boolean,
)
_sys_head = (
    "domain_valid" / boolean,
    "domain" / SERVICE_DOMAIN,
    "service_capability_valid" / boolean,
    "service_capability" / SERVICE_DOMAIN,
    "roaming_status_valid" / boolean,
    "roaming_status" / ROAMING_STATUS,
    "forbidden_valid" / boolean,
    "forbidden" / boolean,
)


def _sys_cell(reject_cause: Layout) -> tuple[Any, ...]:
    return (
        "lac_valid" / boolean,
        "lac" / u16,
        "cid_valid" / boolean,
        "cid" / u32,
        "registration_reject_info_valid" / boolean,
        "registration_reject_domain" / SERVICE_DOMAIN,
        "registration_reject_cause" / reject_cause,
        "network_id_valid" / boolean,
        "mcc" / plmn_digits(),
        "mnc" / plmn_digits(),
    )


_hs = (
    "hs_call_status_valid" / boolean,
    "hs_call_status" / WCDMA_HS_SERVICE,
    "hs_service_valid" / boolean,
    "hs_service" / WCDMA_HS_SERVICE,
)
_tac = ("tac_valid" / boolean, "tac" / u16)
_cdma_sys = c.Struct(
    *_sys_head,
    "prl_match_valid" / boolean,
    "prl_match" / boolean,
    "p_rev_valid" / boolean,
    "p_rev" / u8,
    "base_station_p_rev_valid" / boolean,
    "base_station_p_rev" / u8,
    "concurrent_service_support_valid" / boolean,
    "concurrent_service_support" / boolean,
    "cdma_system_id_valid" / boolean,
    "sid" / u16,
    "nid" / u16,
    "base_station_info_valid" / boolean,
    "base_station_id" / u16,
    "base_station_latitude" / i32,
    "base_station_longitude" / i32,
    "packet_zone_valid" / boolean,
    "packet_zone" / u16,
    "network_id_valid" / boolean,
    "mcc" / plmn_digits(),
    "mnc" / plmn_digits(),
)
_hdr_sys = c.Struct(
    *_sys_head,
    "prl_match_valid" / boolean,
    "prl_match" / boolean,
    "personality_valid" / boolean,
    "personality" / HDR_PERSONALITY,
    "protocol_revision_valid" / boolean,
    "protocol_revision" / HDR_PROTOCOL_REVISION,
    "is_856_system_id_valid" / boolean,
    "is_856_system_id" / fixed_text(16),
)
_gsm_sys = c.Struct(
    *_sys_head,
    *_sys_cell(REJECT_CAUSE),
    "egprs_support_valid" / boolean,
    "egprs_support" / boolean,
    "dtm_support_valid" / boolean,
    "dtm_support" / boolean,
)
_wcdma_sys = c.Struct(
    *_sys_head,
    *_sys_cell(REJECT_CAUSE),
    *_hs,
    "primary_scrambling_code_valid" / boolean,
    "primary_scrambling_code" / u16,
)
_lte_sys = c.Struct(*_sys_head, *_sys_cell(REJECT_CAUSE), *_tac)
_nr5g_sys = c.Struct(*_sys_head, *_sys_cell(u8), *_tac)
_td_scdma_sys = c.Struct(
    *_sys_head,
    *_sys_cell(REJECT_CAUSE),
    *_hs,
    "cell_parameter_id_valid" / boolean,
    "cell_parameter_id" / u16,
    "cell_broadcast_support_valid" / boolean,
    "cell_broadcast_support" / CELL_BROADCAST,
    "cs_call_barring_status_valid" / boolean,
    "cs_call_barring_status" / CALL_BARRING_STATUS,
    "ps_call_barring_status_valid" / boolean,
    "ps_call_barring_status" / CALL_BARRING_STATUS,
    "cipher_domain_valid" / boolean,
    "cipher_domain" / SERVICE_DOMAIN,
)
_geo_broadcast = c.Struct("geo_system_index" / u16, "cell_broadcast_support" / CELL_BROADCAST)
_nr5g_tac = c.BytesInteger(3)  # 24-bit, network order

_plmn_name_fields = (
    "name_encoding" / PLMN_ENCODING,
    "short_country_initials" / COUNTRY_INITIALS,
    "long_name_spare_bits" / SPARE_BITS,
    "short_name_spare_bits" / SPARE_BITS,
    "long_name" / plmn_name("long_name_spare_bits"),
    "short_name" / plmn_name("short_name_spare_bits"),
)

# Cell location info.
_geran_cell = c.Struct(
    "cell_id" / u32,
    "plmn" / bcd_plmn(),
    "lac" / u16,
    "arfcn" / u16,
    "bsic" / u8,
    "rx_level" / u16,
)
_geran_info = c.Struct(
    "cell_id" / u32,
    "plmn" / bcd_plmn(),
    "lac" / u16,
    "arfcn" / u16,
    "bsic" / u8,
    "timing_advance" / u32,
    "rx_level" / u16,
    "cells" / array8(_geran_cell),
)
_umts_info = c.Struct(
    "cell_id" / u16,
    "plmn" / bcd_plmn(),
    "lac" / u16,
    "uarfcn" / u16,
    "primary_scrambling_code" / u16,
    "rscp" / i16,
    "ecio" / i16,
    "cells"
    / array8(c.Struct("uarfcn" / u16, "primary_scrambling_code" / u16, "rscp" / i16, "ecio" / i16)),
    "neighboring_geran"
    / array8(
        c.Struct(
            "arfcn" / u16,
            "network_color_code" / u8,
            "base_station_color_code" / u8,
            "rssi" / i16,
        )
    ),
)
_cdma_info = c.Struct(
    "system_id" / u16,
    "network_id" / u16,
    "base_station_id" / u16,
    "reference_pn" / u16,
    "latitude" / u32,
    "longitude" / u32,
)
_lte_cell = c.Struct(
    "physical_cell_id" / u16,
    "rsrq" / i16,
    "rsrp" / i16,
    "rssi" / i16,
    "cell_selection_rx_level" / i16,
)
_intrafrequency_lte = c.Struct(
    "ue_in_idle" / boolean,
    "plmn" / bcd_plmn(),
    "tracking_area_code" / u16,
    "global_cell_id" / u32,
    "earfcn" / u16,
    "serving_cell_id" / u16,
    "cell_reselection_priority" / u8,
    "s_non_intra_search_threshold" / u8,
    "serving_cell_low_threshold" / u8,
    "s_intra_search_threshold" / u8,
    "cells" / array8(_lte_cell),
)
_interfrequency_lte = c.Struct(
    "ue_in_idle" / boolean,
    "frequencies"
    / array8(
        c.Struct(
            "earfcn" / u16,
            "cell_selection_rx_level_low_threshold" / u8,
            "cell_selection_rx_level_high_threshold" / u8,
            "cell_reselection_priority" / u8,
            "cells" / array8(_lte_cell),
        )
    ),
)
_lte_neighboring_gsm = c.Struct(
    "ue_in_idle" / boolean,
    "frequencies"
    / array8(
        c.Struct(
            "cell_reselection_priority" / u8,
            "cell_reselection_high_threshold" / u8,
            "cell_reselection_low_threshold" / u8,
            "ncc_permitted" / u8,
            "cells"
            / array8(
                c.Struct(
                    "arfcn" / u16,
                    "band_is_1900" / boolean,
                    "cell_id_valid" / boolean,
                    "bsic" / u8,
                    "rssi" / i16,
                    "cell_selection_rx_level" / i16,
                )
            ),
        )
    ),
)
_lte_neighboring_wcdma = c.Struct(
    "ue_in_idle" / boolean,
    "frequencies"
    / array8(
        c.Struct(
            "uarfcn" / u16,
            "cell_reselection_priority" / u8,
            "cell_reselection_high_threshold" / u16,
            "cell_reselection_low_threshold" / u16,
            "cells"
            / array8(
                c.Struct(
                    "primary_scrambling_code" / u16,
                    "cpich_rscp" / i16,
                    "cpich_ecno" / i16,
                    "cell_selection_rx_level" / i16,
                )
            ),
        )
    ),
)
_umts_neighboring_lte = c.Struct(
    "rrc_state" / WCDMA_RRC_STATE,
    "frequencies"
    / array8(
        c.Struct(
            "earfcn" / u16,
            "physical_cell_id" / u16,
            "rsrp" / c.Float32l,
            "rsrq" / c.Float32l,
            "cell_selection_rx_level" / i16,
            "is_tdd" / boolean,
        )
    ),
)
_nr5g_cell = c.Struct(
    "plmn" / bcd_plmn(),
    "tracking_area_code" / _nr5g_tac,
    "global_cell_id" / u64,
    "physical_cell_id" / u16,
    "rsrq" / i16,
    "rsrp" / i16,
    "snr" / i16,
)

# --------------------------------------------------------------------------- messages

REGISTER_INDICATIONS = MessageDef(
    S,
    0x0003,
    "register_indications",
    title="NAS Register Indications",
    request=(
        TlvDef(0x10, "system_selection_preference", boolean),
        TlvDef(0x12, "ddtm_events", boolean),
        TlvDef(0x13, "serving_system_events", boolean),
        TlvDef(0x14, "dual_standby_preference", boolean),
        TlvDef(0x15, "subscription_info", boolean),
        TlvDef(0x17, "network_time", boolean),
        TlvDef(0x18, "system_info", boolean),
        TlvDef(0x19, "signal_info", boolean),
        TlvDef(0x1A, "error_rate", boolean),
        TlvDef(0x1B, "hdr_new_uati_assigned", boolean),
        TlvDef(0x1C, "hdr_session_closed", boolean),
        TlvDef(0x1D, "managed_roaming", boolean),
        TlvDef(0x1E, "current_plmn_name", boolean),
        TlvDef(0x1F, "embms_status", boolean),
        TlvDef(0x20, "rf_band_information", boolean),
        TlvDef(
            0x21,
            "network_reject_information",
            c.Struct("enable" / boolean, "suppress_system_info" / boolean),
        ),
    ),
)

GET_SIGNAL_STRENGTH = MessageDef(
    S,
    0x0020,
    "get_signal_strength",
    title="NAS Get Signal Strength",
    request=(TlvDef(0x10, "request_mask", SIGNAL_STRENGTH_REQUEST),),
    response=(
        TlvDef(0x01, "signal_strength", c.Struct("strength_dbm" / i8, _radio_item)),
        TlvDef(0x10, "strength_list", array16(c.Struct("strength_dbm" / i8, _radio_item))),
        # RSSI as a magnitude (-dBm); ECIO in -0.5 dB units.
        TlvDef(0x11, "rssi_list", array16(c.Struct("rssi" / u8, _radio_item))),
        TlvDef(0x12, "ecio_list", array16(c.Struct("ecio" / u8, _radio_item))),
        TlvDef(0x13, "io", i32),
        TlvDef(0x14, "sinr", EVDO_SINR_LEVEL),
        TlvDef(0x15, "error_rate_list", array16(c.Struct("rate" / u16, _radio_item))),
        TlvDef(0x16, "rsrq", c.Struct("rsrq" / i8, _radio_item)),
        TlvDef(0x17, "lte_snr", i16),  # 0.1 dB
        TlvDef(0x18, "lte_rsrp", i16),
    ),
)

NETWORK_SCAN = MessageDef(
    S,
    0x0021,
    "network_scan",
    title="NAS Network Scan",
    request=(TlvDef(0x10, "network_type", NETWORK_SCAN_TYPE),),
    response=(
        TlvDef(
            0x10,
            "network_information",
            array16(
                c.Struct(
                    *_mcc_mnc, "network_status" / NETWORK_STATUS, "description" / network_text()
                )
            ),
        ),
        TlvDef(0x11, "radio_access_technology", array16(c.Struct(*_mcc_mnc, _radio_item))),
        TlvDef(0x12, "mnc_pcs_digit_include_status", array16(_pcs_status)),
        TlvDef(0x13, "network_scan_result", NETWORK_SCAN_RESULT),
    ),
)

INITIATE_NETWORK_REGISTER = MessageDef(
    S,
    0x0022,
    "initiate_network_register",
    title="NAS Initiate Network Register",
    request=(
        TlvDef(0x01, "action", NETWORK_REGISTER_TYPE),
        TlvDef(0x10, "manual_registration_info_3gpp", c.Struct(*_mcc_mnc, _radio_item)),
        TlvDef(0x11, "change_duration", CHANGE_DURATION),
        TlvDef(0x12, "mnc_pcs_digit_include_status", boolean),
    ),
)

_serving_system = c.Struct(
    "registration_state" / REGISTRATION_STATE,
    "cs_attach_state" / ATTACH_STATE,
    "ps_attach_state" / ATTACH_STATE,
    "selected_network" / NETWORK_TYPE,
    "radio_interfaces" / array8(RADIO_INTERFACE),
)
_detailed_service_status = c.Struct(
    "status" / SERVICE_STATUS,
    "capability" / SERVICE_DOMAIN,
    "hdr_status" / SERVICE_STATUS,
    "hdr_hybrid" / boolean,
    "forbidden" / boolean,
)
_serving_common = (
    TlvDef(0x01, "serving_system", _serving_system),
    TlvDef(0x10, "roaming_indicator", ROAMING_INDICATOR),
    TlvDef(0x11, "data_service_capability", array8(DATA_CAPABILITY)),
    TlvDef(0x12, "current_plmn", _plmn_with_description),
    TlvDef(0x13, "cdma_system_id", _sid_nid),
    TlvDef(
        0x14,
        "cdma_base_station_info",
        c.Struct("base_station_id" / u16, "latitude" / i32, "longitude" / i32),
    ),
    TlvDef(
        0x15,
        "roaming_indicator_list",
        array8(c.Struct(_radio_item, "roaming_indicator" / ROAMING_INDICATOR)),
    ),
    TlvDef(0x16, "default_roaming_indicator", ROAMING_INDICATOR),
    TlvDef(
        0x17,
        "time_zone_3gpp2",
        c.Struct("leap_seconds" / u8, "local_time_offset" / i8, "daylight_saving_time" / boolean),
    ),
    TlvDef(0x18, "cdma_p_rev", u8),
)
# TLVs from 0x19 on are numbered differently in the response and the indication.
_serving_later: dict[str, Layout] = {
    "time_zone_3gpp": i8,  # quarter hours
    "daylight_saving_time_adjustment_3gpp": u8,
    "lac_3gpp": u16,
    "cid_3gpp": u32,
    "concurrent_service_info_3gpp2": boolean,
    "prl_indicator_3gpp2": boolean,
    "dtm_support": boolean,
    "detailed_service_status": _detailed_service_status,
    "cdma_system_info": c.Struct("mcc" / u16, "imsi_11_12" / u8),
    "hdr_personality": HDR_PERSONALITY,
    "lte_tac": u16,
    "call_barring_status": _call_barring,
    "umts_primary_scrambling_code": u16,
    "mnc_pcs_digit_include_status": _pcs_status,
    "network_name_source": NETWORK_NAME_SOURCE,
    "plmn_name_flag_3gpp": boolean,
    "universal_time_and_local_time_zone_3gpp": c.Struct(
        "year" / u16,
        "month" / u8,
        "day" / u8,
        "hour" / u8,
        "minute" / u8,
        "second" / u8,
        "time_zone" / i8,
    ),
    "plmn_not_changed_indication": boolean,
}


def _numbered(numbering: dict[int, str], layouts: dict[str, Layout]) -> tuple[TlvDef, ...]:
    return tuple(TlvDef(t, name, layouts[name]) for t, name in numbering.items())


GET_SERVING_SYSTEM = MessageDef(
    S,
    0x0024,
    "get_serving_system",
    title="NAS Get Serving System",
    response=_serving_common
    + _numbered(
        {
            0x1A: "time_zone_3gpp",
            0x1B: "daylight_saving_time_adjustment_3gpp",
            0x1C: "lac_3gpp",
            0x1D: "cid_3gpp",
            0x1E: "concurrent_service_info_3gpp2",
            0x1F: "prl_indicator_3gpp2",
            0x20: "dtm_support",
            0x21: "detailed_service_status",
            0x22: "cdma_system_info",
            0x23: "hdr_personality",
            0x24: "lte_tac",
            0x25: "call_barring_status",
            0x26: "umts_primary_scrambling_code",
            0x27: "mnc_pcs_digit_include_status",
            0x29: "network_name_source",
        },
        _serving_later,
    ),
    indication=_serving_common
    + _numbered(
        {
            0x19: "plmn_name_flag_3gpp",
            0x1A: "time_zone_3gpp",
            0x1B: "daylight_saving_time_adjustment_3gpp",
            0x1C: "universal_time_and_local_time_zone_3gpp",
            0x1D: "lac_3gpp",
            0x1E: "cid_3gpp",
            0x1F: "concurrent_service_info_3gpp2",
            0x20: "prl_indicator_3gpp2",
            0x21: "dtm_support",
            0x22: "detailed_service_status",
            0x23: "cdma_system_info",
            0x24: "hdr_personality",
            0x25: "lte_tac",
            0x26: "call_barring_status",
            0x27: "plmn_not_changed_indication",
            0x28: "umts_primary_scrambling_code",
            0x29: "mnc_pcs_digit_include_status",
            0x2B: "network_name_source",
        },
        _serving_later,
    ),
)

GET_HOME_NETWORK = MessageDef(
    S,
    0x0025,
    "get_home_network",
    title="NAS Get Home Network",
    response=(
        TlvDef(0x01, "home_network", _plmn_with_description),
        TlvDef(0x10, "home_system_id", _sid_nid),
        TlvDef(
            0x11,
            "home_network_3gpp2_ext",
            c.Struct(
                *_mcc_mnc,
                "display_description" / DESCRIPTION_DISPLAY,
                "description_encoding" / DESCRIPTION_ENCODING,
                "description" / array8(u8),
            ),
        ),
        TlvDef(
            0x12,
            "home_network_3gpp_mnc",
            c.Struct("is_3gpp" / boolean, "includes_pcs_digit" / boolean),
        ),
        TlvDef(0x13, "network_name_source", NETWORK_NAME_SOURCE),
    ),
)

# Band masks: bit n is band n + 1.
_lte_bands = band_list(1)
_extended_lte_bands = band_list(4)
_nr5g_bands = band_list(8)

SET_SYSTEM_SELECTION_PREFERENCE = MessageDef(
    S,
    0x0033,
    "set_system_selection_preference",
    title="NAS Set System Selection Preference",
    request=(
        TlvDef(0x10, "emergency_mode", boolean),
        TlvDef(0x11, "mode_preference", RAT_MODE_PREFERENCE),
        TlvDef(0x12, "band_preference", u64),
        TlvDef(0x13, "cdma_prl_preference", CDMA_PRL_PREFERENCE),
        TlvDef(0x14, "roaming_preference", ROAMING_PREFERENCE),
        TlvDef(0x15, "lte_band_preference", _lte_bands),
        TlvDef(
            0x16,
            "network_selection_preference",
            c.Struct("mode" / NETWORK_SELECTION, *_mcc_mnc),
        ),
        TlvDef(0x17, "change_duration", CHANGE_DURATION),
        TlvDef(0x18, "service_domain_preference", SERVICE_DOMAIN_PREFERENCE),
        TlvDef(0x19, "gsm_wcdma_acquisition_order_preference", GSM_WCDMA_ACQUISITION_ORDER),
        TlvDef(0x1A, "mnc_pcs_digit_include_status", boolean),
        TlvDef(0x1D, "td_scdma_band_preference", TD_SCDMA_BANDS),
        TlvDef(0x1E, "acquisition_order_preference", array8(RADIO_INTERFACE)),
        TlvDef(0x1F, "network_selection_registration_restriction", REGISTRATION_RESTRICTION),
        TlvDef(0x21, "usage_preference", USAGE_PREFERENCE),
        TlvDef(0x23, "voice_domain_preference", VOICE_DOMAIN_PREFERENCE),
        TlvDef(0x24, "extended_lte_band_preference", _extended_lte_bands),
        TlvDef(0x2F, "nr5g_sa_band_preference", _nr5g_bands),
        TlvDef(0x30, "nr5g_nsa_band_preference", _nr5g_bands),
    ),
)

GET_SYSTEM_SELECTION_PREFERENCE = MessageDef(
    S,
    0x0034,
    "get_system_selection_preference",
    title="NAS Get System Selection Preference",
    response=(
        TlvDef(0x10, "emergency_mode", boolean),
        TlvDef(0x11, "mode_preference", RAT_MODE_PREFERENCE),
        TlvDef(0x12, "band_preference", u64),
        TlvDef(0x13, "cdma_prl_preference", CDMA_PRL_PREFERENCE),
        TlvDef(0x14, "roaming_preference", ROAMING_PREFERENCE),
        TlvDef(0x15, "lte_band_preference", _lte_bands),
        TlvDef(0x16, "network_selection_preference", NETWORK_SELECTION),
        TlvDef(0x18, "service_domain_preference", SERVICE_DOMAIN_PREFERENCE),
        TlvDef(0x19, "gsm_wcdma_acquisition_order_preference", GSM_WCDMA_ACQUISITION_ORDER),
        TlvDef(0x1A, "td_scdma_band_preference", TD_SCDMA_BANDS),
        TlvDef(0x1B, "manual_network_selection", _pcs_status),
        TlvDef(0x1C, "acquisition_order_preference", array8(RADIO_INTERFACE)),
        TlvDef(0x1D, "network_selection_registration_restriction", REGISTRATION_RESTRICTION),
        TlvDef(0x1F, "usage_preference", USAGE_PREFERENCE),
        TlvDef(0x20, "voice_domain_preference", VOICE_DOMAIN_PREFERENCE),
        TlvDef(0x22, "disabled_modes", RAT_MODE_PREFERENCE),
        TlvDef(0x23, "extended_lte_band_preference", _extended_lte_bands),
        TlvDef(0x2C, "nr5g_sa_band_preference", _nr5g_bands),
        TlvDef(0x2D, "nr5g_nsa_band_preference", _nr5g_bands),
    ),
)

GET_OPERATOR_NAME = MessageDef(
    S,
    0x0039,
    "get_operator_name",
    title="NAS Get Operator Name",
    response=(
        TlvDef(
            0x10,
            "service_provider_name",
            c.Struct("name_display_condition" / NAME_DISPLAY_CONDITION, "name" / network_text()),
        ),
        TlvDef(
            0x11,
            "operator_plmn_list",
            array16(
                c.Struct(
                    "mcc" / plmn_digits(),
                    "mnc" / plmn_digits(),
                    "lac1" / u16,
                    "lac2" / u16,
                    "plmn_name_record_identifier" / u8,
                )
            ),
        ),
        TlvDef(0x12, "operator_plmn_name", array8(c.Struct(*_plmn_name_fields))),
        TlvDef(0x13, "operator_string_name", _NetworkText(c.GreedyBytes)),
        TlvDef(0x14, "nitz_information", c.Struct(*_plmn_name_fields)),
    ),
)

GET_CELL_LOCATION_INFO = MessageDef(
    S,
    0x0043,
    "get_cell_location_info",
    title="NAS Get Cell Location Info",
    response=(
        TlvDef(0x10, "geran_info", _geran_info),
        TlvDef(0x11, "umts_info", _umts_info),
        TlvDef(0x12, "cdma_info", _cdma_info),
        TlvDef(0x13, "intrafrequency_lte_info", _intrafrequency_lte),
        TlvDef(0x14, "interfrequency_lte_info", _interfrequency_lte),
        TlvDef(0x15, "lte_info_neighboring_gsm", _lte_neighboring_gsm),
        TlvDef(0x16, "lte_info_neighboring_wcdma", _lte_neighboring_wcdma),
        TlvDef(0x17, "umts_cell_id", u32),
        TlvDef(0x18, "umts_info_neighboring_lte", _umts_neighboring_lte),
        TlvDef(0x1E, "lte_timing_advance", u32),
        TlvDef(0x2E, "nr5g_arfcn", u32),
        TlvDef(0x2F, "nr5g_cell_information", _nr5g_cell),
    ),
)

_system_info_layouts: dict[str, Layout] = {
    "cdma_service_status": _status2,
    "hdr_service_status": _status2,
    "gsm_service_status": _status3,
    "wcdma_service_status": _status3,
    "lte_service_status": _status3,
    "cdma_system_info": _cdma_sys,
    "hdr_system_info": _hdr_sys,
    "gsm_system_info_v2": _gsm_sys,
    "wcdma_system_info_v2": _wcdma_sys,
    "lte_system_info_v2": _lte_sys,
    "additional_cdma_system_info": c.Struct("geo_system_index" / u16, "registration_period" / u16),
    "additional_hdr_system_info": c.Struct("geo_system_index" / u16),
    "additional_gsm_system_info": _geo_broadcast,
    "additional_wcdma_system_info": _geo_broadcast,
    "additional_lte_system_info": c.Struct("geo_system_index" / u16),
    "gsm_call_barring_status": _call_barring,
    "wcdma_call_barring_status": _call_barring,
    "lte_voice_support": boolean,
    "gsm_cipher_domain": SERVICE_DOMAIN,
    "wcdma_cipher_domain": SERVICE_DOMAIN,
    "td_scdma_service_status": _status3,
    "td_scdma_system_info_v2": _td_scdma_sys,
    "lte_embms_coverage_info_support": boolean,
    "sim_reject_info": SIM_REJECT_STATE,
    "ims_voice_support": boolean,
    "lte_voice_domain": LTE_VOICE_DOMAIN,
    "cdma_registration_zone_id": u16,
    "gsm_routing_area_code": u8,
    "wcdma_routing_area_code": u8,
    "cdma_resolved_mcc": u16,
    "network_selection_registration_restriction": REGISTRATION_RESTRICTION,
    "lte_registration_domain": LTE_REGISTRATION_DOMAIN,
    "lte_embms_coverage_info_trace_id": u16,
    "lte_cell_access_status": LTE_CELL_ACCESS_STATUS,
    "nr5g_service_status": _status3,
    "nr5g_system_info": _nr5g_sys,
    "eutra_with_nr5g_availability": boolean,
    "dcnr_restriction_info": boolean,
    "nr5g_tracking_area_code": _nr5g_tac,
    "plmn_not_changed_indication": boolean,
}
_system_info_first = {
    0x10: "cdma_service_status",
    0x11: "hdr_service_status",
    0x12: "gsm_service_status",
    0x13: "wcdma_service_status",
    0x14: "lte_service_status",
    0x15: "cdma_system_info",
    0x16: "hdr_system_info",
    0x17: "gsm_system_info_v2",
    0x18: "wcdma_system_info_v2",
    0x19: "lte_system_info_v2",
    0x1A: "additional_cdma_system_info",
    0x1B: "additional_hdr_system_info",
    0x1C: "additional_gsm_system_info",
    0x1D: "additional_wcdma_system_info",
    0x1E: "additional_lte_system_info",
    0x1F: "gsm_call_barring_status",
    0x20: "wcdma_call_barring_status",
    0x21: "lte_voice_support",
    0x22: "gsm_cipher_domain",
    0x23: "wcdma_cipher_domain",
}

GET_SYSTEM_INFO = MessageDef(
    S,
    0x004D,
    "get_system_info",
    title="NAS Get System Info",
    response=_numbered(
        _system_info_first
        | {
            0x24: "td_scdma_service_status",
            0x25: "td_scdma_system_info_v2",
            0x26: "lte_embms_coverage_info_support",
            0x27: "sim_reject_info",
            0x29: "ims_voice_support",
            0x2A: "lte_voice_domain",
            0x2B: "cdma_registration_zone_id",
            0x2C: "gsm_routing_area_code",
            0x2D: "wcdma_routing_area_code",
            0x2E: "cdma_resolved_mcc",
            0x2F: "network_selection_registration_restriction",
            0x31: "lte_registration_domain",
            0x34: "lte_embms_coverage_info_trace_id",
            0x44: "lte_cell_access_status",
            0x4A: "nr5g_service_status",
            0x4B: "nr5g_system_info",
            0x4E: "eutra_with_nr5g_availability",
            0x4F: "dcnr_restriction_info",
            0x50: "nr5g_tracking_area_code",
        },
        _system_info_layouts,
    ),
)

SYSTEM_INFO = MessageDef(
    S,
    0x004E,
    "system_info",
    title="NAS System Info",
    indication=_numbered(
        _system_info_first
        | {
            0x24: "plmn_not_changed_indication",
            0x25: "td_scdma_service_status",
            0x26: "td_scdma_system_info_v2",
            0x27: "lte_embms_coverage_info_support",
            0x28: "sim_reject_info",
            0x4C: "nr5g_service_status",
            0x4D: "nr5g_system_info",
            0x50: "eutra_with_nr5g_availability",
            0x51: "dcnr_restriction_info",
            0x52: "nr5g_tracking_area_code",
        },
        _system_info_layouts,
    ),
)

# Units: RSSI/RSRP dBm, ECIO -0.5 dB (CDMA/HDR/WCDMA) or dB, RSRQ dB, SNR 0.1 dB.
GET_SIGNAL_INFO = MessageDef(
    S,
    0x004F,
    "get_signal_info",
    title="NAS Get Signal Info",
    response=(
        TlvDef(0x10, "cdma_signal_strength", c.Struct("rssi" / i8, "ecio" / i16)),
        TlvDef(
            0x11,
            "hdr_signal_strength",
            c.Struct("rssi" / i8, "ecio" / i16, "sinr" / EVDO_SINR_LEVEL, "io" / i32),
        ),
        TlvDef(0x12, "gsm_signal_strength", i8),
        TlvDef(0x13, "wcdma_signal_strength", c.Struct("rssi" / i8, "ecio" / i16)),
        TlvDef(
            0x14,
            "lte_signal_strength",
            c.Struct("rssi" / i8, "rsrq" / i8, "rsrp" / i16, "snr" / i16),
        ),
        TlvDef(0x15, "tdma_signal_strength", i8),
        TlvDef(
            0x16,
            "tdma_signal_strength_extended",
            c.Struct("rssi" / i32, "rscp" / i32, "ecio" / i32, "sinr" / i32),
        ),
        TlvDef(0x17, "nr5g_signal_strength", c.Struct("rsrp" / i16, "snr" / i16)),
        TlvDef(0x18, "nr5g_rsrq", i16),
        TlvDef(0x19, "wcdma_rscp", i16),
    ),
)

MESSAGES = (
    REGISTER_INDICATIONS,
    GET_SIGNAL_STRENGTH,
    NETWORK_SCAN,
    INITIATE_NETWORK_REGISTER,
    GET_SERVING_SYSTEM,
    GET_HOME_NETWORK,
    SET_SYSTEM_SELECTION_PREFERENCE,
    GET_SYSTEM_SELECTION_PREFERENCE,
    GET_OPERATOR_NAME,
    GET_CELL_LOCATION_INFO,
    GET_SYSTEM_INFO,
    SYSTEM_INFO,
    GET_SIGNAL_INFO,
)
