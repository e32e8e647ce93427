"""pyqmi's postinst and prerm, taken from the built ipk, against a stand-in netifd.

Each script runs as base-files' default_postinst/default_prerm run it (sourced, in a
subshell) under /bin/sh, with ubus, jsonfilter, ifstatus and ifup from tests/package/stub/
answering from a JSON state and recording their calls. The scripts call /etc/init.d/network
by its path, so every run happens in new mount and PID namespaces (unshare: root only),
where the stand-in init scripts are bind-mounted over /etc/init.d, an overlay adds a
stand-in /usr/bin/pyqmi, and /proc shows only the run's own processes (prerm looks there
for pyqmi daemons).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from package.ipkread import Ipk
from privilege import missing_root

STUB = Path(__file__).resolve().parent / "stub"
PYQMI_HANDLER = {"immediate": False, "no_device": True, "validate": {"device": 3, "apn": 3}}
OTHER_HANDLERS = {"static": {"validate": {"ipaddr": 3}}, "dhcp": {"validate": {}}}


def iface(name: str, proto: str, *, up: bool = False, pending: bool = False) -> dict[str, object]:
    return {"interface": name, "proto": proto, "up": up, "pending": pending, "autostart": True}


INTERFACES = [
    iface("wan", "pyqmi", up=True),
    iface("wan_b", "pyqmi", pending=True),
    iface("spare", "pyqmi"),
    iface("lan", "static", up=True),
    iface("wan_qmi", "qmi", up=True),
]


@dataclass
class Run:
    returncode: int
    stdout: str
    calls: dict[str, list[str]]  # stub -> its calls, in order
    seconds: float


@pytest.fixture(autouse=True)
def _needs_namespaces() -> None:
    reason = missing_root()
    if reason:
        pytest.skip(f"{reason}: the scripts' /etc/init.d is replaced in a mount namespace")
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) for mount and PID namespaces")


def run_script(ipk: Ipk, script: str, tmp_path: Path, state: dict[str, object], **env: str) -> Run:
    """Run ``ipk``'s ``script`` with the stand-ins; ``state["daemons"]`` names interfaces
    whose stand-in daemon (a process with pyqmi's daemon command line) is started first."""
    path = tmp_path / script
    path.write_text(ipk.script_text[script])
    record = tmp_path / "record"
    record.mkdir()
    state_file = tmp_path / "state.json"
    daemons = state.pop("daemons", [])
    assert isinstance(daemons, list)
    # The stand-in daemons start inside the namespace, from a /usr/bin/pyqmi that an overlay
    # adds there, so that their command line is a real daemon's; their pids go into the
    # state, so that the ubus stand-in can stop one when its interface goes down.
    fake = tmp_path / "usr-bin"
    fake.mkdir()
    (fake / "pyqmi").write_text("#!/usr/bin/python3\nimport time\ntime.sleep(20)\n")
    (fake / "pyqmi").chmod(0o755)
    inner = (
        'mount --bind "$STUB_DIR/init.d" /etc/init.d || exit 97\n'
        'mount -t overlay overlay -o "lowerdir=$FAKE_BIN:/usr/bin" /usr/bin || exit 97\n'
        "for name in $DAEMONS; do\n"
        '  /usr/bin/pyqmi daemon --interface "$name" &\n'
        '  echo "$name $!" >>"$STUB_RECORD/daemons"\n'
        "done\n"
        '"$PYTHON" -c "$ADD_PIDS" "$STUB_STATE" "$STUB_RECORD/daemons"\n'
        '( . "$1" )\n'
    )
    add_pids = (
        "import json, os, sys\n"
        "state = json.load(open(sys.argv[1]))\n"
        "lines = open(sys.argv[2]).read().split() if os.path.exists(sys.argv[2]) else []\n"
        "state['daemons'] = {n: int(p) for n, p in zip(lines[::2], lines[1::2])}\n"
        "json.dump(state, open(sys.argv[1], 'w'))\n"
    )
    state_file.write_text(json.dumps(state))
    environment = {
        "PATH": f"{STUB / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "STUB_DIR": str(STUB),
        "FAKE_BIN": str(fake),
        "STUB_STATE": str(state_file),
        "STUB_RECORD": str(record),
        "DAEMONS": " ".join(str(d) for d in daemons),
        "PYTHON": sys.executable,
        "ADD_PIDS": add_pids,
        **env,
    }
    started = time.monotonic()
    result = subprocess.run(
        ["unshare", "--mount", "--pid", "--fork", "--mount-proc", "--propagation", "private",
         "/bin/sh", "-c", inner, "default_postinst", str(path)],
        env=environment, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    assert result.returncode != 97, f"could not bind-mount the stand-ins: {result.stderr}"
    assert "unsupported" not in result.stderr, result.stderr
    calls = {f.name: f.read_text().splitlines() for f in record.iterdir() if f.name != "daemons"}
    return Run(result.returncode, result.stdout, calls, seconds)


def test_postinst_restarts_netifd_that_does_not_know_pyqmi(
    ipks: dict[str, Ipk], tmp_path: Path
) -> None:
    run = run_script(ipks["pyqmi"], "postinst-pkg", tmp_path,
                     {"handlers": OTHER_HANDLERS, "interfaces": INTERFACES})  # fmt: skip
    assert run.returncode == 0
    assert run.calls.get("initd") == ["network restart"]
    assert "restarting netifd" in run.stdout and "'pyqmi'" in run.stdout
    assert "ifup" not in run.calls


def test_postinst_on_upgrade_restarts_only_running_pyqmi_interfaces(
    ipks: dict[str, Ipk], tmp_path: Path
) -> None:
    handlers = {**OTHER_HANDLERS, "pyqmi": PYQMI_HANDLER}
    run = run_script(ipks["pyqmi"], "postinst-pkg", tmp_path,
                     {"handlers": handlers, "interfaces": INTERFACES})  # fmt: skip
    assert run.returncode == 0
    assert run.calls.get("ifup") == ["wan", "wan_b"]  # up, connecting; not spare, lan, qmi
    assert "initd" not in run.calls
    assert run.stdout.count("restarting interface") == 2


def test_postinst_leaves_a_stopped_netifd_alone(ipks: dict[str, Ipk], tmp_path: Path) -> None:
    run = run_script(ipks["pyqmi"], "postinst-pkg", tmp_path,
                     {"handlers": None, "interfaces": []})  # fmt: skip
    assert run.returncode == 0
    assert "netifd is not running" in run.stdout
    assert "initd" not in run.calls and "ifup" not in run.calls


def test_scripts_do_nothing_in_an_image_build(ipks: dict[str, Ipk], tmp_path: Path) -> None:
    for script in ("postinst-pkg", "prerm-pkg"):
        work = tmp_path / script
        work.mkdir()
        run = run_script(ipks["pyqmi"], script, work,
                         {"handlers": OTHER_HANDLERS, "interfaces": INTERFACES},
                         IPKG_INSTROOT=str(work))  # fmt: skip
        assert run.returncode == 0
        assert run.calls == {} and run.stdout == "", script


def test_prerm_brings_pyqmi_interfaces_down_and_waits_for_their_daemons(
    ipks: dict[str, Ipk], tmp_path: Path
) -> None:
    state = {"handlers": {"pyqmi": PYQMI_HANDLER}, "interfaces": INTERFACES,
             "daemons": ["wan", "wan_b"]}  # fmt: skip
    run = run_script(ipks["pyqmi"], "prerm-pkg", tmp_path, state)
    assert run.returncode == 0
    downs = [c for c in run.calls["ubus"] if c.endswith(" down")]
    assert downs == [f"call network.interface.{i} down" for i in ("wan", "wan_b", "spare")]
    assert run.calls["killed"] == ["wan", "wan_b"]  # their daemons ran, and got SIGTERM
    assert "still runs" not in run.stdout  # prerm saw both exit
    assert run.seconds < 5


def test_prerm_on_upgrade_leaves_interfaces_to_postinst(
    ipks: dict[str, Ipk], tmp_path: Path
) -> None:
    run = run_script(ipks["pyqmi"], "prerm-pkg", tmp_path,
                     {"handlers": {"pyqmi": PYQMI_HANDLER}, "interfaces": INTERFACES},
                     PKG_UPGRADE="1")  # fmt: skip
    assert run.returncode == 0
    assert run.calls == {}


def test_luci_postinst_reloads_rpcd(ipks: dict[str, Ipk], tmp_path: Path) -> None:
    run = run_script(ipks["luci-proto-pyqmi"], "postinst-pkg", tmp_path,
                     {"handlers": None, "interfaces": []})  # fmt: skip
    assert run.returncode == 0
    assert run.calls.get("initd") == ["rpcd reload"]
