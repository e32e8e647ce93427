"""The netifd shim: its option list equals the schema, it is shellcheck-clean, and setup
passes the options to the daemon in the environment, never on the command line.

The shim runs under /bin/sh with stand-ins for /lib/functions.sh and netifd-proto.sh
(tests/shim/stub/), laid out as netifd does: cwd /lib/netifd/proto, helpers one level up.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pyqmi.config import OPTIONS, Origin, validate_json
from pyqmi.config.shimgen import main as shimgen_main
from pyqmi.config.shimgen import render_block, update_text

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
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "STUB_RECORD": str(record)}
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
        if option.origin is not Origin.NETIFD_INTERFACE
    }
    assert {name: kind for kind, name in declared} == expected


def test_dump_names_the_protocol_and_its_flags(tmp_path: Path) -> None:
    lines = dump(tmp_path)
    assert lines[0] == "name pyqmi"
    assert lines[-2:] == ["available 1", "no_device 1"]


def test_generated_block_is_up_to_date() -> None:
    text = SHIM.read_text()
    assert update_text(text) == text, "run: python -m pyqmi.config.shimgen"
    assert "\n".join(render_block()) in text


def test_shimgen_check_and_rewrite(tmp_path: Path) -> None:
    stale = tmp_path / "pyqmi.sh"
    stale.write_text(SHIM.read_text().replace("\tproto_config_add_string apn\n", ""))
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


def test_setup_passes_secrets_only_in_the_environment(tmp_path: Path) -> None:
    options = {"device": "/dev/cdc-wdm0", "apn": "internet", "username": "user",
               "password": SECRET_PASSWORD, "pincode": SECRET_PIN, "pdptype": "ipv4v6",
               "delegate": False, "timeout": 30}  # fmt: skip
    data = json.dumps(options)
    _, record = run_shim(tmp_path, "pyqmi", "setup", "wan", data, "wwan0")

    argv = (record / "run_command").read_text().splitlines()
    assert argv == ["wan", "/usr/bin/pyqmi", "daemon", "--interface", "wan"]
    for secret in (SECRET_PASSWORD, SECRET_PIN):
        assert not any(secret in arg for arg in argv)

    exported = (record / "export").read_text().splitlines()
    assert len(exported) == 1 and exported[0].startswith("PYQMI_CONFIG=")
    payload = exported[0].removeprefix("PYQMI_CONFIG=")
    assert json.loads(payload) == options
    config = validate_json(payload, check_device=False).config
    assert (config.password, config.pincode) == (SECRET_PASSWORD, SECRET_PIN)
    assert not (record / "kill_command").exists()


def test_teardown_kills_the_daemon(tmp_path: Path) -> None:
    _, record = run_shim(tmp_path, "pyqmi", "teardown", "wan", "{}", "wwan0")
    assert (record / "kill_command").read_text().splitlines() == ["wan"]
    assert not (record / "run_command").exists()


def test_other_protocols_are_left_alone(tmp_path: Path) -> None:
    _, record = run_shim(tmp_path, "qmi", "setup", "wan", "{}", "wwan0")
    assert list(record.iterdir()) == []
