"""Read a package's DEPENDS out of an OpenWrt package Makefile (the ``define Package/NAME``
block), the way buildroot's metadata scripts read it, for the parts pyqmi's Makefiles use.

Handled: ``DEPENDS:=`` / ``DEPENDS=`` (replace) and ``DEPENDS+=`` (append), backslash line
continuations, ``+pkg`` (select) and ``pkg`` (depend without selecting), ``@SYMBOL`` and
``@(A||B)`` conditions (not packages: ignored), ``+SYMBOL:pkg`` / ``SYMBOL:pkg`` (a package
only when a config symbol is set: kept apart as conditional), and ``$(VAR)`` for variables the
same Makefile sets with ``VAR:=`` or ``VAR=``. Anything else is a DependsError, so a Makefile
this parser cannot read fails the test instead of silently declaring less.

Only standard-library modules python3-light carries are used here (no pathlib).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DEFINE = re.compile(r"^define\s+Package/(\S+)\s*$")
_ASSIGN = re.compile(r"^\s*DEPENDS\s*(:=|\+=|\?=|=)\s*(.*)$")
_VARIABLE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(:=|=)\s*(.*)$")
_REFERENCE = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")
_NAME = r"[A-Za-z0-9][A-Za-z0-9._+-]*"
_PACKAGE = re.compile(rf"^(\+?)(?:(!?[A-Za-z0-9_]+):)?({_NAME})$")


class DependsError(ValueError):
    """The Makefile has no such package, or a DEPENDS this parser does not understand."""


@dataclass(frozen=True)
class Depends:
    """The packages a package depends on: ``packages`` always, ``conditional`` (package ->
    config symbol) only when that symbol is set."""

    packages: tuple[str, ...]
    conditional: dict[str, str]


def _logical_lines(text: str) -> list[str]:
    """The Makefile's lines with backslash continuations joined."""
    joined = re.sub(r"\\\n[ \t]*", " ", text.replace("\r\n", "\n"))
    return joined.split("\n")


def _variables(lines: list[str]) -> dict[str, str]:
    """Top-level ``VAR:=value`` / ``VAR=value`` outside define blocks (last one wins)."""
    found: dict[str, str] = {}
    inside = False
    for line in lines:
        if line.startswith("define "):
            inside = True
        elif line.startswith("endef"):
            inside = False
        elif not inside and not line.startswith(("\t", "#")):
            match = _VARIABLE.match(line)
            if match:
                found[match.group(1)] = match.group(3).strip()
    return found


def _expand(value: str, variables: dict[str, str], depth: int = 0) -> str:
    if depth > 10:
        raise DependsError(f"variables nest too deep in DEPENDS: {value!r}")

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            raise DependsError(f"DEPENDS uses $({name}), which this Makefile does not set")
        return _expand(variables[name], variables, depth + 1)

    expanded = _REFERENCE.sub(one, value)
    if "$" in expanded:
        raise DependsError(f"DEPENDS has a make construct this parser cannot read: {value!r}")
    return expanded


def variable(text: str, name: str) -> str | None:
    """The value a Makefile gives variable ``name`` at top level (``$(...)`` expanded)."""
    lines = _logical_lines(text)
    variables = _variables(lines)
    if name not in variables:
        return None
    return _expand(variables[name], variables)


def _split(value: str) -> list[str]:
    """Words of a DEPENDS value; a parenthesised ``@(...)`` condition stays one word."""
    words: list[str] = []
    depth = 0
    for word in value.split():
        if depth:
            words[-1] += " " + word
        else:
            words.append(word)
        depth += word.count("(") - word.count(")")
    if depth:
        raise DependsError(f"unbalanced parentheses in DEPENDS: {value!r}")
    return words


def package_names(text: str) -> list[str]:
    """Every ``define Package/NAME`` of the Makefile (descriptions etc. left out)."""
    names = []
    for line in _logical_lines(text):
        match = _DEFINE.match(line)
        if match and "/" not in match.group(1):
            names.append(match.group(1))
    return names


def _block(lines: list[str], package: str) -> list[str]:
    for start, line in enumerate(lines):
        match = _DEFINE.match(line)
        if match and match.group(1) == package:
            for end in range(start + 1, len(lines)):
                if lines[end].strip() == "endef":
                    return lines[start + 1 : end]
            raise DependsError(f"define Package/{package} has no endef")
    raise DependsError(f"the Makefile has no 'define Package/{package}'")


def parse_depends(text: str, package: str) -> Depends:
    """The DEPENDS of ``define Package/<package>`` in Makefile ``text``."""
    lines = _logical_lines(text)
    variables = _variables(lines)
    tokens: list[str] = []
    for line in _block(lines, package):
        match = _ASSIGN.match(line)
        if not match:
            continue
        operator, value = match.groups()
        words = _split(_expand(value, variables))
        if operator == "+=":
            tokens.extend(words)
        elif operator == "?=":
            tokens = tokens or words
        else:
            tokens = words
    packages: list[str] = []
    conditional: dict[str, str] = {}
    for token in tokens:
        if token.startswith("@"):
            continue  # a config condition on this package, not a dependency
        match = _PACKAGE.match(token)
        if not match:
            raise DependsError(f"DEPENDS of {package}: cannot read {token!r}")
        _select, symbol, name = match.groups()
        if symbol:
            conditional[name] = symbol
        elif name not in packages:
            packages.append(name)
    return Depends(tuple(packages), conditional)
