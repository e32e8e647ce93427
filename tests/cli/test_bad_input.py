"""Bad input never gives a traceback: every subcommand, a set of bad arguments, status 2.

Each case runs ``pyqmi`` as the user does (a fresh interpreter, no ubus, no modem) and
asserts exit status 2, exactly one line on stderr naming the problem, and no "Traceback".
``test_every_subcommand_has_cases`` fails when a subcommand is added without its cases.
The simulator's own bad values are tests/sim/test_cli_bad_input.py's.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from pyqmi.cli.main import SUBCOMMANDS

NOT_AN_OPTION = ["--no-such-option"]
# subcommand -> bad argument lists (besides an unknown option, which every one gets)
CASES: dict[str, list[list[str]]] = {
    "daemon": [[], ["--interface"]],
    "status": [[], ["bad name!"], ["4G", "extra"]],
    "signal": [[], ["bad name!"], ["--device", "cdc-wdm0"], ["--device", " /dev/cdc-wdm0"],
               ["--device", "/dev/no-such-cdc-wdm9"], ["4G", "--timeout", "-1"],
               ["4G", "--timeout", "soon"], ["4G", "--timeout", "nan"]],
    "cell": [[], ["a" * 16], ["4G", "--timeout", "0"], ["--device", "/dev/no-such-cdc-wdm9"]],
    "sim": [[], ["bad name!"], ["--device", "relative/path"], ["4G", "--show-ids=yes"]],
    "info": [[], ["bad-name"], ["--device", "/dev/no-such-cdc-wdm9", "--show-ids"]],
    "connect": [[], ["bad name!"], ["4G", "--timeout", "-5"], ["4G", "--timeout", "x"]],
    "disconnect": [[], ["bad name!"], ["4G", "--timeout", "0"]],
    "decode": [[], ["zz"], ["01", "02"]],
    "demo": [["--apn", "bad apn!"], ["--scenario", "no-such-modem"],
             ["--ping-with", "telepathy"]],
    "doctor": [["--usb-devices", "/no/such/usb-devices"]],
    "migrate": [["--apply", "--revert"]],
    "unblock-pin": [[], ["--device", "relative/path"], ["--device", "/dev/no-such-cdc-wdm9"],
                    ["--device", "/dev/null", "--timeout", "0"]],
}  # fmt: skip


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pyqmi", *argv],
        capture_output=True, text=True, timeout=60, check=False,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )  # fmt: skip


def test_every_subcommand_has_cases() -> None:
    assert set(CASES) == set(SUBCOMMANDS)


ALL = [(name, NOT_AN_OPTION) for name in sorted(SUBCOMMANDS)] + [
    (name, argv) for name, cases in sorted(CASES.items()) for argv in cases
]


@pytest.mark.parametrize(("name", "argv"), ALL, ids=[f"{n} {' '.join(a)}" for n, a in ALL])
def test_bad_arguments_are_one_line_and_status_2(name: str, argv: list[str]) -> None:
    proc = run([name, *argv])
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr, proc.stdout)
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("pyqmi"), proc.stderr


def test_unknown_subcommand_and_nothing_at_all() -> None:
    for argv in (["frobnicate"], []):
        proc = run(argv)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
        assert "Traceback" not in proc.stderr
