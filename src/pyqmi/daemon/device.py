"""The control device for one session: opened, explained when it fails, torn down.

Opening waits (bounded) for the device node, honours option ``delay``, opens
the device directly or through qmi-proxy (option ``proxy``, ``proxy.py``), probes
the modem, and releases client IDs a killed run left behind (``CidStore``).
Teardown stops the calls only on a clean stop (a device failure leaves them
to the modem), then releases every client ID, all within one budget: netifd
sends SIGKILL 5 s after SIGTERM.  IDs not released stay in the state file for
the next start.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from typing import TYPE_CHECKING

from pyqmi.config.device import list_control_devices
from pyqmi.daemon import modem
from pyqmi.daemon.proxy import open_via_proxy
from pyqmi.qmi.errors import QmiError
from pyqmi.session.errors import ErrorCode, LinkError
from pyqmi.transport import DeviceGone, DeviceNotReady, DeviceOpenError, QmiClient, RequestTimeout

if TYPE_CHECKING:
    from pyqmi.daemon.runner import Daemon

log = logging.getLogger("pyqmi.daemon")


def device_error(device: str, exc: Exception) -> LinkError:
    """The error to report for a device that went away or stopped answering."""
    if isinstance(exc, DeviceGone):
        return LinkError(
            ErrorCode.DEVICE_GONE,
            f"the modem at {device} went away ({exc}); it will be reopened when it is back. "
            "If this repeats, the modem may be short of power: use a powered USB hub",
        )
    if isinstance(exc, DeviceNotReady):
        return LinkError(
            ErrorCode.DEVICE_NOT_READY,
            f"the modem at {device} does not answer QMI ({exc}): check that it is in QMI "
            "mode and that no other program holds the port",
        )
    return LinkError(ErrorCode.DEVICE_NOT_READY, f"the modem at {device} stopped answering ({exc})")


def old_kernel_hint(release: str) -> str:
    """Why qmi_wwan may not bind at all: raw-ip-only modems need Linux 4.5 or newer."""
    match = re.match(r"(\d+)\.(\d+)", release)
    if match is None or (int(match[1]), int(match[2])) >= (4, 5):
        return ""
    return (
        f". This kernel ({release}) has no raw-ip support in qmi_wwan, so the driver does not "
        "bind to raw-ip-only modems (e.g. Sierra MC7455): upgrade to an OpenWrt with Linux 4.5 "
        "or newer"
    )


async def open_device(daemon: Daemon) -> QmiClient:
    """A client on the control device, with stale client IDs released."""
    dev = daemon.config.device
    t = daemon.t
    deadline = time.monotonic() + t.device_wait
    while not os.path.exists(dev):  # noqa: ASYNC240 - a stat, bounded by the deadline
        daemon.check_stopped()
        if time.monotonic() >= deadline:
            present = ", ".join(list_control_devices(daemon.deps.dev_root)) or "none"
            raise LinkError(
                ErrorCode.NO_DEVICE,
                f"control device {dev} does not exist (waited {t.device_wait:.0f} s; "
                f"QMI control devices present: {present}): check option device and that "
                "the modem is plugged in and in QMI mode"
                + old_kernel_hint(daemon.deps.kernel.release()),
            )
        await asyncio.sleep(0.1)
    if daemon.config.delay:
        log.info("waiting %d s (option delay)", daemon.config.delay)
        await daemon.pause(daemon.config.delay)
    try:
        if daemon.deps.open_client is not None:
            client = await daemon.deps.open_client(dev)
        elif daemon.config.proxy:
            client = await open_via_proxy(daemon)
        else:
            client = await QmiClient.open(
                dev,
                timeout=t.request_timeout,
                probe_attempts=t.probe_attempts,
                probe_timeout=t.probe_timeout,
            )
    except DeviceOpenError as exc:
        raise LinkError(ErrorCode.NO_DEVICE, str(exc)) from None
    except (DeviceNotReady, DeviceGone, RequestTimeout) as exc:
        raise device_error(dev, exc) from None
    await _release_stale(daemon, client)
    return client


async def _release_stale(daemon: Daemon, client: QmiClient) -> None:
    stale = daemon.cids.load(daemon.config.device)
    if not stale:
        return
    log.info("releasing %d client IDs left by a previous run", len(stale))
    for service, cid in stale:
        client.adopt(service, cid)
    await client.release_all(timeout=daemon.t.stop_timeout)
    daemon.cids.clear()


async def close_device(daemon: Daemon, client: QmiClient) -> None:
    """Tear down within ``teardown_budget`` seconds, then close the client."""
    budget = daemon.t.teardown_budget
    if client.is_open:
        try:
            # netifd sends SIGKILL 5 s after SIGTERM: the whole teardown has one bound.
            await asyncio.wait_for(_release(daemon, client), budget)
        except TimeoutError:
            log.warning(
                "teardown took over %.1f s; client IDs left are released at the next start",
                budget,
            )
    await client.close()


async def _release(daemon: Daemon, client: QmiClient) -> None:
    if daemon.stop_requested.is_set() and daemon.calls:
        await _stop_calls(daemon, client)
    held = len(client.all_cids)
    if await client.release_all(timeout=daemon.t.stop_timeout) == held:
        daemon.cids.clear()  # else the state file keeps them for the next start


async def _stop_calls(daemon: Daemon, client: QmiClient) -> None:
    for call in list(daemon.calls.values()):
        try:
            await modem.stop_call(client, call, timeout=daemon.t.stop_timeout)
            log.info("stopped IPv%d call", call.family)
        except QmiError as exc:
            log.warning("stopping IPv%d call: %s", call.family, exc)
    daemon.calls.clear()
