"""Run a bench function in a private mount namespace where the modem is at /dev/shm/cdc-wdm0.

Theory of operation
-------------------
The daemon accepts only a QMI control device under /dev with a control device's name
(``cdc-wdmN``), so the simulator's pty must appear as one. As tests/router/test_connect.py does,
``run_inside(target, payload)`` starts ``unshare --mount --propagation private python -m
bench.namespace TARGET PAYLOAD``; that process covers /dev/shm with a fresh tmpfs, creates
``/dev/shm/cdc-wdm0`` there, then calls ``TARGET`` (``module:function``) with the JSON payload
and prints its JSON result as the last line of stdout. ``bind(pty)`` mounts a modem's pty on
the device path (and ``unbind`` takes it off), so each daemon run gets a fresh modem. Nothing
outside the namespace changes; everything mounted goes away with the process.

Needs root (a mount namespace); ``missing()`` says why it cannot run, for a clear error.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
from typing import Any

DEVICE = "/dev/shm/cdc-wdm0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNSHARE = ("unshare", "--mount", "--propagation", "private")


class NamespaceError(RuntimeError):
    """The bench could not run its function in a mount namespace."""


def missing() -> str | None:
    """Why a mount namespace cannot be made here, or None."""
    if os.geteuid() != 0:
        return "the daemon benchmarks need root (a mount namespace for the control device)"
    if shutil.which("unshare") is None or not os.path.isdir("/dev/shm"):
        return "the daemon benchmarks need util-linux unshare and /dev/shm"
    done = subprocess.run([*UNSHARE, "true"], capture_output=True, timeout=10, check=False)
    if done.returncode != 0:
        return f"cannot make a mount namespace: {done.stderr.decode(errors='replace').strip()}"
    return None


def run_inside(target: str, payload: dict[str, Any], timeout: float) -> Any:
    """``target(payload)`` run in a fresh mount namespace; its JSON result."""
    reason = missing()
    if reason:
        raise NamespaceError(reason)
    command = [*UNSHARE, sys.executable, "-m", "bench.namespace", target, json.dumps(payload)]
    # A session of its own, so that a timeout ends the modems and daemons it started too.
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise NamespaceError(f"{target} did not finish within {timeout:.0f} s") from None
    lines = stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise NamespaceError(f"{target} failed (exit {proc.returncode}); see its output above")
    return json.loads(lines[-1])


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], check=False, capture_output=True, text=True, timeout=10)
    if done.returncode != 0:
        raise NamespaceError(f"mount {' '.join(args)}: {done.stderr.strip()}")


def bind(pty: str) -> None:
    """Make ``pty`` appear at DEVICE (inside the namespace)."""
    _mount("--bind", pty, DEVICE)


def unbind() -> None:
    done = subprocess.run(
        ["umount", DEVICE], check=False, capture_output=True, text=True, timeout=10
    )
    if done.returncode != 0:
        raise NamespaceError(f"umount {DEVICE}: {done.stderr.strip()}")


def main(argv: list[str]) -> int:
    target, payload = argv[0], json.loads(argv[1])
    if os.readlink("/proc/self/ns/mnt") == os.readlink(f"/proc/{os.getppid()}/ns/mnt"):
        raise NamespaceError("bench.namespace runs only under unshare --mount (run_inside)")
    module_name, _, function = target.partition(":")
    _mount("-t", "tmpfs", "pyqmi-bench", "/dev/shm")
    with open(DEVICE, "w", encoding="ascii"):
        pass
    result = getattr(importlib.import_module(module_name), function)(payload)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
