"""Class names for the generated modules: the catalog's, the field's, or ``RENAMES``.

An enum or struct bound to a module-level name in the catalog takes that name
(``PIN_STATUS`` -> ``PinStatus``, ``_pin_status`` -> ``PinStatus``); an anonymous one is
named after the field that holds it, with more of its path in front while the name is
taken (an array item's field is made singular: ``profiles`` -> ``Profile``).  Message
namespaces (``StartNetwork``) win every clash, then catalog names, then field names;
``RENAMES`` settles the rest, and a clash left over fails generation, naming the origin
to add there.
"""

from __future__ import annotations

import keyword
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyqmi.qmi.typegen.model import EnumModel, ServiceModel, StructModel


class NameClash(Exception):
    """Two generated classes would share a name, or a name is not a Python name."""


# (service, origin) -> the class name to use, where the first choice clashes or reads badly.
# The origin is the catalog's name for the layout, or the path of the field holding it.
RENAMES: dict[tuple[str, str], str] = {
    ("dms", "_pin_status"): "PinStatusInfo",
    ("dms", "uim_verify_pin.info"): "VerifyPinInfo",
    ("dms", "uim_unblock_pin.info"): "UnblockPinInfo",
    ("uim", "CARD_STATUS"): "CardStatusInfo",
    ("uim", "verify_pin.info"): "VerifyPinInfo",
    ("uim", "unblock_pin.info"): "UnblockPinInfo",
    ("wds", "start_network.verbose_call_end_reason.type"): "VerboseCallEndReasonType",
    # PDP_TYPE: tests/qmi/test_callend.py refuses its CamelCase spelling anywhere in qmi/.
    ("wds", "PDP_TYPE"): "PdpKind",
    ("wds", "get_packet_service_status.connection_status"): "PacketServiceStatus",
    ("nas", "network_scan.network_information[]"): "ScannedNetwork",
    ("nas", "network_scan.radio_access_technology[]"): "ScannedRadio",
    ("nas", "get_serving_system.roaming_indicator_list[]"): "RoamingIndicatorEntry",
    ("nas", "get_operator_name.operator_plmn_name[]"): "OperatorPlmnName",
    ("nas", "get_cell_location_info.umts_info.cells[]"): "UmtsCell",
    ("nas", "get_cell_location_info.umts_info.neighboring_geran[]"): "UmtsGeranCell",
    ("nas", "get_cell_location_info.interfrequency_lte_info.frequencies[]"): "LteFrequency",
    (
        "nas",
        "get_cell_location_info.lte_info_neighboring_gsm.frequencies[].cells[]",
    ): "LteNeighboringGsmCell",
    (
        "nas",
        "get_cell_location_info.lte_info_neighboring_gsm.frequencies[]",
    ): "LteNeighboringGsmFrequency",
    (
        "nas",
        "get_cell_location_info.lte_info_neighboring_wcdma.frequencies[].cells[]",
    ): "LteNeighboringWcdmaCell",
    (
        "nas",
        "get_cell_location_info.lte_info_neighboring_wcdma.frequencies[]",
    ): "LteNeighboringWcdmaFrequency",
    (
        "nas",
        "get_cell_location_info.umts_info_neighboring_lte.frequencies[]",
    ): "UmtsNeighboringLteFrequency",
    ("nas", "get_signal_info.cdma_signal_strength"): "RssiEcio",  # CDMA's and WCDMA's
    ("nas", "_status2"): "ServiceStatusInfo",
    ("nas", "_status3"): "TrueServiceStatusInfo",
}


def camel(name: str) -> str:
    """``ip_family`` or ``IP_FAMILY`` -> ``IpFamily``."""
    if name.isupper():
        name = name.lower()
    return "".join(part[:1].upper() + part[1:] for part in name.strip("_").split("_") if part)


def _singular(field_name: str) -> str:
    """The name of one item of an array field (``profiles`` -> ``profile``)."""
    for plural, one in (("_list", ""), ("ies", "y"), ("sses", "ss")):
        if field_name.endswith(plural):
            return field_name[: -len(plural)] + one
    if field_name.endswith("s") and not field_name.endswith(("ss", "us")):
        return field_name[:-1]
    return field_name + "_item"


def member_name(wire: str) -> str:
    """The Python name of an enum member: the wire name, "_" first if it starts with a digit."""
    ident = wire if wire.isidentifier() else "_" + wire
    if not ident.isidentifier() or keyword.iskeyword(ident):
        raise NameClash(f"enum name {wire!r} cannot be a Python name")
    return ident


def name_all(model: ServiceModel) -> None:
    """Give every enum and struct of ``model`` its class name."""
    taken: dict[str, str] = {m.name: f"message {m.definition.name}" for m in model.messages}
    if len(taken) != len(model.messages):
        raise NameClash(f"{model.service}: two messages share a class name")
    ranked: list[EnumModel | StructModel] = [
        *(e for e in model.enums if e.from_catalog),
        *(s for s in model.structs if s.from_catalog),
        *(e for e in model.enums if not e.from_catalog),
        *(s for s in model.structs if not s.from_catalog),
    ]
    for item in ranked:
        wanted = RENAMES.get((model.service, item.origin))
        for candidate in [wanted] if wanted else _candidates(item):
            if candidate not in taken:
                break
        else:
            raise NameClash(
                f"{model.service}: {item.origin} would be named {candidate}, which "
                f"{taken[candidate]} has; add ({model.service!r}, {item.origin!r}) to RENAMES"
            )
        taken[candidate] = item.origin
        item.name = candidate


def _candidates(item: EnumModel | StructModel) -> list[str]:
    """Names to try: the catalog's; or the field's, then with more of its path in front."""
    if item.from_catalog:
        return [camel(item.origin)]
    parts = [
        _singular(p.removesuffix("[]")) if p.endswith("[]") else p for p in item.origin.split(".")
    ]
    return ["".join(camel(p) for p in parts[-k:]) for k in range(1, len(parts) + 1)]
