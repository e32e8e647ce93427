"""The simulated modem's data plane: a raw-ip `wwan0` in a network namespace, and a network
behind it that answers pings and DNS.

Theory of operation: a qmi_wwan netdev in raw-ip mode carries bare IP packets, which is exactly
what a TUN device opened with IFF_TUN | IFF_NO_PI carries. The simulator runs in the root
namespace; the daemon under test runs in namespace NS and sees `wwan0` there. On entry we create
the TUN under a throw-away name in the root namespace (so a real `wwan0` there never collides),
move it into NS with `ip link set ... netns NS` and rename it there. The fd we hold keeps
working after the move: a TUN's fd is bound to the device, not to a namespace. Closing the fd
destroys the device wherever it lives.

Packets are read in an event loop reader callback and handed to the pure `respond()`; what
comes back is written straight to the fd. Addresses inside NS are the daemon's (or netifd's)
business, never ours.
"""

from __future__ import annotations

import asyncio
import collections
import fcntl
import logging
import os
import secrets
import struct
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv6Address, ip_interface
from types import TracebackType
from typing import Self

from pyqmi.sim.dataplane_responder import AddressPlan, Outcome, respond

log = logging.getLogger(__name__)

TUN_DEVICE = "/dev/net/tun"
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
IFNAMSIZ = 16
NETNS_RUN_DIR = "/run/netns"


def _netns_exists(netns: str) -> bool:
    return os.path.exists(os.path.join(NETNS_RUN_DIR, netns))


IP_COMMAND_TIMEOUT = 10.0
MAX_PACKET = 65535
READ_BATCH = 64  # packets per wake-up, so a flood cannot starve the rest of the event loop


class DataPlaneError(Exception):
    """The namespace or the TUN device could not be set up."""


class DataPlaneConfigError(ValueError):
    """An address, namespace or interface name the data plane cannot use."""


def _parse_address(text: str, what: str) -> IPv4Address | IPv6Address:
    try:
        return ip_interface(text).ip  # accepts "a.b.c.d" as well as "a.b.c.d/len"
    except ValueError as exc:
        raise DataPlaneConfigError(f"{what}: {exc}") from None


def _ipv4(text: str | None, what: str) -> IPv4Address | None:
    if text is None:
        return None
    address = _parse_address(text, what)
    if not isinstance(address, IPv4Address):
        raise DataPlaneConfigError(f"{what}: {text!r} is not an IPv4 address")
    return address


def _ipv6(text: str | None, what: str) -> IPv6Address | None:
    if text is None:
        return None
    address = _parse_address(text, what)
    if not isinstance(address, IPv6Address):
        raise DataPlaneConfigError(f"{what}: {text!r} is not an IPv6 address")
    return address


def build_plan(
    ipv4: str | None,
    gateway4: str | None,
    dns4: Sequence[str],
    ipv6: str | None = None,
    gateway6: str | None = None,
    dns6: Sequence[str] = (),
) -> AddressPlan:
    """Validate the call's addresses into an `AddressPlan`; raises DataPlaneConfigError."""
    if ipv4 is None and ipv6 is None:
        raise DataPlaneConfigError("a data call needs an IPv4 or an IPv6 address")
    if isinstance(dns4, str) or isinstance(dns6, str):
        raise DataPlaneConfigError("dns4 and dns6 are lists of addresses, not one string")
    return AddressPlan(
        host4=_ipv4(ipv4, "ipv4"),
        gateway4=_ipv4(gateway4, "gateway4"),
        dns4=frozenset(a for a in (_ipv4(t, "dns4") for t in dns4) if a is not None),
        host6=_ipv6(ipv6, "ipv6"),
        gateway6=_ipv6(gateway6, "gateway6"),
        dns6=frozenset(a for a in (_ipv6(t, "dns6") for t in dns6) if a is not None),
    )


def _check_name(name: str, what: str, max_length: int) -> str:
    if (
        not name
        or len(name) > max_length
        or name in (".", "..")
        or any(c in name for c in "/ \t\n\0")
    ):
        raise DataPlaneConfigError(f"{what} {name!r} is not a usable name")
    return name


