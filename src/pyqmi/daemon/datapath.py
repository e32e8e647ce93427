"""The kernel side of the data interface: qmi_wwan's raw_ip flag and the MTU."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

log = logging.getLogger("pyqmi.datapath")


def find_ifname(device: str, sys_root: Path = Path("/sys")) -> str | None:
    """The network interface of a QMI control device, from sysfs."""
    name = Path(device).name
    for cls in ("usbmisc", "wwan"):
        net = sys_root / "class" / cls / name / "device" / "net"
        try:
            names = sorted(p.name for p in net.iterdir())
        except OSError:
            continue
        if names:
            return names[0]
    return None


def raw_ip_path(ifname: str, sys_root: Path = Path("/sys")) -> Path:
    return sys_root / "class" / "net" / ifname / "qmi" / "raw_ip"


def set_raw_ip(ifname: str, raw_ip: bool, sys_root: Path = Path("/sys")) -> bool:
    """Match qmi_wwan's framing to the modem's.  False when the kernel has no such knob."""
    path = raw_ip_path(ifname, sys_root)
    want = "Y" if raw_ip else "N"
    try:
        if path.read_text().strip() == want:
            return True
        path.write_text(want)
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
