"""Watchers for the secrets test: what crossed ubus, and what processes were started with.

``UbusMonitor`` runs the real ``ubus monitor`` inside the stack's namespaces, its output in
``monitor.log`` (the tool flushes every line). ``mark()`` sends a uniquely named ubus event
and waits until the monitor has printed it: called before the connect, it proves the monitor
is attached; called after the teardown, it proves the capture holds everything before it.

``ProcSampler`` is a thread that reads ``/proc/<pid>/cmdline`` and ``/proc/<pid>/environ``
of every process in the stack's network namespace, pass after pass until stopped. Everything
netifd, ubusd and the daemon start runs there (the simulator, which plays the SIM card and so
knows the PIN, does not). It keeps the command line last seen for each pid, and every file in
which a secret was found. Short-lived shims may fall between two passes; the recorders that
stack.py puts in front of the shim and the daemon catch those deterministically.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Sequence
from types import TracebackType

from .stack import Stack, stop


class UbusMonitor:
    def __init__(self, stack: Stack) -> None:
        self._stack = stack
        self.path = stack.tmp / "monitor.log"
        self._proc = stack.start_in("monitor", str(stack.root / "usr/bin/ubus"), "monitor")

    def text(self) -> str:
        return self.path.read_text(errors="replace")

    def mark(self, within: float = 10.0) -> None:
        """Send an event and wait until the monitor has printed it."""
        name = f"pyqmi-e2e.mark.{secrets.token_hex(4)}"
        deadline = time.monotonic() + within
        while name not in self.text():
            assert self._proc.poll() is None, f"ubus monitor exited: {self.text()[-2000:]}"
            assert time.monotonic() < deadline, f"ubus monitor never showed {name}"
            self._stack.ubus("send", name, "{}")
            time.sleep(0.05)

    def stop(self) -> None:
        stop(self._proc)


class ProcSampler:
    def __init__(self, netns: str, texts: Sequence[str]) -> None:
        self._netns = netns
        self._needles = [text.encode() for text in texts]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="proc-sampler", daemon=True)
        self.passes = 0
        self.reads = 0
        self.commands: dict[int, bytes] = {}
        self.leaks: set[str] = set()

    def __enter__(self) -> ProcSampler:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(10.0)
        assert not self._thread.is_alive(), "the /proc sampler did not stop"

    def _run(self) -> None:
        while not self._stop.is_set():
            for name in os.listdir("/proc"):
                if name.isdigit():
                    self._sample(int(name))
            self.passes += 1
            self._stop.wait(0.002)  # pacing only: leave the CPU to the stack between passes

    def _sample(self, pid: int) -> None:
        try:
            if os.readlink(f"/proc/{pid}/ns/net") != self._netns:
                return
        except OSError:
            return  # gone, or a kernel thread
        for kind in ("cmdline", "environ"):
            try:
                with open(f"/proc/{pid}/{kind}", "rb") as file:
                    data = file.read()
            except OSError:
                continue
            self.reads += 1
            if kind == "cmdline" and data:
                self.commands[pid] = data
            if any(needle in data for needle in self._needles):
                shown = self.commands.get(pid, b"?").replace(b"\0", b" ")
                for needle in self._needles:
                    shown = shown.replace(needle, b"<secret>")
                self.leaks.add(f"/proc/{pid}/{kind} of {shown[:200].decode(errors='replace')!r}")
