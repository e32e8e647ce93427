"""The kernel edge: the data interface, qmi_wwan's raw_ip switch, ``ip``, the release.

Theory of operation
-------------------
Everything the daemon asks of or does to the kernel goes through ``Kernel``, a small
protocol, the way everything it tells netifd goes through ``Bus``. There are two kernels:

* ``SysfsKernel`` is the real one: it reads and writes sysfs (``/sys`` or a tree given as
  ``sys_root``) and runs ``ip``. With ``ifname`` it is told the data interface's name
  instead of looking it up (``pyqmi daemon --ifname``: a simulator's interface has no sysfs
  parent); everything else stays real.
* ``FakeKernel`` lives in memory: interfaces by name, each with a raw_ip switch or none,
  and it records every change as a tuple. Tests and the demo use it; nothing real is touched.

The daemon's logic asks questions (is there an interface, has it a switch) and gives orders
(switch raw_ip, take the link down, set the MTU); which kernel answers is the caller's choice,
so no test flag sits inside the logic. This module imports only what python3-light has.
"""

from __future__ import annotations

import logging
import os
from typing import NamedTuple, Protocol

from pyqmi.frozen import field, mutable
from pyqmi.loop.process import run_process

log = logging.getLogger("pyqmi.kernel")

IP_TIMEOUT = 3.0  # seconds one ``ip`` command may take


class Counters(NamedTuple):
    """A data interface's packet counters (``/sys/class/net/IF/statistics``)."""

    rx: int
    tx: int


class KernelError(Exception):
    """The kernel refused a change; the message says which and where."""


class Kernel(Protocol):
    """What the daemon needs from the kernel."""

    def release(self) -> str:
        """The kernel release (``uname -r``), for driver hints."""
        ...

    def data_interface(self, control_device: str) -> str | None:
        """The network interface that belongs to a QMI control device, None if unknown."""
        ...

    def has_interface(self, ifname: str) -> bool:
        """Whether network interface ``ifname`` exists now."""
        ...

    def has_raw_ip_switch(self, ifname: str) -> bool:
        """Whether qmi_wwan gives ``ifname`` a raw_ip switch (Linux 4.5 and later)."""
        ...

    def set_raw_ip(self, ifname: str, raw_ip: bool) -> None:
        """Match qmi_wwan's framing to the modem's (the link must be down); KernelError."""
        ...

    async def link_down(self, ifname: str) -> bool:
        """``ip link set dev IFNAME down``; True on success (a failure is logged)."""
        ...

    async def set_mtu(self, ifname: str, mtu: int) -> bool:
        """``ip link set dev IFNAME mtu MTU``; True on success (a failure is logged)."""
        ...

    def counters(self, ifname: str) -> Counters | None:
        """The interface's received and sent packet counts; None when unreadable."""
        ...

    async def probe(self, host: str, ifname: str, timeout: float) -> bool:
        """One ICMP echo to ``host`` through ``ifname`` (``ping``); True when answered."""
        ...


