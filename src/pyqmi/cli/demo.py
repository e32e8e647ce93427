"""``pyqmi demo``: connect to the built-in simulated modem and show every step.

Theory of operation
-------------------
Everything runs in this one process and one event loop, with the real code paths: the
simulator serves a scenario on a pty (``run_sim``), the daemon (``Daemon``) opens that pty
as its control device and walks the connect flow, and a ``RecordingBus`` stands in for ubus,
so the ``notify_proto`` payloads netifd would receive are printed instead of sent. The
daemon's log lines (state transitions included) are printed as they happen, stamped with
seconds since the demo started.

Outcome: the demo waits, bounded, for the link-up payload (action 0) or for the daemon to
give up. After a link-up it prints the payload, the ``pyqmi.<iface> status`` reply and what
the connect cost (time, QMI requests, client IDs) next to qmi.sh's figures. As root it also
does netifd's part inside a throw-away network namespace (address, link up, default route)
and pings through the simulated link (``demo_netns``). Then it stops the daemon as SIGTERM
would (``daemon.stop()``) and shows that the modem holds no client IDs afterwards.

A failing scenario (``--scenario puk-locked``) shows the named error and netifd's block-restart
action; that is a successful demo. Exit status: 0 when the demo showed a link-up or a named
error and tore down cleanly; 1 when the demo could not show either, the daemon did not stop,
client IDs were left on the modem, or the ping through the namespace failed; 2 for bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import secrets
import signal
import tempfile
import time
from collections.abc import Callable

from pyqmi import frozen
from pyqmi.cli import demo_netns
from pyqmi.cli.demo_output import DemoBus, LogPrinter, heading, say, to_json, uci_section
from pyqmi.cli.usage import BadInput
from pyqmi.config.errors import ConfigError
from pyqmi.config.schema import SECRET_OPTIONS
from pyqmi.config.validate import Config, validate
from pyqmi.daemon.kernel import FakeKernel
from pyqmi.daemon.runner import Daemon, Deps, Timings
from pyqmi.logsetup import SecretFilter
from pyqmi.netifd.payload import ACTION_BLOCK_RESTART, ACTION_ERROR, ACTION_UPDATE
from pyqmi.netifd.status import publish_status
from pyqmi.sim import SCENARIOS, RunningSim, Scenario, run_sim
from pyqmi.sim.dataplane import DataPlaneError

INTERFACE = "wwan"
IFNAME = "wwan0"
SHOWN_DEVICE = "/dev/cdc-wdm0"
LINK_WAIT = 12.0  # seconds for a link-up or a final error
STOP_WAIT = 5.0  # seconds for the daemon to tear down (netifd kills after 5 s)
DEMO_APN = "internet"
# Scenarios that fail only with a particular configuration get it here.
SCENARIO_APN = {"unknown-apn": "internet.example"}
# OpenWrt's qmi.sh connecting the same well-behaved modem (uqmi: one process and one client
# ID per step), the figures pyqmi is compared with.
QMI_SH = {"seconds": 5.2, "requests": 46, "client_ids": 14}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario", default="default", help="simulated modem scenario (see --list)"
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument(
        "--no-netns",
        action="store_true",
        help="skip the network namespace and the ping (they need root)",
    )
    parser.add_argument("--apn", default=None, help="APN of the sample configuration")
    parser.add_argument(
        "--ping-with",
        choices=("auto", "ping", "python"),
        default="auto",
        help="ping program for the data path check (auto: iputils ping if installed)",
    )


def run(args: argparse.Namespace) -> int:
    if args.list:
        width = max(len(name) for name in SCENARIOS)
        for name, listed in SCENARIOS.items():
            print(f"{name:<{width}}  {listed.description}")
        return 0
    sc = SCENARIOS.get(args.scenario)
    if sc is None:
        raise BadInput(f"unknown scenario {args.scenario!r}; see pyqmi demo --list")
    apn = args.apn if args.apn is not None else SCENARIO_APN.get(sc.name, DEMO_APN)
    try:  # the sample configuration must pass the daemon's own checks
        validate({"device": SHOWN_DEVICE, "apn": apn, "pincode": sc.pin}, check_device=False)
    except ConfigError as exc:
        raise BadInput(f"{exc.code}: {exc.message}") from None
    use_netns = not args.no_netns
    if use_netns and os.geteuid() != 0:
        use_netns = False
        print("Not running as root: skipping the network namespace and the ping.\n")
    return asyncio.run(Demo(sc, apn, use_netns, args.ping_with).main())


# ---- the demo -----------------------------------------------------------------------------


class Demo:
    def __init__(self, sc: Scenario, apn: str, use_netns: bool, ping_with: str) -> None:
        self.sc = sc
        self.apn = apn
        self.use_netns = use_netns
        self.ping_with = ping_with
        self.t0 = time.monotonic()
        self.secrets = SecretFilter()
        self.bus = DemoBus()
        self.ok = True

    def sample_config(self) -> dict[str, str]:
        # The PIN is the card's; on a card without PIN protection it is simply not needed.
        return {"device": SHOWN_DEVICE, "apn": self.apn, "pincode": self.sc.pin}

    async def main(self) -> int:
        logger = logging.getLogger("pyqmi")
        saved = (logger.level, logger.propagate)
        printer = LogPrinter(self.t0, self.secrets)
        logger.addHandler(printer)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        try:
            return await self._main()
        finally:
            logger.removeHandler(printer)
            logger.setLevel(saved[0])
            logger.propagate = saved[1]

    async def _main(self) -> int:
        print(f"pyqmi demo: scenario '{self.sc.name}': {self.sc.description}")
        raw = self.sample_config()
        self.secrets.register(*(raw.get(name) for name in SECRET_OPTIONS))
        heading("sample configuration (/etc/config/network)")
        print(uci_section(INTERFACE, raw))
        config = validate(raw, check_device=False).config
        with tempfile.TemporaryDirectory(prefix="pyqmi-demo-") as tmp:
            netns = None
            if self.use_netns:
                netns = demo_netns.unique_netns_name(f"{os.getpid()}-{secrets.token_hex(3)}")
            try:
                return await self._with_sim(config, tmp, netns)
            finally:
                if netns is not None:
                    await demo_netns.delete_netns(netns, say)

    async def _with_sim(self, config: Config, tmp: str, netns: str | None) -> int:
        link = os.path.join(tmp, "cdc-wdm0")
        async with contextlib.AsyncExitStack() as stack:
            try:
                sim = await stack.enter_async_context(run_sim(self.sc, link, netns=netns))
            except DataPlaneError as exc:
                print(f"\nCannot set up the namespace ({exc}); continuing without the data path.")
                netns = None
                sim = await stack.enter_async_context(run_sim(self.sc, link))
            print(f"(device '{SHOWN_DEVICE}' is the simulated modem's pty, here {link})")
            if netns is not None:
                print(f"(wwan0 is a TUN inside the network namespace {netns})")
            config = frozen.replace(config, device=str(link))
            return await self._with_daemon(config, sim, tmp, netns)
        raise AssertionError("unreachable")  # pragma: no cover - the stack does not swallow

    async def _with_daemon(
        self, config: Config, sim: RunningSim, tmp: str, netns: str | None
    ) -> int:
        timings = Timings(probe_attempts=5, request_timeout=3.0, stop_timeout=1.0)
        deps = Deps(
            bus=self.bus,
            state_dir=os.path.join(tmp, "state"),
            kernel=FakeKernel(ifname=IFNAME),  # nothing of the real kernel is touched
            timings=timings,
        )
        daemon = Daemon(INTERFACE, config, deps)
        await publish_status(self.bus, INTERFACE, daemon.status)
        self.bus.sim = sim
        heading("connecting (times are seconds since the demo started)")
        self.bus.started = time.monotonic()
        task = asyncio.create_task(daemon.run())
        stop_signals = _stop_on_signals(daemon)
        try:
            await self._wait_outcome(task)
            self._show_outcome(task)
            if self.bus.link_up is not None and netns is not None:
                await self._data_path(netns)
            await self._teardown(daemon, task, sim)
        finally:
            stop_signals()
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        return 0 if self.ok else 1

    async def _wait_outcome(self, task: asyncio.Task[int]) -> None:
        deadline = time.monotonic() + LINK_WAIT
        while self.bus.link_up is None and not task.done():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self.bus.changed.clear()
            waiter = asyncio.ensure_future(self.bus.changed.wait())
            await asyncio.wait({task, waiter}, timeout=left, return_when="FIRST_COMPLETED")
            waiter.cancel()

    def _show_outcome(self, task: asyncio.Task[int]) -> None:
        heading("what netifd received (ubus call network.interface notify_proto ...)")
        for notification in self.bus.notifications:
            print(to_json(notification))
        heading(f"ubus call pyqmi.{INTERFACE} status")
        print(to_json(self.bus.invoke(f"pyqmi.{INTERFACE}", "status")))
        up = self.bus.link_up
        if up is not None:
            heading("what the connect cost")
            print(f"  {'':<22}{'pyqmi':>10}{'qmi.sh':>10}")
            print(f"  {'time to link-up':<22}{up['seconds']:>9.3f}s{QMI_SH['seconds']:>9.1f}s")
            print(f"  {'QMI requests':<22}{up['requests']:>10}{QMI_SH['requests']:>10}")
            print(f"  {'client IDs allocated':<22}{up['client_ids']:>10}{QMI_SH['client_ids']:>10}")
            return
        errors = [n for n in self.bus.notifications if n.get("action") == ACTION_ERROR]
        blocked = any(n.get("action") == ACTION_BLOCK_RESTART for n in self.bus.notifications)
        heading("outcome")
        for err in errors:
            print(f"  error reported to netifd: {err['error'][0]}: {' '.join(err['error'][1:])}")
        if blocked:
            print("  netifd was told to block restarts (action 4): retrying cannot fix this;")
            print("  the interface stays down until the configuration or the SIM is changed.")
        elif errors:
            print(f"  no link within {LINK_WAIT:.0f} s; under netifd the daemon keeps retrying.")
        if task.done() and not task.cancelled() and task.exception() is None:
            print(f"  the daemon exited with status {task.result()}")
        if not errors:
            print(f"  neither a link-up nor an error within {LINK_WAIT:.0f} s")
            self.ok = False

    async def _data_path(self, netns: str) -> None:
        heading(f"data path: doing netifd's part inside namespace {netns}")
        update = next(n for n in self.bus.notifications if n.get("action") == ACTION_UPDATE)
        try:
            _, _, target = demo_netns.address_plan(update)
        except ValueError as exc:
            say(f"cannot apply the payload: {exc}")
            self.ok = False
            return
        if not await demo_netns.apply_update(netns, IFNAME, update, say):
            self.ok = False
            return
        if target is None:
            say("the payload has no gateway or DNS server to ping")
            return
        say(f"pinging {target} (past the gateway, through the default route):")
        result = await demo_netns.ping(netns, target, say, self.ping_with)
        if result.ran:
            say(f"ping through the simulated link: {'OK' if result.ok else 'FAILED'}")
            self.ok = self.ok and result.ok

    async def _teardown(self, daemon: Daemon, task: asyncio.Task[int], sim: RunningSim) -> None:
        if task.done():
            heading("the daemon has exited: what it left behind on the modem")
        else:
            heading("stopping the daemon (what SIGTERM from netifd does)")
        before = len(self.bus.notifications)
        daemon.stop()
        try:
            code = await asyncio.wait_for(asyncio.shield(task), STOP_WAIT)
        except TimeoutError:
            print(f"  the daemon did not stop within {STOP_WAIT:.0f} s")
            self.ok = False
            return
        except Exception as exc:  # shown, and the demo fails
            print(f"  the daemon crashed: {exc!r}")
            self.ok = False
            return
        for notification in self.bus.notifications[before:]:
            print(to_json(notification))
        state = sim.state
        held = {svc: sorted(cids) for svc, cids in state.clients.items() if cids}
        print(f"  daemon exit status: {code}")
        print(f"  data calls still up on the modem: {len(state.calls)}")
        print(f"  client IDs the modem still holds: {sum(len(c) for c in held.values())}")
        print(f"  QMI requests in total (connect and teardown): {len(state.requests)}")
        if held or state.calls:
            print(f"  LEAK: {held} {len(state.calls)} call(s)")
            self.ok = False


def _stop_on_signals(daemon: Daemon) -> Callable[[], None]:
    """Let SIGINT/SIGTERM stop the daemon cleanly during the demo; returns the undo."""
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, daemon.stop)
        except (ValueError, RuntimeError, NotImplementedError):
            continue
        installed.append(sig)

    def undo() -> None:
        for sig in installed:
            loop.remove_signal_handler(sig)

    return undo
