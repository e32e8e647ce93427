"""From catalog layouts to the types of the generated message modules.

``service_model(module)`` walks every ``MessageDef`` of one catalog module and returns a
``ServiceModel``: the enums, flag sets and structs its TLVs use, each once, named, plus the
fields of each message's request, response and indication.

Each construct layout maps to a Python type: integers, booleans and floats stay themselves;
every text, address and hex-bytes layout is ``str``; counted arrays, band lists and file
paths are tuples; ``c.Enum`` becomes a ``WireEnum`` and a bit mask a ``WireFlag``;
``c.Struct`` (and the BCD PLMN adapter, which parses to a dict) becomes a ``Struct``.

Equal layouts (same fields, same enum values) become one class; ``names.py`` names them.
A layout with no Python type, or a field name a base class already uses, fails generation
(``ModelError``) rather than being skipped.
"""

from __future__ import annotations

import keyword
import types
from dataclasses import dataclass, field
from typing import Any

import construct as c

from pyqmi.qmi import types as layouts
from pyqmi.qmi.catalog import nas, uim
from pyqmi.qmi.catalog.nas import text
from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import service_name
from pyqmi.qmi.typed.base import Struct
from pyqmi.qmi.typed.messages import Indication, Request, Response
from pyqmi.qmi.typegen.names import camel, name_all

# Attribute names of the typed bases that a TLV or struct field must not take.
RESERVED = frozenset(
    name
    for base in (Request, Response, Indication, Struct)
    for name in dir(base)
    if not name.startswith("_")
)


class ModelError(Exception):
    """The catalog holds something the generator cannot turn into a type."""


@dataclass
class EnumModel:
    name: str
    members: tuple[tuple[str, int], ...]  # (wire name, value), by value
    flag: bool
    origin: str  # the catalog name or field path it was named from
    from_catalog: bool


@dataclass
class StructModel:
    name: str
    fields: tuple[tuple[str, Node], ...]
    origin: str
    from_catalog: bool
    personal: bool = False


@dataclass(frozen=True)
class Scalar:
    python: str  # "int", "str", "bool", "float"


@dataclass(frozen=True)
class Array:
    item: Node


Node = Scalar | EnumModel | StructModel | Array


@dataclass
class MessageModel:
    name: str  # the namespace class name, e.g. "StartNetwork"
    definition: MessageDef
    variable: str  # the catalog module's name for the definition
    request: tuple[tuple[TlvDef, Node], ...] | None
    response: tuple[tuple[TlvDef, Node], ...] | None
    indication: tuple[tuple[TlvDef, Node], ...] | None


@dataclass
class ServiceModel:
    service: str  # "wds"
    module: str  # "pyqmi.qmi.catalog.wds"
    enums: list[EnumModel] = field(default_factory=list)
    structs: list[StructModel] = field(default_factory=list)  # children before parents
    messages: list[MessageModel] = field(default_factory=list)


def _unwrap(layout: Any) -> Any:
    while isinstance(layout, c.Renamed):
        layout = layout.subcon
    return layout


def _catalog_names(module: types.ModuleType) -> dict[int, str]:
    """id(layout) -> its module-level name, in the module and (NAS) its submodules."""
    modules = [module]
    if module is nas:
        modules += [vars(nas)[n] for n in sorted(vars(nas)) if isinstance(vars(nas)[n], type(nas))]
        modules += [__import__(f"pyqmi.qmi.catalog.nas.{n}", fromlist=["x"]) for n in _NAS_PARTS]
    names: dict[int, str] = {}
    for mod in modules:
        for name, value in vars(mod).items():
            if isinstance(value, c.Construct):
                names.setdefault(id(_unwrap(value)), name)
    return names


_NAS_PARTS = (
    "values",
    "fields",
    "registration",
    "selection",
    "signal_strength",
    "system_info",
    "cell_location",
)
_TEXT_LAYOUTS = (
    layouts._LenientText,
    layouts._Ipv4Adapter,
    layouts._Ipv6Adapter,
    text._NetworkText,
    text._FixedText,
    text._PlmnName,
    uim._HexBytes,
)
_FORMATS = {"b": "int", "B": "int", "h": "int", "H": "int", "i": "int", "I": "int"}
_FORMATS |= {"l": "int", "L": "int", "q": "int", "Q": "int", "f": "float", "d": "float"}
_BCD_PLMN = (("mcc", Scalar("str")), ("mnc", Scalar("str")))


