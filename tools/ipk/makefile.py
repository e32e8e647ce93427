"""Read what an ipk needs out of an OpenWrt package Makefile, so the two cannot drift.

Read: top-level ``VAR:=value`` lines (backslash continuations joined, ``$(VAR)`` of
variables set the same way expanded), and the ``define Package/NAME[/PART]`` blocks: the
fields of ``Package/NAME`` (``DEPENDS:=``/``+=``, ``SECTION``, ``TITLE``, ``URL``,
``PKGARCH``), its description, and its maintainer scripts (``postinst``, ``prerm``) and
``conffiles`` with make's ``$$`` turned back into the ``$`` the shell sees. A script with a
lone ``$`` (which make would expand) or a ``$(...)`` is refused: what the SDK would write
is then not what this reader returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DEFINE = re.compile(r"^define\s+(\S+)\s*$")
_VARIABLE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(:=|\?=|=)\s*(.*)$")
_FIELD = re.compile(r"^\s*([A-Z_]+)\s*(:=|\+=|=)\s*(.*)$")
_REFERENCE = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")


class MakefileError(ValueError):
    """The Makefile lacks what is asked for, or uses make this reader cannot follow."""


@dataclass(frozen=True)
class PackageInfo:
    name: str
    section: str
    title: str
    depends: tuple[str, ...]  # as in DEPENDS, without the leading "+"
    pkgarch: str
    description: tuple[str, ...]  # lines, stripped
    scripts: dict[str, str]  # "postinst"/"prerm" -> shell text
    conffiles: tuple[str, ...]


@dataclass(frozen=True)
class Makefile:
    variables: dict[str, str]
    blocks: dict[str, list[str]]

    def var(self, name: str) -> str:
        if name not in self.variables:
            raise MakefileError(f"the Makefile sets no {name}")
        return self.variables[name]

    def version(self) -> str:
        """PKG_VERSION-PKG_RELEASE, the ipk's Version."""
        return f"{self.var('PKG_VERSION')}-{self.var('PKG_RELEASE')}"

    def package(self, name: str) -> PackageInfo:
        key = f"Package/{name}"
        if key not in self.blocks:
            raise MakefileError(f"the Makefile has no 'define {key}'")
        fields: dict[str, str] = {}
        depends: list[str] = []
        for line in _joined(self.blocks[key]):
            match = _FIELD.match(line)
            if not match:
                continue
            field, operator, value = match.groups()
            value = self.expand(value.strip())
            if field == "DEPENDS":
                words = [word.removeprefix("+") for word in value.split()]
                depends = depends + words if operator == "+=" else words
            else:
                fields[field] = value
        for word in depends:
            if not re.fullmatch(r"[a-z0-9][a-z0-9.+-]*", word):
                raise MakefileError(f"DEPENDS of {name}: cannot turn {word!r} into Depends")
        description = tuple(
            line.strip() for line in self.blocks.get(f"{key}/description", []) if line.strip()
        )
        scripts = {
            part: self.script(f"{key}/{part}")
            for part in ("postinst", "prerm")
            if f"{key}/{part}" in self.blocks
        }
        conffiles = tuple(
            line.strip() for line in self.blocks.get(f"{key}/conffiles", []) if line.strip()
        )
        return PackageInfo(
            name=name,
            section=fields.get("SECTION", ""),
            title=fields.get("TITLE", ""),
            depends=tuple(depends),
            pkgarch=fields.get("PKGARCH", ""),
            description=description,
            scripts=scripts,
            conffiles=conffiles,
        )

    def script(self, key: str) -> str:
        """A maintainer script's text as the shell gets it."""
        text = "\n".join(self.blocks[key]) + "\n"
        if "$" in text.replace("$$", ""):
            raise MakefileError(f"{key} has a '$' that make would expand; write '$$'")
        return text.replace("$$", "$")

    def expand(self, value: str, depth: int = 0) -> str:
        if depth > 10:
            raise MakefileError(f"variables nest too deep: {value!r}")

        def one(match: re.Match[str]) -> str:
            return self.expand(self.var(match.group(1)), depth + 1)

        return _REFERENCE.sub(one, value)


def _joined(lines: list[str]) -> list[str]:
    return "\n".join(lines).replace("\\\n", " ").split("\n")


def parse(text: str) -> Makefile:
    """Variables (continuations joined) and define blocks (lines kept as written)."""
    variables: dict[str, str] = {}
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    pending = ""
    for raw in text.replace("\r\n", "\n").split("\n"):
        if current is not None:
            if raw.strip() == "endef":
                current = None
            else:
                current.append(raw)
            continue
        if raw.endswith("\\"):
            pending += raw[:-1] + " "
            continue
        line, pending = pending + raw, ""
        define = _DEFINE.match(line)
        if define:
            current = blocks.setdefault(define.group(1), [])
            continue
        if line.startswith(("\t", "#")):
            continue
        match = _VARIABLE.match(line)
        if match:
            name, operator, value = match.groups()
            if operator != "?=" or name not in variables:
                variables[name] = " ".join(value.split())
    if current is not None:
        raise MakefileError("a define block has no endef")
    return Makefile(variables, blocks)


def read(path: str) -> Makefile:
    with open(path, encoding="utf-8") as handle:
        return parse(handle.read())