class DataPlane:
    """Owns the TUN `wwan0` inside namespace `netns` and answers the host's packets.

    Use as `async with DataPlane("ns") as dp:`; call `configure(...)` when a data call connects
    and `clear()` when it ends. `stats` counts echo_replies, dns_answers and dropped packets;
    `drop_reasons` says why packets were dropped.
    """

    def __init__(self, netns: str, ifname: str = "wwan0", *, ip_command: str = "ip") -> None:
        self.netns = _check_name(netns, "namespace", 200)
        self.ifname = _check_name(ifname, "interface", IFNAMSIZ - 1)
        self._ip = ip_command
        self._fd: int | None = None
        self._created_netns = False
        self._plan: AddressPlan | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.stats: dict[str, int] = {outcome.value: 0 for outcome in Outcome}
        self.drop_reasons: collections.Counter[str] = collections.Counter()

    @property
    def plan(self) -> AddressPlan | None:
        return self._plan

    def configure(
        self,
        ipv4: str | None,
        gateway4: str | None,
        dns4: Sequence[str],
        ipv6: str | None = None,
        gateway6: str | None = None,
        dns6: Sequence[str] = (),
    ) -> None:
        """A data call is up with these addresses: start answering."""
        self._plan = build_plan(ipv4, gateway4, dns4, ipv6, gateway6, dns6)
        log.info("data plane in %s up: %s", self.netns, self._plan)

    def clear(self) -> None:
        """The data call ended: drop every packet from now on."""
        self._plan = None
        log.info("data plane in %s down", self.netns)

    async def __aenter__(self) -> Self:
        self._loop = asyncio.get_running_loop()
        if not _netns_exists(self.netns):
            await self._run_ip("netns", "add", self.netns)
            self._created_netns = True
        try:
            await self._create_tun()
        except BaseException:
            await self._teardown()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._teardown()

    async def _create_tun(self) -> None:
        temporary = "pqsim" + secrets.token_hex(4)  # unique in the root namespace
        self._fd = _open_tun(temporary)
        await self._run_ip("link", "set", temporary, "netns", self.netns)
        try:
            await self._run_ip("-n", self.netns, "link", "set", temporary, "name", self.ifname)
        except DataPlaneError as exc:
            message = f"cannot name the TUN {self.ifname!r} in namespace {self.netns!r} ({exc})"
            raise DataPlaneError(message) from exc
        assert self._loop is not None
        self._loop.add_reader(self._fd, self._on_readable)

    async def _teardown(self) -> None:
        if self._fd is not None:
            if self._loop is not None:
                self._loop.remove_reader(self._fd)
            os.close(self._fd)  # destroys the device, wherever it is now
            self._fd = None
        self._plan = None
        if self._created_netns:
            self._created_netns = False
            await self._run_ip("netns", "delete", self.netns)

    async def _run_ip(self, *args: str) -> None:
        try:
            proc = await asyncio.create_subprocess_exec(
                self._ip,
                *args,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
        except OSError as exc:
            raise DataPlaneError(f"cannot run {self._ip!r}: {exc}") from exc
        try:
            _, stderr = await asyncio.wait_for(proc.communicate(), IP_COMMAND_TIMEOUT)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            message = f"ip {' '.join(args)}: no answer in {IP_COMMAND_TIMEOUT} s"
            raise DataPlaneError(message) from None
        if proc.returncode != 0:
            message = stderr.decode(errors="replace").strip()
            raise DataPlaneError(f"ip {' '.join(args)} failed: {message}")

    def _on_readable(self) -> None:
        for _ in range(READ_BATCH):
            if self._fd is None:
                return
            try:
                packet = os.read(self._fd, MAX_PACKET)
            except BlockingIOError:
                return
            except OSError as exc:
                log.warning("data plane read failed: %s", exc)
                return
            self.handle_packet(packet)

    def handle_packet(self, packet: bytes) -> None:
        """Answer one packet from the host, updating the counters."""
        verdict = respond(packet, self._plan)
        if verdict.reply is not None and self._fd is not None:
            try:
                os.write(self._fd, verdict.reply)
            except OSError as exc:
                self._count_drop(f"TUN write failed: {exc.strerror}")
                return
        if verdict.outcome is Outcome.DROPPED:
            self._count_drop(verdict.reason)
        else:
            self.stats[verdict.outcome.value] += 1

    def _count_drop(self, reason: str) -> None:
        self.stats[Outcome.DROPPED.value] += 1
        self.drop_reasons[reason] += 1
        log.debug("data plane dropped a packet: %s", reason)


def _open_tun(name: str) -> int:
    try:
        fd = os.open(TUN_DEVICE, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise DataPlaneError(f"cannot open {TUN_DEVICE}: {exc.strerror}") from exc
    request = struct.pack(f"{IFNAMSIZ}sH22x", name.encode(), IFF_TUN | IFF_NO_PI)
    try:
        fcntl.ioctl(fd, TUNSETIFF, request)
    except OSError as exc:
        os.close(fd)
        raise DataPlaneError(f"cannot create TUN {name}: {exc.strerror}") from exc
    return fd
