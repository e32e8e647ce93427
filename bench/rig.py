"""The daemon on the bench: a modem, the real entry point, its bus records. Runs in the namespace.

Theory of operation
-------------------
``Modem`` is ``python -m bench.simmodem`` (pyqmi-sim with a timeline) in its own process,
its pty bind-mounted on /dev/shm/cdc-wdm0 (``bench.namespace``). ``Daemon`` starts the command
the shim runs, ``/usr/bin/pyqmi daemon --interface wwan``, through the same launcher file
(openwrt-package/pyqmi/files/pyqmi, run by this interpreter), plus the flags that point it at
the bench: ``--uci-confdir`` (the interface's options in a UCI file), ``--state-dir`` and
``--ifname wwan0``. It is a black box: the bench sees only what it says on the bus (the
stand-in ubus writes each call as a JSON line to a pipe), its /proc entries and its rusage.

Measured processes get ``measured_env()``: bench/standins first on PYTHONPATH (ubus, uci, and
an ssl and a _hashlib that fail to import as on OpenWrt without python3-openssl), then this
checkout's src (so the bench measures the tree it sits in, whatever the venv has installed), a
fixed PYTHONHASHSEED so instruction counts repeat, and SETUPTOOLS_USE_DISTUTILS=stdlib so the
venv's setuptools .pth hook imports nothing (a router has no such hook). Every wait is
bounded; a pidfd tells when a process has ended.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

from bench.namespace import DEVICE, ROOT, bind, unbind

STANDINS = os.path.join(ROOT, "bench", "standins")
SOURCE = os.path.join(ROOT, "src")  # this checkout's pyqmi, whatever the venv installed
LAUNCHER = os.path.join(ROOT, "openwrt-package", "pyqmi", "files", "pyqmi")
IFACE = "wwan"
OPTIONS = {"proto": "pyqmi", "device": DEVICE, "apn": "internet", "pdptype": "ip"}
READY_WITHIN = 20.0
Record = dict[str, Any]


class RigError(RuntimeError):
    """A modem or daemon run did not go as the bench needs."""


def measured_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYQMI_", "PYTHON"))}
    path = os.pathsep.join((STANDINS, SOURCE))
    env.update(PYTHONPATH=path, PYTHONHASHSEED="0", SETUPTOOLS_USE_DISTUTILS="stdlib")
    env.update(extra or {})
    return env


def uci_network(options: dict[str, str]) -> str:
    lines = [f"config interface '{IFACE}'"]
    lines += [f"\toption {key} '{value}'" for key, value in options.items()]
    return "\n".join(lines) + "\n"


def _wait_exit(pid: int, within: float) -> tuple[int, Any] | None:
    """(exit status, rusage) once ``pid`` (our child) ends within ``within`` s, else None."""
    fd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([fd], [], [], within)
        if not ready:
            return None
        _, status, usage = os.wait4(pid, 0)
        return status, usage
    finally:
        os.close(fd)


class Modem:
    """A simulated modem on DEVICE for one daemon run; ``timeline`` is filled in on exit."""

    def __init__(self, scenario: str = "default", overrides: dict[str, Any] | None = None,
                 lacking: Sequence[str] = ()) -> None:  # fmt: skip
        self._dir = tempfile.mkdtemp(prefix="pyqmi-bench-modem-")
        self._log = os.path.join(self._dir, "timeline.json")
        link = os.path.join(self._dir, "modem")
        command = [sys.executable, "-m", "bench.simmodem", "--scenario", scenario, "--link",
                   link, "--log", self._log, "--set-json", json.dumps(overrides or {})]  # fmt: skip
        if lacking:
            command += ["--lacking", ",".join(lacking)]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYQMI_", "PYTHON"))}
        env["PYTHONPATH"] = SOURCE
        self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE)
        self.timeline: dict[str, Any] = {}
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], READY_WITHIN)
        line = self.proc.stdout.readline().decode(errors="replace") if ready else ""
        if not line.startswith("ready "):
            self._stop()
            shutil.rmtree(self._dir, ignore_errors=True)
            raise RigError(f"simulator did not start: {line!r}")
        bind(os.readlink(link))

    def __enter__(self) -> Modem:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        unbind()
        self._stop()
        try:
            if kind is None:
                with open(self._log, encoding="utf-8") as file:
                    self.timeline = json.load(file)
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)

    def _stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


class Daemon:
    """``pyqmi daemon`` through the launcher, with its bus records and its exit."""

    def __init__(self, *, prefix: Sequence[str] = (), extra_env: dict[str, str] | None = None,
                 options: dict[str, str] | None = None) -> None:  # fmt: skip
        self.dir = tempfile.mkdtemp(prefix="pyqmi-bench-daemon-")
        confdir = os.path.join(self.dir, "uci")
        os.mkdir(confdir)
        with open(os.path.join(confdir, "network"), "w", encoding="utf-8") as file:
            file.write(uci_network(options or OPTIONS))
        state = os.path.join(self.dir, "state")
        argv = [sys.executable, LAUNCHER, "daemon", "--interface", IFACE, "--state-dir", state,
                "--ifname", "wwan0", "--uci-confdir", confdir]  # fmt: skip
        self.log_path = os.path.join(self.dir, "daemon.log")
        read_fd, write_fd = os.pipe()
        env = measured_env({"PYQMI_STANDIN_UBUS_FD": str(write_fd), **(extra_env or {})})
        self.records: list[Record] = []
        self._fd, self._buffer, self.closed = read_fd, b"", False
        self.usage: Any = None
        self.status: int | None = None
        with open(self.log_path, "wb") as log:
            self.t_exec = time.monotonic()
            self.proc = subprocess.Popen([*prefix, *argv], cwd=self.dir, env=env,
                                         pass_fds=(write_fd,), stdout=log, stderr=log)  # fmt: skip
        os.close(write_fd)

    def __enter__(self) -> Daemon:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        if self.status is None:
            self.proc.kill()
            self.finish(10.0)
        os.close(self._fd)
        if kind is not None:  # keep the log of a failed run for the error message above
            sys.stderr.write(f"daemon log: {self.log_path}\n")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def output(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as file:
            return file.read()

    def wait_for(self, wanted: Callable[[Record], bool], within: float, what: str) -> Record:
        """The first record ``wanted`` accepts, reading the pipe for up to ``within`` s."""
        deadline = time.monotonic() + within
        while True:
            for record in self.records:
                if wanted(record):
                    return record
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                tail = self.output()[-2000:]
                raise RigError(f"daemon: no {what} within {within:.0f} s\n{tail}")
            ready, _, _ = select.select([self._fd], [], [], left)
            if ready:
                self._take(os.read(self._fd, 65536))

    def _take(self, data: bytes) -> None:
        if not data:
            self.closed = True
            return
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        self.records.extend(json.loads(line) for line in lines if line)

    def link_up(self, within: float, after: float = 0.0) -> Record:
        return self.wait_for(lambda r: is_link_up(r) and r["t"] > after, within, "link-up")

    def finish(self, within: float) -> int:
        """Wait for the exit (bounded); the exit code. ``usage`` is its rusage."""
        done = _wait_exit(self.proc.pid, within)
        if done is None:
            raise RigError(f"daemon did not exit within {within:.0f} s")
        status, self.usage = done
        self.status = os.waitstatus_to_exitcode(status)
        self.proc.returncode = self.status
        while not self.closed:  # the rest of what it said before it exited
            self._take(os.read(self._fd, 65536))
        return self.status

    def terminate(self, within: float) -> float:
        """SIGTERM, as netifd's teardown; seconds until the process has exited."""
        start = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        done = _wait_exit(self.proc.pid, within)
        elapsed = time.monotonic() - start
        if done is None:
            raise RigError(f"daemon did not exit within {within:.0f} s of SIGTERM")
        status, self.usage = done
        self.status = self.proc.returncode = os.waitstatus_to_exitcode(status)
        return elapsed

    def cpu_seconds(self) -> float:
        return float(self.usage.ru_utime + self.usage.ru_stime)

    def notifications(self) -> list[Record]:
        return [r for r in self.records if r.get("method") == "notify_proto"]


def is_link_up(record: Record) -> bool:
    """netifd action 0 bringing the link up; not an update of a link already up (``keep``:
    the daemon refreshes netifd's data, e.g. the serving cell, with link-up true and keep)."""
    args = record.get("args") or {}
    return (
        record.get("method") == "notify_proto"
        and args.get("action") == 0
        and args.get("link-up") is True
        and not args.get("keep")
    )


def run_python(code: str, *, prefix: Sequence[str] = (), timeout: float = 120.0) -> tuple[
        float, float, str]:  # fmt: skip
    """``python -c code`` as measured: (wall s, CPU s from rusage, stderr)."""
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([*prefix, sys.executable, "-c", code], cwd="/", env=measured_env(),
                                stdout=subprocess.DEVNULL, stderr=err)  # fmt: skip
        done = _wait_exit(proc.pid, timeout)
        wall = time.monotonic() - start
        if done is None:
            proc.kill()
            proc.wait(5)
            raise RigError(f"python -c {code!r} did not finish within {timeout:.0f} s")
        status, usage = done
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RigError(f"python -c {code!r} failed ({proc.returncode}): {text[-800:]}")
    return wall, float(usage.ru_utime + usage.ru_stime), text
