"""The demo's data path: do what netifd would with a link-up payload, then ping through it.

The simulator's data plane owns ``wwan0`` (a TUN) inside the demo's namespace. netifd is not
running, so this module plays its part: it reads the address and the default route from the
``notify_proto`` update and applies them with ``ip -n NS``, then sends three pings past the
gateway. ``ping`` comes from iputils when installed, else from ``pyqmi.cli.icmp_probe``.
Every command runs with a time bound; each one is printed before it runs, with its output.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

COMMAND_TIMEOUT = 5.0
PING_TIMEOUT = 10.0
NETNS_RUN_DIR = "/run/netns"


def netns_exists(netns: str) -> bool:
    return os.path.exists(os.path.join(NETNS_RUN_DIR, netns))


Say = Callable[[str], None]


@dataclass(frozen=True)
class PingResult:
    ran: bool  # False when neither ping nor the probe could run
    ok: bool  # at least one reply came back
    tool: str  # "ping", "icmp_probe" or ""


async def run_command(argv: Sequence[str], say: Say, timeout: float = COMMAND_TIMEOUT) -> bool:
    """Print ``$ argv``, run it with a bound and print its output; True on exit status 0."""
    say("$ " + " ".join(argv))
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
    except OSError as exc:
        say(f"  cannot run {argv[0]}: {exc.strerror}")
        return False
    try:
        output, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        say(f"  no result within {timeout:.0f} s; stopped it")
        return False
    for line in output.decode(errors="replace").splitlines():
        say(f"  {line}")
    if proc.returncode != 0:
        say(f"  (exit status {proc.returncode})")
    return proc.returncode == 0


def address_plan(update: Mapping[str, Any]) -> tuple[str, str | None, str | None]:
    """(address/prefix, default gateway, ping target) from a notify_proto update."""
    addresses = update.get("ipaddr") or []
    if not addresses:
        raise ValueError("the link-up payload carries no IPv4 address")
    first = addresses[0]
    address = f"{first['ipaddr']}/{first['mask']}"
    gateway = next(
        (
            r["gateway"]
            for r in update.get("routes") or []
            if r.get("target") == "0.0.0.0" and r.get("netmask") == "0" and "gateway" in r
        ),
        None,
    )
    dns4 = [d for d in update.get("dns") or [] if ":" not in d]
    target = dns4[0] if dns4 else gateway
    return address, gateway, target


async def apply_update(netns: str, ifname: str, update: Mapping[str, Any], say: Say) -> bool:
    """Configure ``ifname`` in ``netns`` from the update, as netifd would."""
    address, gateway, _ = address_plan(update)
    ok = await run_command(["ip", "-n", netns, "addr", "add", address, "dev", ifname], say)
    ok = ok and await run_command(["ip", "-n", netns, "link", "set", ifname, "up"], say)
    if gateway is not None:
        ok = ok and await run_command(
            ["ip", "-n", netns, "route", "add", "default", "via", gateway], say
        )
    return ok


async def ping(netns: str, target: str, say: Say, tool: str = "auto") -> PingResult:
    """Three echo requests to ``target`` from inside ``netns``."""
    use_ping = tool == "ping" or (tool == "auto" and shutil.which("ping") is not None)
    if tool == "ping" and shutil.which("ping") is None:
        say("ping is not installed (package iputils-ping); skipping the ping")
        return PingResult(ran=False, ok=False, tool="")
    if use_ping:
        argv = ["ip", "netns", "exec", netns, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "1"]
        ok = await run_command([*argv, target], say, PING_TIMEOUT)
        return PingResult(ran=True, ok=ok, tool="ping")
    if tool == "auto":
        say("ping is not installed (package iputils-ping); using pyqmi's ICMP probe instead")
    argv = ["ip", "netns", "exec", netns, sys.executable, "-m", "pyqmi.cli.icmp_probe"]
    ok = await run_command([*argv, "-c", "3", target], say, PING_TIMEOUT)
    return PingResult(ran=True, ok=ok, tool="icmp_probe")


def unique_netns_name(token: str) -> str:
    return f"pyqmi-demo-{token}"


async def delete_netns(netns: str, say: Say) -> None:
    """Make sure the namespace is gone (the data plane normally deletes it itself)."""
    if netns_exists(netns):
        with contextlib.suppress(OSError):
            await run_command(["ip", "netns", "delete", netns], say)
