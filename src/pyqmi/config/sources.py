"""Which options the daemon validates: its UCI section, or else the copy netifd passed.

UCI is the source of truth. netifd starts the daemon for an interface it built from the
``config interface '<name>'`` section of ``network``, so the daemon reads that section itself
(``uci_source.py``) and ignores what netifd passed: secrets never have to travel through
netifd, whose ``proto_run_command`` sends the daemon's environment over ubus.

An interface that has no such section was created at run time (``ubus call network
add_dynamic``, or procd's ``network-interface`` data). Its options exist only in netifd, which
hands them to the shim; the shim passes them on, secrets blanked, as JSON in ``PYQMI_CONFIG``.
The daemon then uses those and says so. ``pincode`` and ``password`` cannot be given that way:
any found there is dropped with a warning, since it has crossed ubus in the open.

A section with the interface's name but another type (``config device '<name>'``) is not the
interface's: netifd builds interfaces from ``interface`` sections only, so that one is ignored
like a missing one. An ``interface`` section whose proto is not ``pyqmi`` was edited after
netifd loaded it (netifd would not run this daemon otherwise); it still describes this
interface, so it is used, with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from pyqmi.config.errors import CONFIG_INVALID, ConfigError
from pyqmi.config.schema import SECRET_OPTIONS
from pyqmi.config.uci_source import INTERFACE_TYPE, PACKAGE, Section
from pyqmi.config.validate import ENV_VAR, parse_options_json
from pyqmi.frozen import field, frozen

PROTO = "pyqmi"
FROM_UCI = "uci"
FROM_NETIFD = "netifd"


class SectionReader(Protocol):
    """What the chooser needs from UCI (``UciSource`` or a test's stand-in)."""

    @property
    def path(self) -> str:
        """The file sections come from, for messages."""

    def read_section(self, name: str) -> Section | None:
        """``network.<name>``, None if absent; raises ConfigError if UCI cannot be read."""


@frozen
class Options:
    """The raw options to validate, where they came from, and what to log about that."""

    values: Mapping[str, object] = field(repr=False)
    origin: str  # FROM_UCI or FROM_NETIFD
    notes: tuple[str, ...] = ()  # log at info
    warnings: tuple[str, ...] = ()  # log at warning

    @property
    def secrets(self) -> list[str]:
        """The values of the secret options given (for the log mask), as text."""
        found = (self.values.get(name) for name in sorted(SECRET_OPTIONS))
        return [value for value in found if isinstance(value, str) and value]


def choose_options(interface: str, environ: Mapping[str, str], uci: SectionReader) -> Options:
    """The options of ``interface``: its UCI section if it has one, else netifd's copy."""
    ref = f"{PACKAGE}.{interface}"
    section = uci.read_section(interface)
    if section is not None and section.type == INTERFACE_TYPE:
        warnings = []
        if section.proto != PROTO:
            warnings.append(
                f"{ref} has proto '{section.proto}', not '{PROTO}' (edited since netifd "
                "loaded it?); using its options anyway"
            )
        note = f"options read from UCI section {ref} ({uci.path})"
        return Options(section.options, FROM_UCI, (note,), tuple(warnings))
    why = (
        f"UCI section {ref} is a '{section.type}' section, not an interface"
        if section is not None
        else f"no UCI section {ref} in {uci.path} (interface added at run time, e.g. "
        "ubus call network add_dynamic)"
    )
    text = environ.get(ENV_VAR)
    if text is None or not text.strip():
        raise ConfigError(
            CONFIG_INVALID,
            f"{why}, and netifd passed no options ({ENV_VAR} is empty); add the section to "
            f"{uci.path} or start the daemon through netifd",
        )
    values = parse_options_json(text)
    told = f"{why}; using the options netifd passed. pincode and password cannot be given that "
    told += f"way, only in {uci.path}"
    warnings = [told] if section is not None else []
    for name in sorted(SECRET_OPTIONS & values.keys()):
        del values[name]
        warnings.append(
            f"option {name} passed by netifd is ignored: secrets are read only from UCI "
            f"({uci.path}), never from ubus"
        )
    notes = () if section is not None else (told,)
    return Options(values, FROM_NETIFD, notes, tuple(warnings))
