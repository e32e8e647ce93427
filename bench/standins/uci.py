"""The bench's stand-in for pyuci (module ``uci``) inside the measured daemon.

What src/pyqmi/config/uci_source.py uses: ``Uci(confdir=...)`` with ``get(config[,
section])`` (a section gives its type) and ``get_all(config, section)``, and the exceptions
``UciException``, ``UciExceptionNotFound`` and ``UciExceptionInvalidInput``. It reads the one
file the bench writes, in the form ``config TYPE 'NAME'`` / ``option NAME 'VALUE'``, one
statement a line, values in single quotes. tests/router/standins/uci.py reads more (lists,
comments, any quoting) but pulls in shlex and importlib.util, which pyuci, a C extension, does
not: this one imports nothing the daemon has not already imported.
"""

from __future__ import annotations

import os
from typing import Any

DEFAULT_CONFDIR = "/etc/config"


class UciException(Exception):
    pass


class UciExceptionNotFound(UciException):
    pass


class UciExceptionInvalidInput(UciException):
    pass


def _word(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1]
    if "'" in text or not text:
        raise UciExceptionInvalidInput
    return text


def parse(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Section name -> (type, options) of a file in the bench's form."""
    sections: dict[str, tuple[str, dict[str, str]]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        words = line.split(None, 2)
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "config" and len(words) == 3:
            current = {}
            sections[_word(words[2])] = (_word(words[1]), current)
        elif words[0] == "option" and len(words) == 3 and current is not None:
            current[_word(words[1])] = _word(words[2].strip())
        else:
            raise UciExceptionInvalidInput
    return sections


class Uci:
    def __init__(self, savedir: str | None = None, confdir: str | None = None) -> None:
        self._confdir = confdir or DEFAULT_CONFDIR
        self._loaded: dict[str, dict[str, tuple[str, dict[str, str]]]] = {}

    def _package(self, config: str) -> dict[str, tuple[str, dict[str, str]]]:
        if config not in self._loaded:
            try:
                with open(os.path.join(self._confdir, config), encoding="utf-8") as file:
                    self._loaded[config] = parse(file.read())
            except OSError:
                raise UciExceptionNotFound from None
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

    def get_all(self, config: str, section: str) -> dict[str, str]:
        package = self._package(config)
        if section not in package:
            raise UciExceptionNotFound
        return dict(package[section][1])
