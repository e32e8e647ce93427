"""Secrets scan in CI: a PIN and a password in UCI reach the modem and nothing else.

The real daemon entry point runs as the router runs it (under the import guard, the
ubus and uci stand-ins, a private mount namespace for the control device; see
test_connect.py) three times, each against a fresh simulated SIM:

1. the right PIN and a PAP password: it connects; ``status`` is asked over ubus; SIGTERM
   tears it down;
2. a wrong PIN (a secret too): the SIM refuses it, ``PIN_FAILED``, the refused-PIN marker
   is written; ``status`` is asked; it stops;
3. the right PIN, but the network refuses the call for its credentials (3GPP cause 29):
   the call fails through the auth fallbacks with the password; ``status``; it stops.

The secrets are drawn anew for each run, so finding one anywhere is a leak. Looked for,
as text and as hex (a frame dump would show them so):

* argv and environment of every process on the machine, pass after pass while the daemons
  run (/proc/*/cmdline, /proc/*/environ), the simulators (``-m pyqmi.sim``) excepted: they
  play the SIM card and are told the PIN on their command line;
* syslog: the daemon's namespace has a /dev/log of its own (an overlay of /dev with this
  test's datagram socket bound on /dev/log), so its log goes to syslog as on a router;
  every datagram is read, and stderr too;
* ubus traffic: every call, object, invocation and reply the ubus stand-in relayed (the
  ``ubus monitor`` of CI; tests/e2e/test_secrets.py watches the real one);
* the ``status`` replies, and CLI output: ``pyqmi status``'s rendering of them, ``pyqmi
  doctor`` and ``pyqmi migrate`` on the same UCI file;
* state files: the client-ID store (--state-dir, taken while each daemon runs) and the
  refused-PIN marker (--sim-state-dir).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pyqmi.cli import status as status_cli
from router.harness import REPO, TESTS_DIR, guarded, guarded_env
from router.standins.ubus import FD_VARIABLE, SOCKET_VARIABLE
from router.test_connect import _REASON, DEVICE, Ubus

pytestmark = [
    pytest.mark.skipif(_REASON is not None, reason=_REASON or ""),
    pytest.mark.timeout(120),
]

IFACE = "wwan"
PIN = str(10_000_000 + secrets.randbelow(90_000_000))
WRONG_PIN = str(10_000_000 + secrets.randbelow(90_000_000))
PASSWORD = f"pw-{secrets.token_hex(8)}"
SECRETS = {"PIN": PIN, "wrong PIN": WRONG_PIN, "password": PASSWORD}


def found_in(data: str | bytes) -> list[str]:
    raw = data.encode(errors="replace") if isinstance(data, str) else data
    lower = raw.lower()
    return [
        name
        for name, value in SECRETS.items()
        if value.encode() in raw or value.encode().hex().encode() in lower
    ]


SIMULATOR = b"\0-m\0pyqmi.sim\0"
RUNNING_FILES: dict[str, bytes] = {}  # state files as each daemon left them while it ran
# test_connect.py's namespace, plus a /dev/log: /dev becomes an overlay (its lower layer adds
# a placeholder "log"), /dev/pts is carried over, and the test's syslog socket is bound on
# the placeholder (a socket is not reachable through overlayfs itself).
MOUNT_WITH_SYSLOG = (
    'set -e; T="$1"; mount --rbind /dev/pts "$T/pts"; '
    'mount -t overlay pyqmi-router -o lowerdir="$T/over":/dev /dev; '
    'mount --rbind "$T/pts" /dev/pts; mount -t tmpfs pyqmi-router /dev/shm; '
    ': > /dev/shm/cdc-wdm0; mount --bind "$2" /dev/shm/cdc-wdm0; '
    'mount --bind "$T/syslog" /dev/log; shift 2; exec "$@"'
)


class ProcScanner:
    """Reads argv and environment of every process, pass after pass, until stopped."""

    def __init__(self) -> None:
        self.leaks: dict[str, list[str]] = {}
        self.passes = 0
        self.daemons_seen = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ProcScanner:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.scan()
            self._stop.wait(0.002)

    def scan(self) -> None:
        daemons = 0
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            for part in ("cmdline", "environ"):
                try:
                    with open(f"/proc/{name}/{part}", "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                if part == "cmdline" and b"daemon\0--interface\0" + IFACE.encode() in data:
                    daemons += 1
                if part == "cmdline" and SIMULATOR in data:
                    break  # the modem's side: it holds the PIN as the SIM card does
                leaked = found_in(data)
                if leaked:
                    self.leaks[f"/proc/{name}/{part}"] = leaked
        self.passes += 1
        self.daemons_seen = max(self.daemons_seen, daemons)


def network(pincode: str) -> str:
    return (
        "config interface 'loopback'\n\toption device 'lo'\n\toption proto 'static'\n\n"
        f"config interface '{IFACE}'\n\toption proto 'pyqmi'\n\toption device '{DEVICE}'\n"
        "\toption apn 'internet'\n\toption pdptype 'ip'\n\toption auth 'pap'\n"
        f"\toption username 'router'\n\toption password '{PASSWORD}'\n"
        f"\toption pincode '{pincode}'\n\toption max_attempts '1'\n\n"
        "config interface 'old'\n\toption proto 'qmi'\n\toption device '/dev/cdc-wdm1'\n"
        f"\toption apn 'internet'\n\toption pincode '{PIN}'\n\toption password '{PASSWORD}'\n"
    )


@contextmanager
def simulator(tmp: Path, *settings: str) -> Iterator[str]:
    link = tmp / "modem"
    extra = [arg for setting in settings for arg in ("--set", setting)]
    command = [sys.executable, "-m", "pyqmi.sim", "--scenario", "pin-required", "--link",
               str(link), "--set", f"pin={PIN}", *extra]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        ready = proc.stdout.readline() if proc.stdout else b""
        assert ready.startswith(b"ready "), ready
        yield os.readlink(link)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)


def ask(hub: socket.socket, obj: str, method: str, within: float = 10.0) -> dict[str, Any]:
    """Invoke ``obj method`` through the stand-in (as ``ubus call`` would); its reply."""
    hub.sendall(json.dumps({"obj": obj, "method": method, "args": {}}).encode() + b"\n")
    hub.settimeout(within)
    data = b""
    while not data.endswith(b"\n"):
        chunk = hub.recv(65536)
        assert chunk, "the daemon closed the ubus stand-in's socket"
        data += chunk
    reply: dict[str, Any] = json.loads(data)["reply"]
    return reply


def run_daemon(tmp: Path, pty: str, until: Any) -> tuple[Ubus, list[dict[str, Any]], str, int]:
    """One daemon life: start, ask status once published, wait until ``until(ubus)``, ask
    status again while it runs (a permanent failure ends it), SIGTERM, wait."""
    trace = tmp / "trace.json"
    argv = guarded(
        "-m", "pyqmi.cli.main", "daemon", "--interface", IFACE, "--state-dir",
        str(tmp / "state"), "--sim-state-dir", str(tmp / "etc-pyqmi"), "--ifname", "wwan0",
        "--uci-confdir", str(tmp / "uci"), trace=trace,
    )  # fmt: skip
    hub_path = str(tmp / "ubus.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(hub_path)
    listener.listen(1)
    (tmp / "pts").mkdir()
    (tmp / "over").mkdir()
    (tmp / "over" / "log").touch()
    syslog = Syslog(tmp / "syslog")
    read_fd, write_fd = os.pipe()
    env = guarded_env({FD_VARIABLE: str(write_fd), SOCKET_VARIABLE: hub_path})
    command = ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
               MOUNT_WITH_SYSLOG, "sh", str(tmp), pty, *argv]  # fmt: skip
    log_path = tmp / "daemon.log"
    with log_path.open("wb") as log:
        daemon = subprocess.Popen(command, cwd=TESTS_DIR, env=env, pass_fds=(write_fd,),
                                  stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    os.close(write_fd)
    ubus = Ubus(read_fd)
    try:
        listener.settimeout(20)
        hub, _ = listener.accept()
        assert ubus.wait_for(lambda r: r["kind"] == "add", 20.0) is not None
        replies = [ask(hub, f"pyqmi.{IFACE}", "status")]
        reached = ubus.wait_for(lambda _r: until(ubus), 30.0) or until(ubus)
        assert reached, f"{ubus.records}\n{log_path.read_text()}\n{syslog.text()}"
        RUNNING_FILES.update({f"running: {k}": v for k, v in state_files(tmp).items()})
        if daemon.poll() is None:
            with contextlib.suppress(ConnectionError, TimeoutError, AssertionError):
                # it may be ending: a permanent failure
                replies.append(ask(hub, f"pyqmi.{IFACE}", "status", within=2.0))
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(10)
        ubus.drain(2.0)
        hub.close()
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait(5)
        os.close(read_fd)
        listener.close()
        syslog.close()
    return ubus, replies, syslog.text() + "\n" + log_path.read_text(), code


class Syslog:
    """A syslog socket read all the time, as logd reads /dev/log (a datagram socket's queue
    is short: a reader that waits would block the daemon's logging)."""

    def __init__(self, path: Path) -> None:
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(str(path))
        self._sock.settimeout(0.2)
        self.lines: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                self.lines.append(self._sock.recv(65536).decode(errors="replace"))

    def text(self) -> str:
        return "\n".join(self.lines)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()


def link_up(ubus: Ubus) -> bool:
    return any(n.get("action") == 0 and n.get("link-up") for n in ubus.notifications())


def error(code: str) -> Any:
    return lambda ubus: any(n.get("error", [None])[0] == code for n in ubus.notifications())


def cli_outputs(tmp: Path) -> dict[str, str]:
    """``pyqmi doctor`` and ``pyqmi migrate`` (text and JSON) on the same UCI file."""
    empty = tmp / "empty"
    empty.write_text("")
    (tmp / "sys").mkdir(exist_ok=True)
    doctor = ["doctor", "--uci-confdir", str(tmp / "uci"), "--usb-devices", str(empty),
              "--sysfs-root", str(tmp / "sys"), "--kernel-log", str(empty), "--dev-root",
              str(tmp / "sys")]  # fmt: skip
    migrate = ["migrate", "--uci-confdir", str(tmp / "uci"), "--uci-savedir", str(tmp / "save")]
    out = {}
    commands = {"doctor": doctor, "doctor --json": [*doctor, "--json"], "migrate": migrate,
                "migrate --json": [*migrate, "--json"]}  # fmt: skip
    for name, args in commands.items():
        done = subprocess.run([sys.executable, "-m", "pyqmi.cli.main", *args], cwd=REPO,
                              capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
        assert "Traceback" not in done.stderr, done.stderr
        out[name] = done.stdout + done.stderr
    return out


def state_files(tmp: Path) -> dict[str, bytes]:
    found = {}
    for top in (tmp / "state", tmp / "etc-pyqmi"):
        for path in sorted(top.rglob("*")) if top.exists() else []:
            if path.is_file():
                found[str(path.relative_to(tmp))] = path.read_bytes()
    return found


def test_pin_and_password_are_in_no_argv_environ_log_ubus_output_or_state_file(
    tmp_path: Path,
) -> None:
    runs: dict[str, tuple[Ubus, list[dict[str, Any]], str, int]] = {}
    outputs: dict[str, str] = {}
    files: dict[str, bytes] = {}
    plan = [
        ("connect", PIN, (), link_up),
        ("wrong PIN", WRONG_PIN, (), error("PIN_FAILED")),
        ("call refused", PIN, ("reject_cause=29",), error("AUTH_FAILED")),
    ]
    with ProcScanner() as scanner:
        for name, pincode, settings, until in plan:
            tmp = tmp_path / name.replace(" ", "-")
            (tmp / "uci").mkdir(parents=True)
            (tmp / "uci" / "network").write_text(network(pincode))
            with simulator(tmp, *settings) as pty:
                runs[name] = run_daemon(tmp, pty, until)
            outputs |= {f"{name}: {k}": v for k, v in cli_outputs(tmp).items()}
            files |= state_files(tmp)
        scanner.scan()
    files |= RUNNING_FILES
    assert any(name.endswith(".cids.json") for name in files), sorted(files)

    # The runs did what they are there for, so the scan covers those paths.
    _ubus, replies, log, code = runs["connect"]
    assert replies[-1]["state"] == "connected" and code == 0, (replies, log)
    assert "auth=pap connected" in log, log
    assert "<30>pyqmi[wwan]: " in log, log  # through syslog, as on a router
    assert error("PIN_FAILED")(runs["wrong PIN"][0]), runs["wrong PIN"][2]
    assert any("etc-pyqmi/pin-refused-" in path for path in files), sorted(files)
    assert error("AUTH_FAILED")(runs["call refused"][0]), runs["call refused"][2]
    assert scanner.daemons_seen >= 1 and scanner.passes > 10

    leaks: dict[str, list[str]] = dict(scanner.leaks)
    for name, (ubus, replies, log, _code) in runs.items():
        traffic = "\n".join(json.dumps(r, sort_keys=True) for r in ubus.records)
        assert any(r["kind"] == "reply" for r in ubus.records), name
        shown = "\n".join(status_cli.render(reply) for reply in replies)
        for where, text in (("ubus", traffic), ("status", json.dumps(replies)),
                            ("pyqmi status", shown), ("log", log)):  # fmt: skip
            if found_in(text):
                leaks[f"{name}: {where}"] = found_in(text)
    for where, text in outputs.items():
        if found_in(text):
            leaks[where] = found_in(text)
    for where, data in files.items():
        if found_in(data):
            leaks[where] = found_in(data)
    assert leaks == {}
    print(
        f"secrets scan: {scanner.passes} /proc passes, {len(runs)} daemon runs, "
        f"{sum(len(r[0].records) for r in runs.values())} ubus records, "
        f"{sum(r[2].count('pyqmi[wwan]') for r in runs.values())} syslog lines, {len(outputs)} CLI "
        f"outputs, {len(files)} state files: no PIN, no password"
    )
