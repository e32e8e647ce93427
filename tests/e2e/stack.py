"""Harness of the real-stack tests: a simulated modem under OpenWrt's own ubusd and netifd.

The layout of ``$PYQMI_OPENWRT_ROOT`` is in test_netifd.py's docstring.

Theory of operation: the simulator (``python -m pyqmi.sim --netns NS``) serves a QMI modem on
a pty and owns a TUN ``wwan0`` inside namespace NS. A holder process (``ip netns exec NS
sleep``) gives a mount namespace of our own inside NS; everything of the stack runs in it
through ``nsenter``. In that mount namespace, and only there: overlays put
``/lib/functions.sh``, ``/usr/share/libubox/jshn.sh``, ``/usr/bin/pyqmi`` and ``/bin/sh``
(ash) where the shell scripts expect them, ``/etc/config`` is the test's UCI directory (bind
mount over an overlay of ``/etc``), so netifd (``-c /etc/config``) and the daemon (pyuci's
default cursor) read the same files as on a router, ``/dev/cdc-wdmN`` is the simulator's pty
(bind mount, so the daemon's device check sees a real control device name), and ``/run`` is
a temp directory, so ubusd, the ``ubus`` tool and the daemon all meet on the default
``/var/run/ubus/ubus.sock``. Nothing outside the temp directory is changed. netifd's hotplug
script writes ``ACTION INTERFACE`` to a FIFO, so the tests wait for ``ifup``/``ifdown``
events instead of polling.

Recorders: the ``/usr/bin/pyqmi`` that netifd starts and the proto handler netifd runs
(``proto/pyqmi.sh``) are small wrappers that copy their own ``/proc/self/cmdline`` and
``environ`` into ``record/`` before they exec the real daemon and the real shim, so a test
sees exactly what netifd handed each invocation, however short-lived.

A scenario with overrides (a PIN of the test's choosing) is served by simproc.py, which
reads the overrides from stdin, so no secret is ever in the simulator's argv.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT_ENV = "PYQMI_OPENWRT_ROOT"
SKIP_MESSAGE = (
    f"opt-in: set {ROOT_ENV} to a local build of ubusd, netifd, jshn, python-ubus and pyuci "
    "to run the real-stack test (layout: tests/e2e/test_netifd.py)"
)
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHIM = REPO / "files" / "lib" / "netifd" / "proto" / "pyqmi.sh"
REQUIRED = (
    "sbin/ubusd",
    "sbin/netifd",
    "usr/bin/ubus",
    "usr/bin/jshn",
    "usr/share/libubox/jshn.sh",
    "lib/netifd/netifd-proto.sh",
    "lib/netifd/utils.sh",
    "lib/functions.sh",
    "bin/sh",
)
LOOPBACK = {"device": "lo", "proto": "static", "ipaddr": "127.0.0.1", "netmask": "255.0.0.0"}


def openwrt_root() -> Path:
    """The checked ``$PYQMI_OPENWRT_ROOT``; skips without root or the tools needed."""
    root = Path(os.environ[ROOT_ENV]).resolve()
    missing = [rel for rel in REQUIRED if not (root / rel).exists()]
    if missing:
        pytest.fail(f"{ROOT_ENV}={root} lacks: {', '.join(missing)} (see test_netifd.py)")
    if os.geteuid() != 0:
        pytest.skip("opt-in real-stack test: needs root (network and mount namespaces)")
    for tool in ("ip", "nsenter", "ping"):
        if shutil.which(tool) is None:
            pytest.skip(f"opt-in real-stack test: needs '{tool}'")
    return root


Sections = Mapping[str, Mapping[str, str]]


def uci_network(sections: Sections, device: str) -> str:
    """A UCI ``network`` file: loopback, then an ``interface`` section per entry of
    ``sections``, each of proto pyqmi on ``device``."""
    out = []
    for name, given in {"loopback": LOOPBACK, **sections}.items():
        options = given if name == "loopback" else {"proto": "pyqmi", "device": device, **given}
        out.append(f"config interface '{name}'")
        out.extend(f"\toption {key} '{value}'" for key, value in options.items())
        out.append("")
    return "\n".join(out)


class Events:
    """``ACTION INTERFACE`` lines from netifd's hotplug script, read from a FIFO."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self._read = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self._keep = os.open(path, os.O_WRONLY)  # no EOF storm while no hotplug runs
        self._buffer = b""
        self.seen: list[str] = []

    def wait_for(self, line: str, within: float) -> None:
        deadline = time.monotonic() + within
        while line not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no '{line}' event within {within} s; saw {self.seen}")
            ready, _, _ = select.select([self._read], [], [], left)
            if ready:
                self._buffer += os.read(self._read, 4096)
                *lines, self._buffer = self._buffer.split(b"\n")
                self.seen.extend(raw.decode(errors="replace").strip() for raw in lines)

    def close(self) -> None:
        os.close(self._read)
        os.close(self._keep)


