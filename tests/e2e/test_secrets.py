"""Opt-in real-stack test: a PIN and a password in UCI reach the modem and nothing else.

The interface's section in /etc/config/network holds a PIN and a PAP password; the modem
(scenario ``pin-required``, with this run's PIN and ``require_auth``) brings the link up only
if the daemon, reading the section through real pyuci, unlocked the SIM with that PIN and
sent credentials. Both secrets are drawn anew for each run, so finding either anywhere is a
leak, never a coincidence. Watched from before ``up`` until after the teardown:

* ubus: everything ubusd relays, as the real ``ubus monitor`` prints it;
* argv and environment: every process in the stack's network namespace, sampled over and
  over (watch.py), and, through stack.py's recorders, every invocation of the shim (netifd
  puts the declared options on its argv, as JSON) and of the daemon, however short-lived;
* the log: netifd's (which carries the daemon's stderr: there is no syslog socket here) and
  ubusd's.

The second test adds a failed connect (interface ``wwanbad``: the network refuses its APN,
``UNKNOWN_APN``, with the PIN and the password configured) and looks in what the first does
not: the daemon's ``pyqmi.<iface> status`` replies over real ubus, ``pyqmi status`` as a
user runs it in the stack, and the state files the daemons left under /var/run and /etc.

Layout of ``$PYQMI_OPENWRT_ROOT``: test_netifd.py.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .stack import ROOT_ENV, SKIP_MESSAGE, Stack, open_stack
from .watch import ProcSampler, UbusMonitor

if not os.environ.get(ROOT_ENV):
    pytest.skip(SKIP_MESSAGE, allow_module_level=True)

pytestmark = pytest.mark.timeout(180)

IFACE = "wwan"
BAD = "wwanbad"  # the same modem, an APN the network refuses
APN = "secret.e2e"
PIN = str(10_000_000 + secrets.randbelow(90_000_000))  # 8 digits, this run's own
PASSWORD = f"pw-{secrets.token_hex(8)}"
SECRETS = {"PIN": PIN, "password": PASSWORD}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("secrets")
    wwan = {"auto": "0", "apn": APN, "pdptype": "ip", "pincode": PIN, "auth": "pap"}
    wwan |= {"username": "e2e", "password": PASSWORD, "timeout": "30"}
    bad = {**wwan, "apn": "refused.e2e", "max_attempts": "1"}
    overrides = {"pin": PIN, "require_auth": True, "apns": [APN]}
    with open_stack(
        tmp, {IFACE: wwan, BAD: bad}, IFACE, scenario="pin-required", overrides=overrides
    ) as opened:
        yield opened


def _found_in(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [name for name, value in SECRETS.items() if value.encode() in data]


def _masked(lines: list[str]) -> list[str]:
    """Lines that hold a secret, the secrets replaced by their names (for failure messages)."""
    shown = []
    for line in lines:
        if _found_in(line):
            text = line
            for name, value in SECRETS.items():
                text = text.replace(value, f"<{name}>")
            shown.append(text[:400])
    return shown


def _connect_and_tear_down(stack: Stack) -> None:
    assert stack.events is not None
    stack.ubus("call", f"network.interface.{IFACE}", "up")
    stack.events.wait_for(f"ifup {IFACE}", 60.0)
    status = stack.status(IFACE)
    assert status["up"] is True and status["l3_device"] == "wwan0", f"{status}{stack.logs()}"
    sim = stack.sim_state()
    # Unlocked at the first attempt with the PIN from UCI; the call needed the credentials.
    assert sim["sim"]["pin_state"] == "enabled_verified", sim["sim"]
    assert sim["sim"]["pin_retries"] == 3, sim["sim"]
    assert [call["apn"] for call in sim["calls"]] == [APN], sim["calls"]
    pids = stack.daemon_pids(IFACE)
    assert len(pids) == 1, pids
    daemon = os.pidfd_open(pids[0])
    try:
        stack.ubus("call", f"network.interface.{IFACE}", "down")
        stack.events.wait_for(f"ifdown {IFACE}", 30.0)
        exited, _, _ = select.select([daemon], [], [], 20.0)
        assert exited, f"the daemon did not exit on ifdown{stack.logs()}"
    finally:
        os.close(daemon)
    assert stack.sim_state()["calls"] == []


def _records(stack: Stack, kind: str) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(stack.record.glob(f"{kind}.*"))}


def test_pin_and_password_stay_off_ubus_argv_environ_and_log(stack: Stack) -> None:
    monitor = UbusMonitor(stack)
    monitor.mark()
    started = time.monotonic()
    with ProcSampler(stack.netns_id(), list(SECRETS.values())) as sampler:
        _connect_and_tear_down(stack)
    monitor.mark()
    monitor.stop()
    elapsed = time.monotonic() - started

    capture = monitor.text()
    lines = capture.splitlines()
    # The capture covers the connect: netifd's call to the shim's task and the daemon's report.
    assert "notify_proto" in capture and f'"interface":"{IFACE}"' in capture, capture[-3000:]
    assert f"pyqmi.{IFACE}" in capture, "the daemon's own object never showed on ubus"
    assert _found_in(capture) == [], _masked(lines)[:5]

    assert sampler.leaks == set(), sorted(sampler.leaks)
    seen = [argv.replace(b"\0", b" ") for argv in sampler.commands.values()]
    assert any(b"pyqmi daemon --interface " + IFACE.encode() in argv for argv in seen), seen

    shims = _records(stack, "shim")
    setups = [data for path, data in shims.items() if b"\0setup\0" + IFACE.encode() in data]
    teardowns = [data for data in shims.values() if b"\0teardown\0" + IFACE.encode() in data]
    assert setups and teardowns, f"no shim setup/teardown recorded: {list(shims)}"
    daemons = _records(stack, "pyqmi")
    assert any(path.suffix == ".environ" for path in daemons), list(daemons)
    recorded = {**shims, **daemons}
    assert {p.name: _found_in(d) for p, d in recorded.items() if _found_in(d)} == {}

    logs = {name: stack.log_text(name) for name in ("netifd", "ubusd")}
    assert f"options read from UCI section network.{IFACE}" in logs["netifd"], logs["netifd"]
    assert {name: _found_in(text) for name, text in logs.items() if _found_in(text)} == {}

    print(
        f"secrets check: {len(lines)} ubus monitor lines, {sampler.passes} /proc passes "
        f"({sampler.reads} reads of {len(sampler.commands)} processes) in {elapsed:.2f} s, "
        f"{len(recorded)} recorded argv/environ files, "
        f"{sum(len(t.splitlines()) for t in logs.values())} log lines: no PIN, no password"
    )


def _wait_error(stack: Stack, iface: str, within: float) -> list[dict[str, object]]:
    deadline = time.monotonic() + within
    while True:
        errors = stack.status(iface).get("errors") or []
        if errors or time.monotonic() > deadline:
            return list(errors)
        time.sleep(0.1)


def _state_files(stack: Stack) -> dict[str, bytes]:
    """What the daemons wrote where a router keeps state: /var/run (here the stack's /run)
    and /etc/pyqmi (read through the stack's own mount namespace)."""
    found = {str(p): p.read_bytes() for p in sorted((stack.tmp / "run").rglob("*")) if p.is_file()}
    listing = stack.run_in("/bin/sh", "-c", "cat /etc/pyqmi/* 2>/dev/null; true")
    found["/etc/pyqmi/*"] = listing.stdout.encode()
    return found


def test_failed_connect_status_cli_and_state_files_hold_no_secret(stack: Stack) -> None:
    assert stack.events is not None
    stack.events.seen.clear()  # the first test's ifup/ifdown must not count here
    monitor = UbusMonitor(stack)
    monitor.mark()
    outputs: dict[str, str] = {}
    files: dict[str, bytes] = {}  # taken while each daemon runs, and at the end
    with ProcSampler(stack.netns_id(), list(SECRETS.values())) as sampler:
        stack.ubus("call", f"network.interface.{IFACE}", "up")
        stack.events.wait_for(f"ifup {IFACE}", 60.0)
        reply = stack.ubus("call", f"pyqmi.{IFACE}", "status")
        assert reply["state"] == "connected", reply
        outputs["status reply (connected)"] = json.dumps(reply)
        files |= {f"connected: {k}": v for k, v in _state_files(stack).items()}
        cli = stack.run_in(sys.executable, "-m", "pyqmi", "status", IFACE)
        assert cli.returncode == 0 and "connected" in cli.stdout, cli.stderr
        outputs["pyqmi status"] = cli.stdout + cli.stderr
        stack.ubus("call", f"network.interface.{IFACE}", "down")
        stack.events.wait_for(f"ifdown {IFACE}", 30.0)

        stack.ubus("call", f"network.interface.{BAD}", "up")
        errors = _wait_error(stack, BAD, 60.0)
        assert errors and errors[0].get("code") == "UNKNOWN_APN", f"{errors}{stack.logs()}"
        outputs["netifd errors"] = json.dumps(errors)
        files |= {f"failed: {k}": v for k, v in _state_files(stack).items()}
        stack.ubus("call", f"network.interface.{BAD}", "down")
    monitor.mark()
    monitor.stop()

    capture = monitor.text()
    assert "UNKNOWN_APN" in capture and f"pyqmi.{IFACE}" in capture, capture[-3000:]
    assert _found_in(capture) == [], _masked(capture.splitlines())[:5]
    assert sampler.leaks == set(), sorted(sampler.leaks)
    assert {name: _found_in(text) for name, text in outputs.items() if _found_in(text)} == {}
    files |= _state_files(stack)
    assert any(name.endswith(".cids.json") for name in files), sorted(files)
    assert {name: _found_in(data) for name, data in files.items() if _found_in(data)} == {}
    logs = {name: stack.log_text(name) for name in ("netifd", "ubusd")}
    assert {name: _found_in(text) for name, text in logs.items() if _found_in(text)} == {}
    print(
        f"secrets check, failed connect: {len(capture.splitlines())} ubus monitor lines, "
        f"{sampler.passes} /proc passes, {len(outputs)} outputs, {len(files)} state files: "
        "no PIN, no password"
    )
