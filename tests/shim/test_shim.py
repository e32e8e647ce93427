"""The netifd shim: its option list equals the schema minus the secrets, it is
shellcheck-clean, and setup passes the interface name and no secret: the non-secret options
go to the daemon in the environment (never on the command line), secrets not at all.

The shim runs under /bin/sh with stand-ins for /lib/functions.sh and netifd-proto.sh
(tests/shim/stub/), laid out as netifd does: cwd /lib/netifd/proto, helpers one level up.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pyqmi.config import OPTIONS, Origin, validate_json
from pyqmi.config.schema import SECRET_OPTIONS
from pyqmi.config.shimgen import main as shimgen_main
from pyqmi.config.shimgen import render_block, render_secrets_block, update_text

REPO = Path(__file__).resolve().parents[2]
SHIM = REPO / "files/lib/netifd/proto/pyqmi.sh"
STUB = Path(__file__).resolve().parent / "stub"


def run_shim(tmp_path: Path, *args: str) -> tuple[str, Path]:
    """Run a copy of the shim as netifd would; return stdout and the record directory."""
    netifd_dir = tmp_path / "netifd"
    (netifd_dir / "proto").mkdir(parents=True)
    shutil.copy(STUB / "netifd-proto.sh", netifd_dir / "netifd-proto.sh")
    text = SHIM.read_text()
    assert text.count(". /lib/functions.sh") == 1
    text = text.replace(". /lib/functions.sh", f". {STUB / 'functions.sh'}")
    (netifd_dir / "proto" / "pyqmi.sh").write_text(text)
    record = tmp_path / "record"
    record.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "STUB_RECORD": str(record),
        "STUB_PYTHON": sys.executable,
    }
    result = subprocess.run(
        ["/bin/sh", "./pyqmi.sh", *args],
        cwd=netifd_dir / "proto",
        env=env,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout, record


def dump(tmp_path: Path) -> list[str]:
    # netifd runs "./<script> '' dump" to learn the handlers a script adds.
    stdout, _ = run_shim(tmp_path, "", "dump")
    return stdout.splitlines()


def test_dump_declares_exactly_the_schema(tmp_path: Path) -> None:
    declared = [line.split(" ") for line in dump(tmp_path)[1:-2]]
    assert all(len(pair) == 2 for pair in declared)
    names = [name for _, name in declared]
    assert len(names) == len(set(names)), "an option is declared twice"
    expected = {
        option.name: option.shim_type
        for option in OPTIONS
        if option.origin is not Origin.NETIFD_INTERFACE and not option.secret
    }
    assert {name: kind for kind, name in declared} == expected


def test_dump_declares_no_secret(tmp_path: Path) -> None:
    # netifd copies exactly the declared options into the shim's argv and PYQMI_CONFIG.
    assert {"password", "pincode"} <= SECRET_OPTIONS
    names = {line.split(" ")[1] for line in dump(tmp_path)[1:-2]}
    assert not names & SECRET_OPTIONS
    assert {"apn", "username", "device"} <= names


def test_dump_names_the_protocol_and_its_flags(tmp_path: Path) -> None:
    lines = dump(tmp_path)
    assert lines[0] == "name pyqmi"
    assert lines[-2:] == ["available 1", "no_device 1"]


def test_generated_block_is_up_to_date() -> None:
    text = SHIM.read_text()
    assert update_text(text) == text, "run: python -m pyqmi.config.shimgen"
    assert "\n".join(render_block()) in text
    assert "\n".join(render_secrets_block()) in text
    assert render_secrets_block()[1] == '\tpyqmi_secrets="password pincode"'


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\tproto_config_add_string apn\n", ""),  # an option lost
        (  # a secret declared again
            "\tproto_config_add_string username\n",
            "\tproto_config_add_string username\n\tproto_config_add_string password\n",
        ),
        ('pyqmi_secrets="password pincode"', 'pyqmi_secrets="password"'),  # a secret not blanked
    ],
    ids=["option-lost", "secret-declared", "secret-not-blanked"],
)
def test_shimgen_check_and_rewrite(tmp_path: Path, old: str, new: str) -> None:
    stale = tmp_path / "pyqmi.sh"
    assert SHIM.read_text().count(old) == 1
    stale.write_text(SHIM.read_text().replace(old, new))
    assert shimgen_main(["--check", str(stale)]) == 1
    assert shimgen_main([str(stale)]) == 0
    assert stale.read_text() == SHIM.read_text()
    assert shimgen_main(["--check", str(stale)]) == 0


def test_shimgen_refuses_a_file_without_markers(tmp_path: Path) -> None:
    broken = tmp_path / "pyqmi.sh"
    broken.write_text("#!/bin/sh\n")
    assert shimgen_main(["--check", str(broken)]) == 2


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck not installed")
def test_shellcheck_clean() -> None:
    result = subprocess.run(
        ["shellcheck", "-s", "sh", str(SHIM)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_shim_has_no_polling() -> None:
    code = [line for line in SHIM.read_text().splitlines() if not line.lstrip().startswith("#")]
    for word in ("sleep", "while", "until", "uqmi", "ubus call"):
        assert not any(word in line for line in code), word


SECRET_PASSWORD = "pw-Very$ecret'\"`x"
SECRET_PIN = "4711"


def setup(tmp_path: Path, options: dict[str, object]) -> tuple[list[str], str]:
    """Run setup for interface wan; return the daemon's argv and the PYQMI_CONFIG exported."""
    _, record = run_shim(tmp_path, "pyqmi", "setup", "wan", json.dumps(options), "wwan0")
    assert not (record / "kill_command").exists()
    argv = (record / "run_command").read_text().splitlines()
    exported = (record / "export").read_text().splitlines()
    assert len(exported) == 1 and exported[0].startswith("PYQMI_CONFIG=")
    return argv, exported[0].removeprefix("PYQMI_CONFIG=")