@dataclass
class Stack:
    root: Path
    tmp: Path
    netns: str
    device: str
    env: dict[str, str]
    holder: subprocess.Popen[bytes] | None = None
    events: Events | None = None
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def record(self) -> Path:
        return self.tmp / "record"

    def argv_in(self, argv: Sequence[str]) -> list[str]:
        assert self.holder is not None
        return ["nsenter", "-t", str(self.holder.pid), "-m", "-n", "--", *argv]

    def run_in(self, *argv: str, timeout: float = 15.0) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.argv_in(argv),
            check=False,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start_in(self, name: str, *argv: str) -> subprocess.Popen[bytes]:
        log = (self.tmp / f"{name}.log").open("wb")
        proc = subprocess.Popen(self.argv_in(argv), env=self.env, stdout=log, stderr=log)
        log.close()
        self.procs.append(proc)
        return proc

    def ubus(self, *args: str, timeout: float = 15.0) -> Any:
        done = self.run_in(str(self.root / "usr/bin/ubus"), *args, timeout=timeout)
        assert done.returncode == 0, f"ubus {' '.join(args)}: {done.stderr}{self.logs()}"
        return json.loads(done.stdout) if done.stdout.strip() else None

    def status(self, iface: str) -> dict[str, Any]:
        reply = self.ubus("call", f"network.interface.{iface}", "status")
        assert isinstance(reply, dict)
        return reply

    def log_text(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self) -> str:
        parts = []
        for name in ("netifd", "ubusd", "sim"):
            text = self.log_text(name)
            if text:
                parts.append(f"\n--- {name} ---\n" + text[-4000:])
        return "".join(parts)

    def daemon_pids(self, iface: str) -> list[int]:
        """pyqmi daemon processes for ``iface`` in our network namespace."""
        ours = self.netns_id()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
                netns = os.readlink(entry / "ns/net")
            except OSError:
                continue
            if b"daemon" in argv and iface.encode() in argv and netns == ours:
                found.append(int(entry.name))
        return found

    def netns_id(self) -> str:
        """The stack's network namespace, as /proc/<pid>/ns/net reads."""
        assert self.holder is not None
        return os.readlink(f"/proc/{self.holder.pid}/ns/net")

    def addresses(self) -> str:
        return self.run_in("ip", "-4", "-o", "addr", "show", "dev", "wwan0").stdout

    def sim_state(self) -> dict[str, Any]:
        state = json.loads((self.tmp / "sim.json").read_text())
        assert isinstance(state, dict)
        return state


def stop(proc: subprocess.Popen[bytes], within: float = 8.0) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(within)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _read_line(proc: subprocess.Popen[bytes], within: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], within)
    return proc.stdout.readline().decode(errors="replace").strip() if ready else ""


def _free_device_name() -> str:
    while True:
        name = f"/dev/cdc-wdm{secrets.randbelow(9000) + 1000}"
        if not os.path.lexists(name):
            return name


