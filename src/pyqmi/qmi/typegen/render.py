"""The text of one generated module, from a ``ServiceModel``.

The output is what ``ruff format`` would write (the tests check it), so the generated
files stay clean under the project's lint without being reformatted after generation.
"""

from __future__ import annotations

from pyqmi.qmi.typegen.model import (
    Array,
    EnumModel,
    MessageModel,
    Node,
    Scalar,
    ServiceModel,
    StructModel,
)
from pyqmi.qmi.typegen.names import member_name

LINE = 100
GENERATOR = "python -m pyqmi.qmi.typegen"


class RenderError(Exception):
    """A generated line would not fit, or a name would shadow another."""


def annotation(node: Node) -> str:
    """The field type mypy sees."""
    if isinstance(node, Scalar):
        return node.python
    if isinstance(node, EnumModel):
        return node.name if node.flag else f"{node.name} | int"
    if isinstance(node, StructModel):
        return node.name
    return f"tuple[{annotation(node.item)}, ...]"


def conversion(node: Node) -> str | None:
    """The ``_conv_`` entry of a field (None: the plain value is already the typed one)."""
    if isinstance(node, Scalar):
        return None
    if isinstance(node, EnumModel | StructModel):
        return f'"{node.name}"'
    assert isinstance(node, Array)
    return f"({conversion(node.item) or 'None'},)"


def _line(indent: int, text: str) -> str:
    line = " " * indent + text
    if len(line) > LINE:
        raise RenderError(f"generated line too long: {line.strip()[:60]}...")
    return line


def _conv_lines(fields: list[tuple[str, Node]], indent: int) -> list[str]:
    entries = [f'"{name}": {conv}' for name, node in fields if (conv := conversion(node))]
    if not entries:
        return []
    one = " " * indent + "_conv_ = {" + ", ".join(entries) + "}"
    if len(one) <= LINE:
        return [one]
    return [
        _line(indent, "_conv_ = {"),
        *(_line(indent + 4, entry + ",") for entry in entries),
        _line(indent, "}"),
    ]


def _enum(model: EnumModel) -> list[str]:
    """The declaration mypy reads (under TYPE_CHECKING)."""
    base = "WireFlag" if model.flag else "WireEnum"
    lines = [f"    class {model.name}({base}):"]
    lines += [_line(8, f"{member_name(wire)} = {value}") for wire, value in model.members]
    return lines


def _enum_table(model: EnumModel) -> list[str]:
    """The same enum as the run-time table ``lazy_enums`` makes it from."""
    base = "WireFlag" if model.flag else "WireEnum"
    lines = [f'        "{model.name}": (', f"            {base},", "            {"]
    lines += [_line(16, f'"{member_name(wire)}": {value},') for wire, value in model.members]
    return [*lines, "            },", "        ),"]


def _enums(model: ServiceModel) -> list[str]:
    if not model.enums:
        return []
    lines = ["if TYPE_CHECKING:"]
    for enum in model.enums:
        lines += ["", *_enum(enum)]
    lines += ["", "else:", "    _ENUMS: EnumTables = {"]
    for enum in model.enums:
        lines += _enum_table(enum)
    return [*lines, "    }", "    __getattr__ = lazy_enums(globals(), _ENUMS)"]


def _struct(model: StructModel) -> list[str]:
    lines = [f"class {model.name}(Struct):"]
    if model.personal:
        lines.append("    _personal_ = True")
    lines += [_line(4, f"{name}: {annotation(node)}") for name, node in model.fields]
    lines += _conv_lines(list(model.fields), 4)
    return lines


def _message_class(
    message: MessageModel, kind: str, fields: tuple[tuple[object, Node], ...]
) -> list[str]:
    base = {"Request": "_Request[Response]", "Response": "_Response"}.get(kind, "_Indication")
    lines = [f"    class {kind}({base}):", f"        _definition_ = _catalog.{message.variable}"]
    named = [(getattr(tlv, "name"), node) for tlv, node in fields]  # noqa: B009
    lines += [_line(8, f"{name}: {annotation(node)} | None = None") for name, node in named]
    lines += _conv_lines(named, 8)
    return lines


def _message(message: MessageModel) -> list[str]:
    definition = message.definition
    title = definition.title or definition.name
    lines = [
        f"class {message.name}:",
        f'    """{title} (0x{definition.message_id:04x})."""',
    ]
    for kind, fields in (
        ("Response", message.response),
        ("Request", message.request),
        ("Indication", message.indication),
    ):
        if fields is not None:
            lines += ["", *_message_class(message, kind, fields)]
    return lines


def _imports(model: ServiceModel) -> list[str]:
    kinds = {m.request is not None for m in model.messages}
    wanted = ["Struct"] if model.structs else []
    if any(e.flag for e in model.enums):
        wanted.append("WireFlag")
    if any(not e.flag for e in model.enums):
        wanted.append("WireEnum")
    if model.enums:
        wanted += ["EnumTables", "lazy_enums"]
    messages = []
    if any(m.indication is not None for m in model.messages):
        messages.append("Indication as _Indication")
    if True in kinds:
        messages += ["Request as _Request", "Response as _Response"]
    lines = ["from typing import TYPE_CHECKING", ""] if model.enums else []
    lines.append(f"from {model.module.rsplit('.', 1)[0]} import {model.service} as _catalog")
    if wanted:
        lines.append(f"from pyqmi.qmi.typed.base import {', '.join(sorted(wanted))}")
    lines += [f"from pyqmi.qmi.typed.messages import {name}" for name in messages]
    return lines


def render(model: ServiceModel) -> str:
    """The whole module text for one service."""
    header = [
        f'"""{model.service.upper()} messages, typed: generated from {model.module}.',
        "",
        f"Do not edit: change the catalog, then run ``{GENERATOR}``",
        "(a test fails while this file is stale).  Design: ``pyqmi.qmi.typed``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        *_imports(model),
    ]
    blocks = [_enums(model)] if model.enums else []
    blocks += [_struct(s) for s in model.structs]
    blocks += [_message(m) for m in model.messages]
    out = list(header)
    for index, block in enumerate(blocks):
        # isort puts one blank line between the imports and an ``if``, two before a class.
        gap = [""] if index == 0 and block[0].startswith("if ") else ["", ""]
        out += [*gap, *block]
    return "\n".join(out) + "\n"
