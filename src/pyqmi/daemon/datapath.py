"""The kernel side of the data interface: qmi_wwan's raw_ip flag and the MTU."""

from __future__ import annotations

import asyncio
import logging
import os

log = logging.getLogger("pyqmi.datapath")

StrPath = str | os.PathLike[str]  # a directory given as text or as a path object


def find_ifname(device: str, sys_root: StrPath = "/sys") -> str | None:
    """The network interface of a QMI control device, from sysfs."""
    name = os.path.basename(device)
    for cls in ("usbmisc", "wwan"):
        net = os.path.join(sys_root, "class", cls, name, "device", "net")
        try:
            names = sorted(os.listdir(net))
        except OSError:
            continue
        if names:
            return names[0]
    return None


def net_path(ifname: str, sys_root: StrPath = "/sys") -> str:
    """The sysfs directory of network interface ``ifname``."""
    return os.path.join(sys_root, "class", "net", ifname)


def has_net_device(ifname: str, sys_root: StrPath = "/sys") -> bool:
    """Whether the kernel has network interface ``ifname`` (a sysfs stat)."""
    return os.path.exists(net_path(ifname, sys_root))


def has_raw_ip_switch(ifname: str, sys_root: StrPath = "/sys") -> bool:
    """Whether qmi_wwan offers ``ifname`` a raw_ip switch (Linux 4.5 and later)."""
    return os.path.exists(raw_ip_path(ifname, sys_root))


def raw_ip_path(ifname: str, sys_root: StrPath = "/sys") -> str:
    return os.path.join(net_path(ifname, sys_root), "qmi", "raw_ip")


def set_raw_ip(ifname: str, raw_ip: bool, sys_root: StrPath = "/sys") -> bool:
    """Match qmi_wwan's framing to the modem's.  False when the kernel has no such knob."""
    path = raw_ip_path(ifname, sys_root)
    want = "Y" if raw_ip else "N"
    try:
        with open(path, encoding="ascii") as handle:
            if handle.read().strip() == want:
                return True
        with open(path, "w", encoding="ascii") as handle:
            handle.write(want)
    except FileNotFoundError:
        return False
    except OSError as exc:
        log.warning("cannot set %s to %s: %s", path, want, exc)
        return False
    return True


async def run_ip(*args: str, timeout: float = 3.0) -> bool:
    """Run ``ip`` with a bound; True on success."""
    try:
        proc = await asyncio.create_subprocess_exec(
            "ip", *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
        )
    except OSError as exc:
        log.warning("cannot run ip %s: %s", " ".join(args), exc)
        return False
    try:
        _, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        log.warning("ip %s timed out", " ".join(args))
        return False
    if proc.returncode != 0:
        log.warning("ip %s failed: %s", " ".join(args), err.decode(errors="replace").strip())
        return False
    return True
