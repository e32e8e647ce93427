"""``pyqmi``'s subcommand table: each subcommand's --help shows its options and an example."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pyqmi.cli import main as cli_main

# An option each subcommand's own module declares (absent from a bare subparser).
OWN_OPTION = {
    "daemon": "--interface",
    "status": "--json",
    "decode": "--compact",
    "demo": "--scenario",
    "doctor": "--usb-devices",
    "migrate": "--revert",
    "signal": "--device",
    "cell": "--device",
    "sim": "--show-ids",
    "info": "--show-ids",
    "connect": "--no-wait",
    "disconnect": "--timeout",
    "unblock-pin": "--sim-state-dir",
}


def test_every_subcommand_is_covered() -> None:
    assert set(OWN_OPTION) == set(cli_main.SUBCOMMANDS)


@pytest.mark.parametrize("name", sorted(OWN_OPTION))
def test_subcommand_help_shows_its_options_and_an_example(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli_main.main([name, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert OWN_OPTION[name] in out
    assert "example:" in out
    assert f"pyqmi {name}" in out.split("example:", 1)[1]


def test_top_level_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli_main.main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for name in OWN_OPTION:
        assert name in out
    # `sim` is the SIM card now; the simulated modem is pyqmi-sim, not a subcommand.
    assert "show the SIM card" in out and "--scenario" not in out


def test_help_of_the_installed_entry_point_runs_in_a_fresh_interpreter() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pyqmi", "daemon", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "--interface" in proc.stdout and "--state-dir" in proc.stdout


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli_main.main(["frobnicate"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_missing_option_is_a_usage_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli_main.main(["daemon"])
    assert exited.value.code == 2
    assert "--interface" in capsys.readouterr().err


def test_sim_points_to_the_pyqmi_sim_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.main(["sim", "--scenario", "default"]) == 2
    err = capsys.readouterr().err
    assert "pyqmi-sim" in err and "pyqmi sim shows the SIM card" in err


def test_demo_without_the_simulator_package_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(sys.modules):
        if name == "pyqmi.sim" or name.startswith(("pyqmi.sim.", "pyqmi.cli.demo")):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyqmi.sim", None)  # as on a router without pyqmi-sim
    assert cli_main.main(["demo"]) == 2
    assert "opkg install pyqmi-sim" in capsys.readouterr().err