def test_setup_passes_the_name_and_the_declared_options(tmp_path: Path) -> None:
    # What netifd gives for a UCI interface: the declared options only, so no secret.
    options = {"device": "/dev/cdc-wdm0", "apn": "internet", "username": "user",
               "pdptype": "ipv4v6", "delegate": False, "timeout": 30}  # fmt: skip
    argv, payload = setup(tmp_path, options)
    assert argv == ["wan", "/usr/bin/pyqmi", "daemon", "--interface", "wan"]
    assert json.loads(payload) == options
    assert not SECRET_OPTIONS & json.loads(payload).keys()
    config = validate_json(payload, check_device=False).config
    assert (config.apn, config.pdptype, config.delegate) == ("internet", "IPV4V6", False)


def test_setup_blanks_secrets_of_an_interface_added_over_ubus(tmp_path: Path) -> None:
    # ubus call network add_dynamic hands netifd undeclared options too; none goes further.
    options = {"device": "/dev/cdc-wdm0", "apn": "internet", "username": "user",
               "password": SECRET_PASSWORD, "pincode": SECRET_PIN, "timeout": 30}  # fmt: skip
    argv, payload = setup(tmp_path, options)
    assert argv == ["wan", "/usr/bin/pyqmi", "daemon", "--interface", "wan"]
    for secret in (SECRET_PASSWORD, SECRET_PIN):
        assert not any(secret in arg for arg in argv)
        assert secret not in payload
    blanked = {**options, "password": "", "pincode": ""}
    assert json.loads(payload) == blanked


def test_teardown_kills_the_daemon(tmp_path: Path) -> None:
    _, record = run_shim(tmp_path, "pyqmi", "teardown", "wan", "{}", "wwan0")
    assert (record / "kill_command").read_text().splitlines() == ["wan"]
    assert not (record / "run_command").exists()


def test_other_protocols_are_left_alone(tmp_path: Path) -> None:
    _, record = run_shim(tmp_path, "qmi", "setup", "wan", "{}", "wwan0")
    assert list(record.iterdir()) == []
