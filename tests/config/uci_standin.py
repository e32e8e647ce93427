"""A stand-in for pyuci (module ``uci``) that reads UCI config files from a directory.

Only what pyqmi uses, with pyuci's behaviour (0.10.3, and ``legacy=True`` for the older
releases that report a parse error as "not found" and have no ``UciExceptionInvalidInput``):
``Uci(savedir=None, confdir=None)``, ``get(config[, section[, option]])`` (a section gives its
type) and ``get_all(config, section)`` (its options: text, lists as tuples); for ``pyqmi
migrate`` also ``set(config, section, option, value)``, ``delete`` and ``commit(config)``
(which writes the file in libuci's layout, ``export``). Missing configs, sections or options
raise ``UciExceptionNotFound``, without a message, as pyuci does.

The file reader understands what the tests write: ``package``, ``config TYPE ['NAME']``,
``option NAME 'VALUE'``, ``list NAME 'VALUE'``, comments, quoted or bare words. Anything else
is a parse error (libuci's strict mode, which pyuci uses).

``fail`` makes every read raise that exception instead (a libuci failure); ``cursors`` records
the directories each cursor was opened with.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

DEFAULT_CONFDIR = "/etc/config"
Options = dict[str, str | tuple[str, ...]]


class UciException(Exception):
    pass


class UciExceptionNotFound(UciException):
    pass


class UciExceptionInvalidInput(UciException):
    pass


class ParseError(ValueError):
    pass


def parse(text: str) -> dict[str, tuple[str, Options]]:
    """Section name -> (type, options), in file order; anonymous ones named as libuci does."""
    sections: dict[str, tuple[str, Options]] = {}
    current: Options | None = None
    for number, line in enumerate(text.splitlines(), 1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise ParseError(f"line {number}: {exc}") from None
        if not words or words[0] == "package":
            continue
        keyword, args = words[0], words[1:]
        if keyword == "config" and len(args) in (1, 2):
            name = args[1] if len(args) == 2 else f"cfg{len(sections) + 1:02x}"
            current = sections.get(name, (args[0], {}))[1]  # a repeated name adds to it
            sections[name] = (args[0], current)
        elif keyword in ("option", "list") and len(args) == 2 and current is not None:
            key, value = args
            if keyword == "option":
                current[key] = value
            else:
                before = current.get(key, ())
                current[key] = (*before, value) if isinstance(before, tuple) else (before, value)
        else:
            raise ParseError(f"line {number}: cannot parse {line.strip()!r}")
    return sections


class Cursor:
    def __init__(self, module: StandinUci, savedir: str | None, confdir: str | None) -> None:
        self._module = module
        self._confdir = confdir or DEFAULT_CONFDIR
        self._loaded: dict[str, dict[str, tuple[str, Options]]] = {}
        self._changed: set[str] = set()
        module.cursors.append({"savedir": savedir, "confdir": confdir})

    def _package(self, config: str) -> dict[str, tuple[str, Options]]:
        if self._module.fail is not None:
            raise self._module.fail
        if config not in self._loaded:
            try:
                with open(os.path.join(self._confdir, config), encoding="utf-8") as file:
                    text = file.read()
            except OSError:
                raise UciExceptionNotFound from None
            try:
                self._loaded[config] = parse(text)
            except ParseError:
                raise self._module.parse_error from None
        return self._loaded[config]

    def get(self, config: str, section: str | None = None, option: str | None = None) -> Any:
        package = self._package(config)
        if section is None:
            return {name: dict(options) for name, (_, options) in package.items()}
        if section not in package:
            raise UciExceptionNotFound
        kind, options = package[section]
        if option is None:
            return kind
        if option not in options:
            raise UciExceptionNotFound
        return options[option]

    def get_all(self, config: str, section: str | None = None) -> Any:
        if section is None:
            return self.get(config)
        package = self._package(config)
        if section not in package:
            raise UciExceptionNotFound
        return dict(package[section][1])

    # Writing (pyqmi migrate): changes stay in the cursor until commit() writes the file
    # as libuci does (see export()); there is no save directory.

    def set(self, config: str, section: str, option: str, value: Any = None) -> None:
        package = self._package(config)
        if value is None:  # set(config, section, type): create or retype a section
            options = package[section][1] if section in package else {}
            package[section] = (option, options)
            return
        if section not in package:
            raise UciExceptionNotFound
        package[section][1][option] = tuple(value) if isinstance(value, list | tuple) else value
        self._changed.add(config)

    def delete(self, config: str, section: str, option: str | None = None) -> None:
        package = self._package(config)
        if section not in package or (option is not None and option not in package[section][1]):
            raise UciExceptionNotFound
        if option is None:
            del package[section]
        else:
            del package[section][1][option]
        self._changed.add(config)

    def commit(self, config: str) -> None:
        if self._module.fail is not None:
            raise self._module.fail
        if config in self._loaded:
            with open(os.path.join(self._confdir, config), "w", encoding="utf-8") as file:
                file.write(export(self._loaded[config]))
        self._changed.discard(config)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def export(package: dict[str, tuple[str, Options]]) -> str:
    """The file libuci writes on commit: each section after a blank line, options tab-indented
    and single-quoted, a blank line at the end; anonymous sections (the stand-in names them
    cfgNN) without a name."""
    out = []
    for name, (kind, options) in package.items():
        anonymous = len(name) == 5 and name.startswith("cfg") and _is_hex(name[3:])
        out.append(f"\nconfig {kind}" + ("" if anonymous else f" {_quote(name)}") + "\n")
        for key, value in options.items():
            if isinstance(value, tuple):
                out += [f"\tlist {key} {_quote(item)}\n" for item in value]
            else:
                out.append(f"\toption {key} {_quote(value)}\n")
    return "".join(out) + "\n"


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


class StandinUci:
    """Module-like: pass it where pyuci's ``uci`` module would be used."""

    UciException = UciException
    UciExceptionNotFound = UciExceptionNotFound

    def __init__(self, *, legacy: bool = False, fail: BaseException | None = None) -> None:
        self.fail = fail
        self.cursors: list[dict[str, str | None]] = []
        self.parse_error: type[UciException] = UciExceptionNotFound
        if not legacy:
            self.UciExceptionInvalidInput = UciExceptionInvalidInput
            self.parse_error = UciExceptionInvalidInput

    def Uci(self, savedir: str | None = None, confdir: str | None = None) -> Cursor:
        return Cursor(self, savedir, confdir)