def _recorder(target: Path, kind: str, command: str) -> str:
    """A wrapper script that records its own argv and environment, then execs ``command``."""
    return (
        "#!/bin/sh\n# real-stack test recorder: what this invocation was given, then the real one\n"
        f'cat /proc/$$/cmdline > "{target}/{kind}.$$.argv"\n'
        f'cat /proc/$$/environ > "{target}/{kind}.$$.environ"\n'
        f"exec {command}\n"
    )


def _stage(stack: Stack, sections: Sections) -> None:
    """Files the mount namespace overlays onto /usr, /etc and /dev, the netifd dirs."""
    root, tmp = stack.root, stack.tmp
    stack.record.mkdir()
    usr = tmp / "over/usr"
    for rel, target in (
        ("lib/functions.sh", root / "lib/functions.sh"),
        ("share/libubox/jshn.sh", root / "usr/share/libubox/jshn.sh"),
        ("bin/sh", root / "bin/sh"),
    ):
        (usr / rel).parent.mkdir(parents=True, exist_ok=True)
        (usr / rel).symlink_to(target)
    wrapper = usr / "bin/pyqmi"
    wrapper.write_text(_recorder(stack.record, "pyqmi", f'{sys.executable} -m pyqmi "$@"'))
    wrapper.chmod(0o755)
    dev = tmp / "over/dev"
    dev.mkdir(parents=True)
    (dev / Path(stack.device).name).touch()
    (tmp / "over/etc/config").mkdir(parents=True)
    (tmp / "pts").mkdir()
    (tmp / "run/ubus").mkdir(parents=True)
    main = tmp / "netifd"
    (main / "proto").mkdir(parents=True)
    for name in ("netifd-proto.sh", "utils.sh"):
        (main / name).symlink_to(root / "lib/netifd" / name)
    real = tmp / "shim/pyqmi.sh"  # outside proto/: netifd loads every proto/*.sh
    real.parent.mkdir()
    shutil.copy(SHIM, real)
    handler = main / "proto/pyqmi.sh"
    handler.write_text(_recorder(stack.record, "shim", f'/bin/sh {real} "$@"'))
    handler.chmod(0o755)  # as the package installs the shim (INSTALL_BIN)
    hotplug = tmp / "hotplug.sh"
    hotplug.write_text(f'#!/bin/sh\necho "$ACTION $INTERFACE" > {tmp / "events"}\n')
    hotplug.chmod(0o755)
    (tmp / "config").mkdir()
    (tmp / "config/network").write_text(uci_network(sections, stack.device))


def _mount(stack: Stack, pty: str) -> None:
    tmp = stack.tmp
    script = "\n".join(
        (
            "set -e",
            f"mount --rbind /dev/pts {tmp}/pts",
            f"mount -t overlay pyqmi-e2e -o lowerdir={tmp}/over/dev:/dev /dev",
            f"mount --rbind {tmp}/pts /dev/pts",
            f"mount --bind {pty} {stack.device}",
            f"mount -t overlay pyqmi-e2e -o lowerdir={tmp}/over/usr:/usr /usr",
            f"mount -t overlay pyqmi-e2e -o lowerdir={tmp}/over/etc:/etc /etc",
            f"mount --bind {tmp}/config /etc/config",
            f"mount --bind {tmp}/run /run",
        )
    )
    done = stack.run_in("/bin/sh", "-c", script)
    assert done.returncode == 0, f"mount namespace setup failed: {done.stderr}"


def _start_sim(
    stack: Stack, scenario: str, overrides: Mapping[str, object] | None
) -> subprocess.Popen[bytes]:
    tmp = stack.tmp
    args = ["--scenario", scenario, "--link", str(tmp / "modem"), "--netns", stack.netns]
    args += ["--state-file", str(tmp / "sim.json")]
    with (tmp / "sim.log").open("wb") as log:
        if overrides is None:
            command = [sys.executable, "-m", "pyqmi.sim", *args]
            return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, env=stack.env)
        command = [sys.executable, str(HERE / "simproc.py"), *args]
        sim = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=stack.env
        )
    assert sim.stdin is not None
    sim.stdin.write(json.dumps(dict(overrides)).encode())
    sim.stdin.close()
    return sim


