"""The ``interface`` sections of UCI's ``network`` config, listed through pyuci.

``uci_source.UciSource`` reads one named section for the daemon; the doctor and ``pyqmi
migrate`` need every section, so this lists them with the same binding (imported lazily,
``import_uci``), the same cursor (``uci.Uci()`` or ``uci.Uci(confdir=DIR)`` for
``--uci-confdir``) and the same named error (``UciReadError``, CONFIG_INVALID) for a
missing binding, file or parse failure.
"""

from __future__ import annotations

import os
from typing import Any

from pyqmi.cli.doctor_facts import Section
from pyqmi.config.uci_source import (
    DEFAULT_CONFDIR,
    INTERFACE_TYPE,
    PACKAGE,
    UciReadError,
    import_uci,
)

QMI_PROTOS = ("qmi", "pyqmi")


def config_path(confdir: str | None) -> str:
    return os.path.join(confdir or DEFAULT_CONFDIR, PACKAGE)


def open_cursor(confdir: str | None, module: Any = None, savedir: str | None = None) -> Any:
    """A pyuci cursor on ``confdir`` (libuci's default when None)."""
    uci = module if module is not None else import_uci()
    kwargs: dict[str, str] = {}
    if confdir:
        kwargs["confdir"] = confdir
    if savedir:
        kwargs["savedir"] = savedir
    return uci.Uci(**kwargs)


def _value(raw: object) -> str | list[str]:
    if isinstance(raw, tuple | list):
        return [str(item) for item in raw]
    return str(raw)


def interface_sections(
    confdir: str | None, module: Any = None, *, protos: tuple[str, ...] = QMI_PROTOS
) -> tuple[Section, ...]:
    """Every ``config interface`` section whose proto is one of ``protos``, in file order."""
    path = config_path(confdir)
    if not os.path.isfile(path):
        raise UciReadError(f"{path} does not exist")
    cursor = open_cursor(confdir, module)
    try:
        everything = cursor.get_all(PACKAGE)
        found = []
        for name in everything:
            if cursor.get(PACKAGE, name) != INTERFACE_TYPE:
                continue
            raw = cursor.get_all(PACKAGE, name).items()
            options = {str(k): _value(v) for k, v in raw if not str(k).startswith(".")}
            section = Section(str(name), options)
            if section.proto in protos:
                found.append(section)
    except UciReadError:
        raise
    except Exception as exc:  # pyuci is C and its exceptions carry no message
        raise UciReadError(
            f"UCI cannot read {path} ({type(exc).__name__}); find the bad line with: "
            f"uci{' -c ' + confdir if confdir else ''} show {PACKAGE}"
        ) from None
    return tuple(found)