class SysfsKernel:
    """The running kernel, through sysfs under ``sys_root`` and the ``ip`` command."""

    def __init__(
        self,
        sys_root: str = "/sys",
        *,
        ifname: str | None = None,
        ip_command: str = "ip",
        kernel_release: str | None = None,
        ping_command: str = "ping",
    ) -> None:
        self.sys_root = sys_root
        self.ifname = ifname  # the data interface's name, if given rather than looked up
        self.ip_command = ip_command
        self.ping_command = ping_command
        self._release = kernel_release

    def release(self) -> str:
        if self._release is None:
            self._release = os.uname().release
        return self._release

    def data_interface(self, control_device: str) -> str | None:
        if self.ifname is not None:
            return self.ifname
        name = os.path.basename(control_device)
        for cls in ("usbmisc", "wwan"):
            net = os.path.join(self.sys_root, "class", cls, name, "device", "net")
            try:
                names = sorted(os.listdir(net))
            except OSError:
                continue
            if names:
                return names[0]
        return None

    def net_path(self, ifname: str) -> str:
        """The sysfs directory of network interface ``ifname``."""
        return os.path.join(self.sys_root, "class", "net", ifname)

    def raw_ip_path(self, ifname: str) -> str:
        return os.path.join(self.net_path(ifname), "qmi", "raw_ip")

    def has_interface(self, ifname: str) -> bool:
        return os.path.exists(self.net_path(ifname))

    def has_raw_ip_switch(self, ifname: str) -> bool:
        return os.path.exists(self.raw_ip_path(ifname))

    def set_raw_ip(self, ifname: str, raw_ip: bool) -> None:
        path = self.raw_ip_path(ifname)
        want = "Y" if raw_ip else "N"
        try:
            with open(path, encoding="ascii") as handle:
                if handle.read().strip() == want:
                    return
            with open(path, "w", encoding="ascii") as handle:
                handle.write(want)
        except FileNotFoundError:
            raise KernelError(f"cannot set {path} to {want}") from None
        except OSError as exc:
            log.warning("cannot set %s to %s: %s", path, want, exc)
            raise KernelError(f"cannot set {path} to {want}") from None

    async def link_down(self, ifname: str) -> bool:
        return await self.run_ip("link", "set", "dev", ifname, "down")

    async def set_mtu(self, ifname: str, mtu: int) -> bool:
        return await self.run_ip("link", "set", "dev", ifname, "mtu", str(mtu))

    def counters(self, ifname: str) -> Counters | None:
        stats = os.path.join(self.net_path(ifname), "statistics")
        try:
            with open(os.path.join(stats, "rx_packets"), encoding="ascii") as rx:
                received = int(rx.read())
            with open(os.path.join(stats, "tx_packets"), encoding="ascii") as tx:
                sent = int(tx.read())
        except (OSError, ValueError):
            return None
        return Counters(received, sent)

    async def probe(self, host: str, ifname: str, timeout: float) -> bool:
        wait = str(max(1, round(timeout)))
        argv = (self.ping_command, "-c", "1", "-W", wait, "-I", ifname, host)
        return await self.run(*argv, timeout=timeout + 1.0)

    async def run_ip(self, *args: str, timeout: float = IP_TIMEOUT) -> bool:
        """Run ``ip`` with a bound; True on success."""
        return await self.run(self.ip_command, *args, timeout=timeout, label="ip")

    async def run(self, *command: str, timeout: float, label: str = "") -> bool:
        """Run ``command`` with a bound; True on success (a failure is logged, the program
        named ``label`` or by its file name)."""
        shown = " ".join((label or os.path.basename(command[0]), *command[1:]))
        try:
            status, err = await run_process(command, timeout)
        except TimeoutError:
            log.warning("%s timed out", shown)
            return False
        except OSError as exc:
            log.warning("cannot run %s: %s", shown, exc)
            return False
        if status != 0:
            log.warning("%s failed: %s", shown, err.decode(errors="replace").strip())
            return False
        return True


@mutable
class FakeKernel:
    """A kernel in memory. ``interfaces`` maps each network interface to its raw_ip switch:
    True/False is the switch's state, None means the interface has no switch.
    """

    ifname: str | None = "wwan0"  # what data_interface answers for any control device
    interfaces: dict[str, bool | None] = field(default_factory=dict)
    kernel_release: str = "6.6.0"
    refuse_raw_ip: bool = False  # set_raw_ip fails (another program holds the interface)
    changes: list[tuple[str, ...]] = field(default_factory=list)  # every change, in order
    # Packet counters by interface (a test moves them); an interface not here is unreadable.
    packets: dict[str, Counters] = field(default_factory=dict)
    probe_answers: bool = True  # what a probe through the link gets
    probes: list[str] = field(default_factory=list)  # every probe's host, in order

    def release(self) -> str:
        return self.kernel_release

    def data_interface(self, control_device: str) -> str | None:
        return self.ifname

    def has_interface(self, ifname: str) -> bool:
        return ifname in self.interfaces

    def has_raw_ip_switch(self, ifname: str) -> bool:
        return self.interfaces.get(ifname) is not None

    def set_raw_ip(self, ifname: str, raw_ip: bool) -> None:
        want = "Y" if raw_ip else "N"
        if self.refuse_raw_ip or not self.has_raw_ip_switch(ifname):
            raise KernelError(f"cannot set {ifname}'s raw_ip to {want}")
        if self.interfaces[ifname] is not raw_ip:
            self.interfaces[ifname] = raw_ip
            self.changes.append(("raw_ip", ifname, want))

    async def link_down(self, ifname: str) -> bool:
        self.changes.append(("down", ifname))
        return ifname in self.interfaces

    async def set_mtu(self, ifname: str, mtu: int) -> bool:
        self.changes.append(("mtu", ifname, str(mtu)))
        return ifname in self.interfaces

    def counters(self, ifname: str) -> Counters | None:
        return self.packets.get(ifname)

    def traffic(self, ifname: str, rx: int = 0, tx: int = 0) -> None:
        """Packets pass: ``rx`` received and ``tx`` sent on ``ifname``."""
        old = self.packets.get(ifname, Counters(0, 0))
        self.packets[ifname] = Counters(old.rx + rx, old.tx + tx)

    async def probe(self, host: str, ifname: str, timeout: float) -> bool:
        self.probes.append(host)
        return self.probe_answers


__all__ = ["Counters", "FakeKernel", "Kernel", "KernelError", "SysfsKernel"]