class _Walker:
    """Turns layouts into nodes, one model per distinct enum or struct."""

    def __init__(self, module: types.ModuleType) -> None:
        self.names = _catalog_names(module)
        self.enums: dict[Any, EnumModel] = {}
        self.structs: dict[Any, StructModel] = {}
        self.order: list[StructModel] = []

    def node(self, layout: Any, path: str, personal: bool) -> Node:
        layout = _unwrap(layout)
        if isinstance(layout, c.Struct):
            return self._struct(layout, path, personal)
        if isinstance(layout, c.FocusedSeq):
            names = [sc.name for sc in layout.subcons]
            if names != ["count", "items"]:
                raise ModelError(f"{path}: a sequence {names} is not a counted array")
            items = _unwrap(layout.subcons[1]).subcon
            return Array(self.node(items, path + "[]", personal))
        if layout is c.Flag:
            return Scalar("bool")
        if isinstance(layout, c.Enum):
            members = {str(k): int(v) for k, v in layout.encmapping.items()}
            return self._enum(layout, members, False, path)
        if isinstance(layout, layouts._Flags):
            return self._enum(layout, dict(layout.names), True, path)
        if isinstance(layout, layouts._BandList | uim._FilePath):
            return Array(Scalar("int"))
        if isinstance(layout, text._BcdPlmn):
            return self._add_struct(("bcd_plmn",), "bcd_plmn", _BCD_PLMN, path, personal)
        if isinstance(layout, _TEXT_LAYOUTS):
            return Scalar("str")
        if isinstance(layout, c.BytesInteger):
            return Scalar("int")
        if isinstance(layout, c.FormatField) and layout.fmtstr[-1] in _FORMATS:
            return Scalar(_FORMATS[layout.fmtstr[-1]])
        raise ModelError(f"{path}: no Python type for layout {layout!r}")

    def _enum(self, layout: Any, members: dict[str, int], flag: bool, path: str) -> EnumModel:
        ordered = tuple(sorted(members.items(), key=lambda kv: (kv[1], kv[0])))
        key = (flag, ordered)
        model = self.enums.get(key)
        variable = self.names.get(id(layout))
        if model is None:
            model = EnumModel("", ordered, flag, variable or path, variable is not None)
            self.enums[key] = model
        elif variable is not None and not model.from_catalog:
            model.origin, model.from_catalog = variable, True
        return model

    def _struct(self, layout: Any, path: str, personal: bool) -> StructModel:
        fields: list[tuple[str, Node]] = []
        for sub in layout.subcons:
            if not sub.name:
                raise ModelError(f"{path}: a struct field has no name")
            name = str(sub.name)
            if not name.isidentifier() or keyword.iskeyword(name) or name in RESERVED:
                raise ModelError(f"{path}.{name}: not usable as a field name")
            fields.append((name, self.node(sub, f"{path}.{name}", personal)))
        key = tuple((name, _key(node)) for name, node in fields)
        return self._add_struct(key, self.names.get(id(layout)), tuple(fields), path, personal)

    def _add_struct(
        self,
        key: Any,
        variable: str | None,
        fields: tuple[tuple[str, Node], ...],
        path: str,
        personal: bool,
    ) -> StructModel:
        model = self.structs.get(key)
        if model is None:
            model = StructModel("", fields, variable or path, variable is not None, personal)
            self.structs[key] = model
            self.order.append(model)
        else:
            model.personal = model.personal or personal
            if variable is not None and not model.from_catalog:
                model.origin, model.from_catalog = variable, True
        return model


def _key(node: Node) -> Any:
    if isinstance(node, EnumModel):
        return ("enum", node.flag, node.members)
    if isinstance(node, StructModel):
        return ("struct", tuple((n, _key(child)) for n, child in node.fields))
    if isinstance(node, Array):
        return ("array", _key(node.item))
    return ("scalar", node.python)


def _variable_of(module: types.ModuleType, definition: MessageDef) -> str:
    for name, value in vars(module).items():
        if value is definition:
            return name
    raise ModelError(f"{definition.name}: no module-level name in {module.__name__}")


def _indication_only(definition: MessageDef) -> bool:
    return not definition.request and not definition.response and bool(definition.indication)


def service_model(module: types.ModuleType) -> ServiceModel:
    """The typed view of one catalog module (``pyqmi.qmi.catalog.wds``...)."""
    messages: tuple[MessageDef, ...] = module.MESSAGES
    service = service_name(messages[0].service).lower()
    walker = _Walker(module)
    model = ServiceModel(service, module.__name__)

    def tlvs(definition: MessageDef, kind: str) -> tuple[tuple[TlvDef, Node], ...]:
        out = []
        for tlv in getattr(definition, kind) or ():
            if tlv.name in RESERVED or not tlv.name.isidentifier() or keyword.iskeyword(tlv.name):
                raise ModelError(f"{definition.name}.{tlv.name}: not usable as a field name")
            path = f"{definition.name}.{tlv.name}"
            out.append((tlv, walker.node(tlv.layout, path, tlv.personal)))
        return tuple(out)

    for definition in messages:
        only = _indication_only(definition)
        model.messages.append(
            MessageModel(
                camel(definition.name),
                definition,
                _variable_of(module, definition),
                None if only else tlvs(definition, "request"),
                None if only else tlvs(definition, "response"),
                None if definition.indication is None else tlvs(definition, "indication"),
            )
        )
    model.enums = list(walker.enums.values())
    model.structs = walker.order
    name_all(model)
    return model
