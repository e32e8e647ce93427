"""Read one interface's section of UCI's ``network`` config through pyuci, imported lazily.

Where the daemon looks: pyuci's default cursor, ``uci.Uci()``, which is libuci's default, so
``/etc/config/network`` with the uncommitted changes saved under ``/tmp/.uci`` applied, as
netifd itself reads it. ``pyqmi daemon --uci-confdir DIR`` gives ``uci.Uci(confdir=DIR)``
instead (for a netifd started with ``-c DIR``, e.g. the real-stack test).

The binding (python3-uci, CZ.NIC's pyuci, module ``uci``) is a C extension, so it is imported
only when a section is read: tests and the rest of the package never need it. What pyuci does,
as read from its source (0.9 to 0.10.3, the feed's version):

* ``Uci.get(config, section)`` is the section's type; ``Uci.get_all(config, section)`` is a dict
  of its options, each a ``str`` (``option``) or a ``tuple`` of ``str`` (``list``); neither has
  the section's name or type as a key.
* A missing section raises ``UciExceptionNotFound``, and so does a missing config file. A file
  libuci cannot parse raises ``UciExceptionInvalidInput`` from 0.10.3 on, and
  ``UciExceptionNotFound`` before (the parse error is swallowed), so "section not found" is
  only believed once the config itself loads: ``Uci.get(config)`` must succeed.
* All exceptions derive from ``UciException`` and carry no message.

Every failure becomes a ``UciReadError`` (code CONFIG_INVALID) that says what to do; a missing
binding or an unreadable file is permanent (the user must act), anything else is not. Values
are handed on as UCI has them (text, lists as lists): validation coerces "1" and "10" exactly
as it coerces netifd's typed JSON, so both sources meet the same schema and the same errors.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from pyqmi.config.errors import CONFIG_INVALID, ConfigError
from pyqmi.frozen import field, frozen

PACKAGE = "network"
DEFAULT_CONFDIR = "/etc/config"  # libuci's UCI_CONFDIR, what uci.Uci() reads
INTERFACE_TYPE = "interface"

UciValue = str | list[str]


class UciReadError(ConfigError):
    """UCI could not be read: binding missing, file missing or unparsable, libuci failure."""

    def __init__(self, message: str, *, permanent: bool = True) -> None:
        super().__init__(CONFIG_INVALID, message, permanent=permanent)


@frozen
class Section:
    """One UCI section: its name, its type and its options (repr withholds the values)."""

    name: str
    type: str
    options: dict[str, UciValue] = field(repr=False)

    @property
    def proto(self) -> str:
        value = self.options.get("proto", "")
        return value if isinstance(value, str) else ""


def import_uci() -> Any:
    """The pyuci module, or UciReadError naming the package to install."""
    try:
        return importlib.import_module("uci")
    except ImportError:
        raise UciReadError(
            "the uci module (package python3-uci) is not installed, so the interface's "
            "section cannot be read; install python3-uci"
        ) from None


class UciSource:
    """Reads sections of UCI's ``network`` config with pyuci (or a stand-in ``module``)."""

    def __init__(self, confdir: str | None = None, *, module: Any = None) -> None:
        self.confdir = confdir
        self._module = module

    @property
    def path(self) -> str:
        """The file sections are read from, for messages."""
        return os.path.join(self.confdir or DEFAULT_CONFDIR, PACKAGE)

    def _show_command(self) -> str:
        return f"uci -c {self.confdir} show {PACKAGE}" if self.confdir else f"uci show {PACKAGE}"

    def read_section(self, name: str) -> Section | None:
        """Section ``network.<name>``, or None when the config has no such section."""
        uci = self._module if self._module is not None else import_uci()
        errors = _Errors(uci)
        try:
            cursor = uci.Uci(confdir=self.confdir) if self.confdir else uci.Uci()
            try:
                kind = cursor.get(PACKAGE, name)
            except errors.not_found:
                cursor.get(PACKAGE)  # raises too if the file is missing or unparsable
                return None
            options = cursor.get_all(PACKAGE, name)
        except errors.not_found:
            raise UciReadError(
                f"cannot read {self.path}: it is missing or UCI cannot parse it; "
                f"check it with: {self._show_command()}"
            ) from None
        except errors.invalid:
            raise UciReadError(
                f"UCI cannot parse {self.path}; find the bad line with: {self._show_command()}"
            ) from None
        except errors.any_uci as exc:
            raise UciReadError(
                f"cannot read {self.path}: {_describe(exc)}", permanent=False
            ) from None
        except Exception as exc:  # the binding is C: turn anything it raises into a named error
            raise UciReadError(
                f"cannot read {self.path}: pyuci failed ({_describe(exc)})", permanent=False
            ) from None
        return Section(name, _text(kind, "section type"), _options(options))


class _Errors:
    """The exception classes of the binding at hand (older pyuci lacks InvalidInput)."""

    def __init__(self, uci: Any) -> None:
        self.any_uci: type[BaseException] = uci.UciException
        self.not_found: type[BaseException] = uci.UciExceptionNotFound
        self.invalid: type[BaseException] = getattr(uci, "UciExceptionInvalidInput", _Never)


class _Never(Exception):
    """Stands in for an exception class the binding does not have; never raised."""


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise UciReadError(f"pyuci returned a {type(value).__name__} as {what}", permanent=False)
    return value


def _options(raw: object) -> dict[str, UciValue]:
    """pyuci's option dict with lists as lists, as JSON would have them."""
    if not isinstance(raw, dict):
        raise UciReadError(f"pyuci returned a {type(raw).__name__} for a section", permanent=False)
    options: dict[str, UciValue] = {}
    for key, value in raw.items():
        if isinstance(value, tuple | list):
            options[_text(key, "option name")] = [_text(item, "list item") for item in value]
        else:
            options[_text(key, "option name")] = _text(value, f"option {key}")
    return options
