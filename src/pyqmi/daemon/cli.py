"""``pyqmi daemon``: what netifd's ``proto_run_command`` starts for one interface.

Where the options come from (``config/sources.py``): the interface's own UCI section,
``network.<interface>``, read with pyuci from ``/etc/config/network`` (``--uci-confdir DIR``
reads ``DIR/network`` instead, for a netifd started with ``-c DIR``). Only an interface with
no such section (added at run time over ubus) uses the non-secret options the shim passes as
JSON in ``PYQMI_CONFIG``, and the log says so. Either way the environment variable is dropped
before anything else runs, so child processes do not inherit it. Secret values are registered
with the log mask as soon as they are read, before validation.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pyqmi import loop
from pyqmi.config.errors import NO_DEVICE, ConfigError
from pyqmi.config.slices import Slices
from pyqmi.config.sources import Options, SectionReader, choose_options
from pyqmi.config.uci_source import UciSource
from pyqmi.config.validate import ENV_VAR, Config, Loaded, validate
from pyqmi.daemon.kernel import SysfsKernel
from pyqmi.daemon.ondemand import OnDemand
from pyqmi.daemon.pin_marker import DEFAULT_DIR as DEFAULT_SIM_STATE_DIR
from pyqmi.daemon.runner import Daemon, Deps
from pyqmi.logsetup import register_secrets, setup_logging
from pyqmi.netifd import payload
from pyqmi.netifd.bus import Bus, BusError, PythonUbusBus
from pyqmi.netifd.status import publish_status

log = logging.getLogger("pyqmi.daemon")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interface", required=True, help="the netifd interface name")
    parser.add_argument(
        "--state-dir", default="/var/run/pyqmi", help="where client IDs are remembered"
    )
    parser.add_argument(
        "--sim-state-dir",
        default=DEFAULT_SIM_STATE_DIR,
        metavar="DIR",
        help="where PINs the SIM refused are remembered, across reboots (default: %(default)s)",
    )
    parser.add_argument(
        "--ifname",
        default=None,
        help="the kernel's data interface name (default: found in sysfs)",
    )
    parser.add_argument(
        "--uci-confdir",
        default=None,
        metavar="DIR",
        help="where UCI's config files are, as netifd -c DIR (default: /etc/config)",
    )


async def serve(interface: str, config: Config | Slices, bus: Bus, deps: Deps) -> int:
    """Run one daemon on ``bus`` until SIGTERM; returns the exit code."""
    extra = OnDemand(interface, bus)  # the cells: after link-up and when asked (ondemand.py)
    deps.bus = extra.bus  # the runner's notify_proto passes through it
    daemon = Daemon(interface, config, deps)
    extra.attach(lambda: daemon.device.client)
    carrier = loop.current()
    for sig in (signal.SIGTERM, signal.SIGINT):
        carrier.add_signal_handler(sig, daemon.stop)
    try:
        if daemon.slices.report.ubus_status:
            try:
                status = lambda: extra.status(daemon.status())  # noqa: E731
                await publish_status(bus, interface, status, extra.on_ask)
            except BusError as exc:
                log.warning("no status object on ubus: %s", exc)
        return await daemon.run()
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            carrier.remove_signal_handler(sig)


def _validate(options: Options) -> Loaded:
    """Validate; a device that is well formed but not there yet is waited for later."""
    try:
        return validate(options.values)
    except ConfigError as exc:
        if exc.code != NO_DEVICE or exc.permanent:
            raise
        loaded = validate(options.values, check_device=False)
        if not loaded.config.device:
            raise
        log.info("%s; waiting for it", exc.message)
        return loaded


def _load(interface: str, environ: Mapping[str, str], uci: SectionReader) -> Loaded:
    """The interface's options from UCI (or netifd's copy), logged and validated."""
    options = choose_options(interface, environ, uci)
    register_secrets(options.secrets)  # before any message could quote them
    for line in options.notes:
        log.info("%s", line)
    for line in options.warnings:
        log.warning("%s", line)
    return _validate(options)


async def main_async(
    args: argparse.Namespace,
    connect_bus: Callable[[], Awaitable[Bus]] = PythonUbusBus.connect,
    environ: Mapping[str, str] | None = None,
    uci: SectionReader | None = None,
    **deps: Any,
) -> int:
    interface = args.interface
    setup_logging(interface)
    if environ is None:
        environ = dict(os.environ)
        os.environ.pop(ENV_VAR, None)  # children must not inherit the options
    if uci is None:
        uci = UciSource(confdir=args.uci_confdir)
    try:
        bus = await connect_bus()
    except BusError as exc:
        log.error("cannot reach ubus: %s", exc)
        return 2
    try:
        try:
            loaded = _load(interface, environ, uci)
        except ConfigError as exc:
            log.error("%s: %s", exc.code, exc.message)
            await bus.notify_proto(payload.build_error(interface, exc.code, exc.message))
            if exc.permanent:
                await bus.notify_proto(payload.build_block_restart(interface))
            return 1
        slices = loaded.slices
        register_secrets(slices.secrets)
        for note in loaded.notes:
            log.info("%s", note)
        if "device" in deps:  # tests point the daemon at a simulator's pty link
            slices = slices.with_device(deps.pop("device"))
        deps.setdefault("kernel", SysfsKernel(ifname=args.ifname))
        deps.setdefault("sim_state_dir", args.sim_state_dir)
        daemon_deps = Deps(bus=bus, state_dir=args.state_dir, **deps)
        return await serve(interface, slices, bus, daemon_deps)
    finally:
        await bus.close()


def run(args: argparse.Namespace) -> int:
    return loop.run(main_async(args))
