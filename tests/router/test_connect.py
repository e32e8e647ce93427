"""A whole connect and teardown of the real daemon entry point, under the import guard.

Theory of operation: the simulator runs unguarded in its own process (``python -m
pyqmi.sim``, the ``pyqmi-sim`` command) and serves a modem on a pty. The daemon runs as the
router runs it: ``pyqmi daemon --interface wwan`` through ``pyqmi.cli.main``, in a fresh
interpreter whose imports are limited to what openwrt-package/pyqmi/Makefile declares. The
stand-ins for python-ubus and pyuci replace the C bindings: the ubus one writes every call as a
JSON line to a pipe this test reads (so it waits on what the daemon says, with a bound), the
uci one reads a UCI file from ``--uci-confdir``.

The device option must name a QMI control device under /dev (the daemon checks the name). So
the daemon starts in a private mount namespace (``unshare --mount``) where a fresh tmpfs covers
/dev/shm and the simulator's pty is bind-mounted on ``/dev/shm/cdc-wdm0``; nothing outside the
namespace changes. ``--ifname wwan0`` names the data interface, which has no sysfs entry here.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from privilege import missing_root
from router.harness import TESTS_DIR, guarded, guarded_env, read_trace
from router.standins.ubus import FD_VARIABLE

DEVICE = "/dev/shm/cdc-wdm0"
IFACE = "wwan"
PASSWORD = "Router-Secret-4711"  # must show up in no ubus call and no log line
MOUNT_AND_RUN = (
    "set -e; mount -t tmpfs pyqmi-router /dev/shm; : > /dev/shm/cdc-wdm0; "
    'mount --bind "$1" /dev/shm/cdc-wdm0; shift; exec "$@"'
)


def _missing_mount_namespace() -> str | None:
    reason = missing_root()
    if reason:
        return f"{reason} (private mount namespace for the control device)"
    if shutil.which("unshare") is None or not os.path.isdir("/dev/shm"):
        return "needs util-linux unshare and /dev/shm for the control device"
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "true"],
        capture_output=True,
        timeout=10,
        check=False,
    )
    if done.returncode != 0:
        return f"cannot make a mount namespace: {done.stderr.decode(errors='replace').strip()}"
    return None


_REASON = _missing_mount_namespace()
pytestmark = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


def _read_line(stream: Any, within: float) -> str:
    ready, _, _ = select.select([stream], [], [], within)
    return stream.readline().decode(errors="replace").strip() if ready else ""


@dataclass
class Ubus:
    """The lines the ubus stand-in writes, read with a bound."""

    fd: int
    records: list[dict[str, Any]] = field(default_factory=list)
    _buffer: bytes = b""
    closed: bool = False

    def wait_for(self, wanted: Any, within: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + within
        while True:
            for record in self.records:
                if wanted(record):
                    return record
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                return None
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self._take(os.read(self.fd, 65536))

    def drain(self, within: float) -> None:
        self.wait_for(lambda _record: False, within)

    def _take(self, data: bytes) -> None:
        if not data:
            self.closed = True
            return
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        self.records.extend(json.loads(line) for line in lines if line)

    def notifications(self) -> list[dict[str, Any]]:
        return [
            r["args"]
            for r in self.records
            if r["kind"] == "call"
            and (r["obj"], r["method"]) == ("network.interface", "notify_proto")
        ]


def _is_link_up(record: dict[str, Any]) -> bool:
    args = record.get("args", {})
    return (
        record.get("method") == "notify_proto"
        and args.get("action") == 0
        and args.get("link-up") is True
        and bool(args.get("ipaddr"))
    )


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A simulated modem (its pty) and its state file."""
    link, state = tmp_path / "modem", tmp_path / "sim.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pyqmi.sim", "--scenario", "default", "--link", str(link),
         "--state-file", str(state)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        line = _read_line(proc.stdout, 20.0)
        assert line.startswith("ready "), f"simulator did not start: {line!r}"
        yield os.readlink(link), state
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _network(section: bool) -> str:
    text = "config interface 'loopback'\n\toption device 'lo'\n\toption proto 'static'\n\n"
    if section:
        text += (
            f"config interface '{IFACE}'\n\toption proto 'pyqmi'\n\toption device '{DEVICE}'\n"
            "\toption apn 'internet'\n\toption pdptype 'ip'\n\toption auth 'chap'\n"
            f"\toption username 'router'\n\toption password '{PASSWORD}'\n"
        )
    return text


@pytest.mark.timeout(90)
@pytest.mark.parametrize("source", ["uci", "netifd"])
def test_whole_connect_and_teardown_under_the_guard(
    tmp_path: Path, sim: tuple[str, Path], source: str
) -> None:
    pty, state_file = sim
    confdir = tmp_path / "uci"
    confdir.mkdir()
    (confdir / "network").write_text(_network(section=source == "uci"))
    trace = tmp_path / "trace.json"
    daemon_argv = guarded(
        "-m", "pyqmi.cli.main", "daemon", "--interface", IFACE, "--state-dir",
        str(tmp_path / "state"), "--ifname", "wwan0", "--uci-confdir", str(confdir),
        trace=trace,
    )  # fmt: skip
    read_fd, write_fd = os.pipe()
    extra = {FD_VARIABLE: str(write_fd)}
    if source == "netifd":  # no UCI section: the options netifd passes (the shim's JSON)
        extra["PYQMI_CONFIG"] = json.dumps({"device": DEVICE, "apn": "internet"})
    command = ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
               MOUNT_AND_RUN, "sh", pty, *daemon_argv]  # fmt: skip
    with (tmp_path / "daemon.log").open("wb") as log:
        daemon = subprocess.Popen(
            command, cwd=TESTS_DIR, env=guarded_env(extra), pass_fds=(write_fd,),
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    os.close(write_fd)
    ubus = Ubus(read_fd)
    try:
        up = ubus.wait_for(_is_link_up, 30.0)
        output = (tmp_path / "daemon.log").read_text()
        assert up is not None, f"no link-up: {ubus.records}\n{output}"
        assert up["args"]["ifname"] == "wwan0" and up["args"]["interface"] == IFACE
        assert ubus.wait_for(lambda r: r["kind"] == "add", 5.0) is not None  # pyqmi.wwan
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(10) == 0
        ubus.drain(5.0)
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait(5)
        os.close(read_fd)
    output = (tmp_path / "daemon.log").read_text()
    assert "Traceback" not in output, output
    after = ubus.notifications()[ubus.notifications().index(up["args"]) + 1 :]
    assert not [n for n in after if n.get("link-up") is False], after  # teardown is quiet
    assert ubus.records[-1]["kind"] == "disconnect"
    assert PASSWORD not in json.dumps(ubus.records) and PASSWORD not in output
    # The UCI section asks for CHAP; netifd's copy has no credentials (none are sent).
    assert ("auth=chap connected" if source == "uci" else "auth=none connected") in output, output
    record = read_trace(trace)
    assert set(record["loaded_split"]) == {"python3-logging"}  # no asyncio: pyqmi.loop
    # The simulator writes its state file before it sends the reply to a request, so once
    # the daemon has its last release answered the file shows every client ID released.
    clients = json.loads(state_file.read_text())["clients"]
    assert not any(clients.values()), clients
