"""Find the QMI control device an interface names, or say precisely why it can't be found.

Two ways to name it, as in qmi.sh:

* ``device``: a path under /dev, either the control device itself (``/dev/cdc-wdmN`` for
  USB, ``/dev/wwanNqmiN`` for PCIe/MHI modems) or a symlink to one;
* ``devpath``: the modem's sysfs directory; the control device is the ``usbmisc/cdc-wdm*``
  or ``wwan*/wwan*qmi*`` entry found one or two levels below it. It wins over ``device``.

Both roots are parameters so tests can build a fake /dev and /sys under a temp directory;
paths in messages are always shown as the user wrote them (``/dev/...``, ``/sys/...``).

A path that is malformed (spaces, relative, outside /dev) or that names something which is
not a QMI control device (``/dev/ttyUSB2``, ``wwan0``) is a permanent error. A well-formed
path that does not exist yet is not: the modem may still be enumerating.
"""

from __future__ import annotations

import glob
import os
import re

from pyqmi.config.errors import NO_DEVICE, ConfigError
from pyqmi.config.schema import CONTROL_NAME as CONTROL_PATTERN
from pyqmi.config.schema import PATH_CHARS
from pyqmi.frozen import frozen

CONTROL_NAME = re.compile(CONTROL_PATTERN)
_PATH_CHARS = re.compile(PATH_CHARS)
# Where a control device appears below a devpath (USB interface or PCIe/MHI wwan class).
_DEVPATH_PATTERNS = (
    "usbmisc/cdc-wdm*",
    "*/usbmisc/cdc-wdm*",
    "*/wwan[0-9]*/wwan[0-9]*qmi*",
    "*/*/wwan[0-9]*/wwan[0-9]*qmi*",
)
_EXAMPLE = "/dev/cdc-wdm0 (USB) or /dev/wwan0qmi0 (PCIe)"


@frozen
class DeviceRoots:
    """Where /dev and /sys really are (tests point these at a temp tree)."""

    dev: str = "/dev"
    sys: str = "/sys"


def _natural_key(name: str) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def list_control_devices(dev_root: str | os.PathLike[str]) -> list[str]:
    """The QMI control devices present, as /dev paths, in natural order."""
    try:
        names = [entry.name for entry in os.scandir(dev_root)]
    except OSError:
        return []
    found = [name for name in names if CONTROL_NAME.fullmatch(name)]
    return [f"/dev/{name}" for name in sorted(found, key=_natural_key)]


def _present(roots: DeviceRoots) -> str:
    devices = list_control_devices(roots.dev)
    if devices:
        return "QMI control devices present: " + ", ".join(devices)
    return "no QMI control device is present (is the modem attached and qmi_wwan loaded?)"


def _fail(option: str, text: str, roots: DeviceRoots, *, permanent: bool) -> ConfigError:
    return ConfigError(
        NO_DEVICE, f"option {option} {text}; {_present(roots)}", option=option, permanent=permanent
    )


def _malformed(option: str, value: str, prefix: str, roots: DeviceRoots) -> ConfigError:
    why = "contains spaces" if re.search(r"\s", value) else f"is not an absolute {prefix} path"
    compact = re.sub(r"\s+", "", value)
    fixable = compact != value and _PATH_CHARS.fullmatch(compact)
    hint = f"did you mean '{compact}'?" if fixable else ""
    example = _EXAMPLE if option == "device" else "/sys/devices/.../usb1/1-1"
    text = f"'{value}' {why}; write it like {example}" + (f" ({hint})" if hint else "")
    return _fail(option, text, roots, permanent=True)


def _host_path(logical: str, prefix: str, root: str) -> str:
    return os.path.join(root, logical[len(prefix) :].lstrip("/"))


def _logical_path(host: str, root: str) -> str:
    """``host`` (a resolved path) as /dev/..., if it lies under ``root``."""
    real_root = os.path.realpath(root)
    if os.path.commonpath([host, real_root]) != real_root or host == real_root:
        return host
    return "/dev/" + os.path.relpath(host, real_root)


def check_device(value: str, roots: DeviceRoots) -> str:
    """Validate option ``device`` and return the control device path it leads to."""
    if not _PATH_CHARS.fullmatch(value) or not value.startswith("/dev/"):
        raise _malformed("device", value, "/dev", roots)
    host = _host_path(value, "/dev", roots.dev)
    if os.path.exists(host):
        real = os.path.realpath(host)
        if CONTROL_NAME.fullmatch(os.path.basename(real)):
            return _logical_path(real, roots.dev)
        text = f"'{value}' is not a QMI control device (expected {_EXAMPLE})"
        raise _fail("device", text, roots, permanent=True)
    if not CONTROL_NAME.fullmatch(os.path.basename(host)):
        text = f"'{value}' does not exist and is not a QMI control device name ({_EXAMPLE})"
        raise _fail("device", text, roots, permanent=True)
    raise _fail("device", f"'{value}' does not exist", roots, permanent=False)


def find_in_devpath(value: str, roots: DeviceRoots) -> str | None:
    """The control device under sysfs path ``value`` (as /dev/NAME), or None if none yet.

    Raises for a malformed devpath or one that does not exist.
    """
    if not _PATH_CHARS.fullmatch(value) or not value.startswith("/sys/"):
        raise _malformed("devpath", value, "/sys", roots)
    host = _host_path(value, "/sys", roots.sys)
    if not os.path.isdir(host):
        text = f"'{value}' does not exist (modem unplugged, or moved to another port?)"
        raise _fail("devpath", text, roots, permanent=False)
    for pattern in _DEVPATH_PATTERNS:
        names = [os.path.basename(match) for match in glob.glob(os.path.join(host, pattern))]
        for name in sorted(names, key=_natural_key):
            if CONTROL_NAME.fullmatch(name):
                return f"/dev/{name}"
    return None


def resolve_device(device: str, devpath: str, roots: DeviceRoots) -> tuple[str, list[str]]:
    """Pick the control device from ``devpath`` (first) or ``device``; return it with notes."""
    notes: list[str] = []
    if devpath:
        found = find_in_devpath(devpath, roots)
        if found is not None:
            if not os.path.exists(_host_path(found, "/dev", roots.dev)):
                text = f"'{devpath}' has control device {found}, but {found} does not exist"
                raise _fail("devpath", text, roots, permanent=False)
            if device and device != found:
                notes.append(f"devpath selects {found}; option device '{device}' is ignored")
            return found, notes
        if not device:
            text = f"'{devpath}' has no cdc-wdm or wwan*qmi* control device below it"
            raise _fail("devpath", text, roots, permanent=False)
        notes.append(f"devpath '{devpath}' has no control device yet; using option device")
    if not device:
        raise _fail("device", "is not set; set device (e.g. /dev/cdc-wdm0) or devpath", roots,
                    permanent=True)  # fmt: skip
    return check_device(device, roots), notes


def check_form(device: str, devpath: str, roots: DeviceRoots) -> None:
    """Only the shape checks (no file system): for validating before the modem exists."""
    if device and (not _PATH_CHARS.fullmatch(device) or not device.startswith("/dev/")):
        raise _malformed("device", device, "/dev", roots)
    if devpath and (not _PATH_CHARS.fullmatch(devpath) or not devpath.startswith("/sys/")):
        raise _malformed("devpath", devpath, "/sys", roots)
