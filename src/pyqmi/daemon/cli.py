"""``pyqmi daemon``: what netifd's ``proto_run_command`` starts for one interface.

The options arrive as JSON in ``PYQMI_CONFIG`` (never on the command line), are
validated first, and are dropped from the environment that child processes inherit
(/proc/<pid>/environ keeps them, readable by root only).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from pyqmi.config.errors import ConfigError
from pyqmi.config.validate import ENV_VAR, Config, Loaded, validate_environ
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
        "--ifname", default=None, help="data interface name (default: found in sysfs)"
    )


async def serve(interface: str, config: Config, bus: Bus, deps: Deps) -> int:
    """Run one daemon on ``bus`` until SIGTERM; returns the exit code."""
    daemon = Daemon(interface, config, deps)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, daemon.stop)
    try:
        if config.ubus_status:
            try:
                await publish_status(bus, interface, daemon.status)
            except BusError as exc:
                log.warning("no status object on ubus: %s", exc)
        return await daemon.run()
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


def _load(environ: Mapping[str, str]) -> Loaded:
    """Validate; a device that is well formed but not there yet is waited for later."""
    try:
        return validate_environ(environ)
    except ConfigError as exc:
        if exc.code != "NO_DEVICE" or exc.permanent:
            raise
        loaded = validate_environ(environ, check_device=False)
        if not loaded.config.device:
            raise
        log.info("%s; waiting for it", exc.message)
        return loaded


async def main_async(
    args: argparse.Namespace,
    connect_bus: Callable[[], Awaitable[Bus]] = PythonUbusBus.connect,
    environ: Mapping[str, str] | None = None,
    **deps: Any,
) -> int:
    interface = args.interface
    setup_logging(interface)
    if environ is None:
        environ = dict(os.environ)
        os.environ.pop(ENV_VAR, None)  # children must not inherit the secrets
    try:
        bus = await connect_bus()
    except BusError as exc:
        log.error("cannot reach ubus: %s", exc)
        return 2
    try:
        try:
            loaded = _load(environ)
        except ConfigError as exc:
            log.error("%s: %s", exc.code, exc.message)
            await bus.notify_proto(payload.build_error(interface, exc.code, exc.message))
            if exc.permanent:
                await bus.notify_proto(payload.build_block_restart(interface))
            return 1
        config = loaded.config
        register_secrets([config.pincode, config.password])
        for note in loaded.notes:
            log.info("%s", note)
        if "device" in deps:  # tests point the daemon at a simulator's pty link
            config = dataclasses.replace(config, device=deps.pop("device"))
        daemon_deps = Deps(bus=bus, state_dir=Path(args.state_dir), ifname=args.ifname, **deps)
        return await serve(interface, config, bus, daemon_deps)
    finally:
        await bus.close()


def run(args: argparse.Namespace) -> int:
    return asyncio.run(main_async(args))