def unplug(stack: Stack) -> None:
    """The control device vanishes: the bind mount that made the simulator's pty
    ``stack.device`` goes (a daemon holding it open keeps its descriptor)."""
    done = stack.run_in("umount", "-l", stack.device)  # lazily: the daemon holds it open
    assert done.returncode == 0, f"umount {stack.device}: {done.stderr}"


def replug(stack: Stack) -> None:
    """The control device returns: the simulator's pty bound at ``stack.device`` again."""
    pty = os.readlink(stack.tmp / "modem")
    done = stack.run_in("mount", "--bind", pty, stack.device)
    assert done.returncode == 0, f"mount {pty} on {stack.device}: {done.stderr}"


def _check_bindings(root: Path, env: Mapping[str, str]) -> None:
    """python-ubus and pyuci must import, with the stack's paths, into this interpreter."""
    for module, package in (("ubus", "python-ubus"), ("uci", "pyuci")):
        done = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        if done.returncode != 0:
            pytest.fail(
                f"{ROOT_ENV}={root}: {package} (module {module}) does not import into "
                f"{sys.executable} with python/ on PYTHONPATH (see test_netifd.py): "
                f"{done.stderr.strip().splitlines()[-1:]}"
            )


@contextmanager
def open_stack(
    tmp: Path,
    sections: Sections,
    wait_for: str,
    *,
    scenario: str = "default",
    overrides: Mapping[str, object] | None = None,
) -> Iterator[Stack]:
    """ubusd and netifd on UCI ``sections`` (see uci_network) beside a simulated modem.

    ``wait_for`` is an interface of ``sections`` that must be on ubus before the stack is
    handed over; ``overrides`` of the scenario's fields go to simproc.py on stdin.
    """
    root = openwrt_root()
    paths = [str(root / p) for p in ("usr/sbin", "usr/bin", "sbin", "bin")]
    env = dict(os.environ)
    env["PATH"] = ":".join([*paths, "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
    env["LD_LIBRARY_PATH"] = f"{root / 'lib'}:{root / 'usr/lib'}"
    env["PYTHONPATH"] = f"{root / 'python'}:{REPO / 'src'}"
    env["NETIFD_MAIN_DIR"] = str(tmp / "netifd")
    _check_bindings(root, env)
    netns = f"pyqmi-e2e-{secrets.token_hex(3)}"
    stack = Stack(root, tmp, netns, _free_device_name(), env)
    _stage(stack, sections)
    events = Events(tmp / "events")
    sim = _start_sim(stack, scenario, overrides)
    try:
        line = _read_line(sim, 20.0)
        assert line.startswith("ready "), f"simulator did not start: {line!r}{stack.logs()}"
        pty = os.readlink(tmp / "modem")
        stack.holder = subprocess.Popen(
            ["ip", "netns", "exec", stack.netns, "sh", "-c", "echo held; exec sleep 600"],
            stdout=subprocess.PIPE,
        )
        assert _read_line(stack.holder, 10.0) == "held", "ip netns exec did not start"
        _mount(stack, pty)
        stack.start_in("ubusd", str(root / "sbin/ubusd"))
        socket = tmp / "run/ubus/ubus.sock"
        deadline = time.monotonic() + 10
        while not socket.exists():
            assert time.monotonic() < deadline, f"ubusd made no socket{stack.logs()}"
            time.sleep(0.05)
        stack.start_in(
            "netifd", str(root / "sbin/netifd"), "-S", "-c", "/etc/config",
            "-p", str(tmp / "netifd"), "-r", str(tmp / "resolv.conf.auto"),
            "-h", str(tmp / "hotplug.sh"),
        )  # fmt: skip
        stack.ubus("-t", "15", "wait_for", f"network.interface.{wait_for}", timeout=20)
        stack.events = events
        yield stack
    finally:
        for proc in reversed(stack.procs):
            stop(proc)
        if stack.holder is not None:
            stop(stack.holder)
        stop(sim, 15.0)
        events.close()
