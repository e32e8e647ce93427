"""The LuCI protocol page: valid JavaScript, the schema's options with the schema's limits,
the same verdicts as the daemon's validation, every error code registered, a live status
section, and an ACL that allows what the pages call.

The page runs under node with stand-ins for LuCI's modules (luci_node.js), so these tests
exercise its code, not only its text; tests/luci/test_browser.py renders it in Chromium.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pyqmi.config import OPTIONS, OPTIONS_BY_NAME, ConfigError, Kind, validate
from pyqmi.daemon.report import AttemptRecord, Facts, status
from pyqmi.session.error_texts import ALL_CODES, TEXTS
from pyqmi.session.facts import CallSettings
from pyqmi.session.registration import Registration, RegState, Signal
from pyqmi.session.sim_policy import AppState, CardState, PinState, SimStatus

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "files/www/luci-static/resources"
JS = RESOURCES / "protocol/pyqmi.js"
PAGES = (JS, RESOURCES / "pyqmi/status.js", RESOURCES / "view/status/pyqmi.js")
ACL = REPO / "files/usr/share/rpcd/acl.d/luci-proto-pyqmi.json"
MENU = REPO / "files/usr/share/luci/menu.d/luci-proto-pyqmi.json"
HARNESS = Path(__file__).resolve().parent / "luci_node.js"

# Rendered for every protocol by LuCI's own interface page (nettools.replaceOption), so a
# protocol page must not declare them: LuCI would replace them anyway.
LUCI_CORE = frozenset({"metric", "ip4table", "ip6table", "delegate"})
# Accepted for netifd's sake but without effect in pyqmi: nothing to show.
NOT_SHOWN = frozenset({"renew"})
USER_FACING = frozenset(o.name for o in OPTIONS) - LUCI_CORE - NOT_SHOWN

_TABOPTION = re.compile(
    r"s\.taboption\(\s*'(?P<tab>\w+)'\s*,\s*form\.(?P<cls>\w+)\s*,\s*'(?P<name>\w+)'"
    r"(?P<rest>(?:(?!s\.taboption)[\s\S])*)"
)
_UCIOPTION = re.compile(r"o\.ucioption\s*=\s*'(\w+)'")

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def js_option_names() -> dict[str, str]:
    """UCI option name -> widget class, read from the source text."""
    found: dict[str, str] = {}
    for match in _TABOPTION.finditer(JS.read_text()):
        name = match["name"]
        alias = _UCIOPTION.search(match["rest"])
        if alias:
            name = alias.group(1)
        elif name.startswith("_"):
            continue  # a display-only field (status), not an option
        assert name not in found, f"option {name} is declared twice"
        found[name] = match["cls"]
    return found


def run_page(**request: Any) -> dict[str, Any]:
    request.setdefault("sid", "wwan")
    request.setdefault("file", str(JS))
    result = subprocess.run(
        ["node", str(HARNESS)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def page_options(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["ucioption"] or o["name"]: o for o in out["options"] if o["ucioption"] or
            not o["name"].startswith("_")}  # fmt: skip


STUB = Path(__file__).resolve().parent / "harness/luci-stub.js"


@pytest.mark.parametrize(
    "page", [*PAGES, RESOURCES / "pyqmi/schema.js", STUB], ids=lambda p: str(p.relative_to(REPO))
)
def test_node_accepts_the_syntax(page: Path) -> None:
    result = subprocess.run(
        ["node", "--check", str(page)], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr


def test_protocol_methods_as_luci_asks_them() -> None:
    out = run_page()
    assert out["methods"] == {
        "getI18n": "QMI Cellular (pyqmi)", "getPackageName": "pyqmi", "getOpkgPackage": "pyqmi",
        "isFloating": True, "isVirtual": True, "getDevices": None, "containsDevice": True,
    }  # fmt: skip
    assert out["virtual"] == ["/^pyqmi-.+$/"]


def test_every_error_code_of_the_daemon_is_registered_with_a_text() -> None:
    registered = run_page()["errors"]
    assert set(registered) == set(ALL_CODES)
    for code in ALL_CODES:
        assert registered[code] == TEXTS[code], code
        assert registered[code] != code and len(registered[code]) > 5, code


def test_source_names_only_schema_options_and_every_user_facing_one() -> None:
    names = set(js_option_names())
    schema = {o.name for o in OPTIONS}
    assert names - schema == set(), "the page sets options the daemon does not know"
    assert USER_FACING - names == set(), "user-facing schema options missing from the page"
    assert names & (LUCI_CORE | NOT_SHOWN) == set()


def test_running_page_registers_the_same_options_as_the_source_shows() -> None:
    out = run_page()
    assert out["protocol"] == "pyqmi"
    assert set(page_options(out)) == set(js_option_names())


def test_widgets_defaults_and_ranges_follow_the_schema() -> None:
    options = page_options(run_page())
    for name, widget in options.items():
        option = OPTIONS_BY_NAME[name]
        if option.kind is Kind.BOOL and option.default is not None:
            assert widget["type"] == "Flag", name
            assert widget["default"] == ("1" if option.default else "0"), name
        elif option.kind is Kind.BOOL:  # tri-state: empty keeps the daemon's default
            assert widget["type"] == "ListValue", name
            assert widget["values"] == ["", "1", "0"], name
        elif option.kind is Kind.INT:
            assert widget["datatype"] == f"range({option.minimum},{option.maximum})", name
        elif option.kind is Kind.LIST:  # comma-separated words, checked as typed
            assert widget["type"] == "Value", name
            assert widget["validates"], name
        elif option.choices:
            assert widget["type"] == "ListValue", name
            empty = [""] if option.default in ("", None) else []
            assert widget["values"] == empty + list(option.choices), name
            if option.default not in ("", None):
                assert widget["default"] == option.default, name
        else:
            assert widget["validates"], f"{name}: free text needs a validate function"
        assert widget["password"] == option.secret, name


# (option, value, other form values): the page and the daemon must agree on each.
CASES: list[tuple[str, str, dict[str, str]]] = [
    ("pincode", "1234", {}),
    ("pincode", "12345678", {}),
    ("pincode", "123", {}),
    ("pincode", "123456789", {}),
    ("pincode", "12a4", {}),
    ("pincode", "\uff11\uff12\uff13\uff14", {}),  # full-width digits are not a PIN
    ("apn", "internet", {}),
    ("apn", "web.vodafone.de", {}),
    ("apn", "my apn", {}),
    ("apn", "-internet", {}),
    ("apn", "a" * 101, {}),
    ("v6apn", "ims_v6", {}),
    ("v6apn", "bad/apn", {}),
    ("plmn", "26201", {}),
    ("plmn", "310410", {}),
    ("plmn", "0", {}),
    ("plmn", "2620", {}),
    ("plmn", "26201x", {}),
    ("modes", "lte,umts", {}),
    ("modes", "4g,3g", {}),
    ("modes", "5gnr", {}),
    ("modes", "lte,wimax", {}),
    ("modes", "NR5G, LTE", {}),
    ("device", "/dev/cdc-wdm0", {}),
    ("device", "/dev/wwan0qmi0", {}),
    ("device", "cdc-wdm1", {}),
    ("device", "/dev/cdc wdm0", {}),
    ("device", "dev/cdc-wdm0", {}),
    ("devpath", "/sys/devices/platform/1e1c0000.xhci/usb1/1-2", {"device": "/dev/cdc-wdm0"}),
    ("devpath", "devices/usb1/1-2", {"device": "/dev/cdc-wdm0"}),
    ("mtu", "1500", {"pdptype": "IPV4V6"}),
    ("mtu", "1000", {"pdptype": "IP"}),
    ("mtu", "1000", {"pdptype": "IPV4V6"}),
    ("mtu", "1000", {"pdptype": "ipv6"}),
    ("retry_backoff_max", "60", {"retry_backoff_min": "5"}),
    ("retry_backoff_max", "3", {"retry_backoff_min": "5"}),
    ("retry_backoff_max", "3", {}),
    ("username", "u" * 127, {}),
    ("username", "u" * 128, {}),
    ("password", "p" * 128, {}),
]


def daemon_accepts(option: str, value: str, others: dict[str, str]) -> bool:
    raw = {"device": "/dev/cdc-wdm0", **others, option: value}
    try:
        validate(raw, check_device=False)
    except ConfigError:
        return False
    return True


def test_page_and_daemon_agree_on_every_value() -> None:
    verdicts = []
    for option, value, others in CASES:
        out = run_page(formvalues=others, checks=[{"option": option, "value": value}])
        verdicts.append(out["checks"][0])
    disagreements = [
        (option, value[:20], others, verdict)
        for (option, value, others), verdict in zip(CASES, verdicts, strict=True)
        if (verdict is True) != daemon_accepts(option, value, others)
    ]
    assert disagreements == []
    # A rejection is a sentence for the user, not a bare false.
    assert all(isinstance(v, str) and v for v in verdicts if v is not True)


def test_device_is_required_unless_devpath_is_set() -> None:
    out = run_page(checks=[{"option": "device", "value": ""}])
    assert isinstance(out["checks"][0], str)
    out = run_page(
        formvalues={"devpath": "/sys/devices/usb1/1-2"}, checks=[{"option": "device", "value": ""}]
    )
    assert out["checks"][0] is True


def test_device_picker_lists_only_qmi_control_devices() -> None:
    files = ["ttyUSB2", "cdc-wdm1", "wwan0at0", "wwan0qmi0", "cdc-wdm0", "wwan0", "null"]
    out = run_page(files=files)
    assert out["device_choices"] == ["/dev/cdc-wdm0", "/dev/cdc-wdm1", "/dev/wwan0qmi0"]


def test_stored_aliases_are_shown_in_canonical_spelling() -> None:
    out = run_page(uci={"pdptype": "ipv4v6", "auth": "PAP/CHAP", "data_format": "rawip"})
    shown = {o["name"]: o["canonical"] for o in out["options"]}
    assert shown["pdptype"] == "IPV4V6"
    assert shown["auth"] == "both"
    assert shown["data_format"] == "raw-ip"


def daemon_status() -> dict[str, Any]:
    """A status reply built by the daemon's own builder, mid-way through a bad day."""
    config = validate({"device": "/dev/cdc-wdm0", "apn": "internet"}, check_device=False).config
    facts = Facts(device="/dev/cdc-wdm0", state="backoff")
    facts.identity = {"manufacturer": "Quectel", "model": "EC25"}
    facts.sim = SimStatus(CardState.PRESENT, AppState.READY, PinState.ENABLED_VERIFIED, 3, 10)
    facts.registration = Registration(
        state=RegState.REGISTERED, technology="lte", mcc="262", mnc="01",
        operator="Telekom.de", signal=Signal(rssi=-71, rsrp=-98, rsrq=-11),
    )  # fmt: skip
    facts.settings = {4: CallSettings(4, "10.64.12.7", 30, "10.64.12.8", ("10.74.210.210",))}
    facts.attempts = [
        AttemptRecord(4, "none", "apn", "unknown-apn (3GPP 27)", at=1_700_000_000),
        AttemptRecord(4, "pap", "auth", "user-authentication-failed", at=1_700_000_060),
    ]
    facts.last_error = {"code": "CALL_FAILED", "message": "the network rejected the APN"}
    return status("wwan", config, facts)


def test_status_block_asks_the_daemon_and_shows_what_matters() -> None:
    reply = daemon_status()
    out = run_page(sid="wwan", status=reply)
    assert "pyqmi.wwan.status" in out["rpc"]
    assert out["status_object"] == reply
    text = out["render_text"]
    for fact in ("backoff", "Quectel EC25", "ready, PIN enabled, 3 PIN tries left",
                 "Registered", "Telekom.de", "LTE", "RSRP -98 dBm", "RSRQ -11 dB", "APN internet",
                 "ipv4 10.64.12.7/30 via 10.64.12.8", "CALL_FAILED: Call failed",
                 "rejected the APN", "unknown-apn (3GPP 27)", "user-authentication-failed",
                 "ipv4 / pap"):  # fmt: skip
        assert fact in text, fact
    # Newest attempt first.
    assert text.index("user-authentication-failed") < text.index("unknown-apn")
    assert "undefined" not in text
    assert "[object Object]" not in text
    assert out["polls"] == [5], "the status section refreshes through LuCI's poll loop"


def test_status_block_copes_with_an_early_reply() -> None:
    config = validate({"device": "/dev/cdc-wdm0"}, check_device=False).config
    reply = status("wwan", config, Facts(device="/dev/cdc-wdm0", state="opening"))
    text = run_page(sid="wwan", status=reply)["render_text"]
    assert "opening" in text
    assert "undefined" not in text


def test_status_block_says_when_the_daemon_is_not_there() -> None:
    out = run_page(sid="wwan", status=None)
    assert out["status_object"] is None
    assert "not running" in out["render_text"]


_DECLARE = re.compile(r"object:\s*'([^']+)'(?:\s*\+\s*\w+)?,\s*method:\s*'(\w+)'")


def declared_calls() -> set[str]:
    """object.method of every rpc.declare in the pages; 'pyqmi.' + iface reads as pyqmi.X."""
    found = set()
    for page in PAGES:
        for match in _DECLARE.finditer(page.read_text()):
            obj = match[1] + "X" if match[1].endswith(".") else match[1]
            found.add(f"{obj}.{match[2]}")
    return found


def test_acl_grants_what_the_pages_call() -> None:
    acl = json.loads(ACL.read_text())
    grant = acl["luci-proto-pyqmi"]["read"]
    ubus = grant["ubus"]
    calls = declared_calls()
    assert {"pyqmi.X.status", "file.list", "network.interface.dump"} <= calls
    assert set(run_page(status=daemon_status())["rpc"]) <= calls | {"pyqmi.wwan.status"}
    for called in calls:
        obj, method = called.rsplit(".", 1)
        assert any(
            fnmatch.fnmatchcase(obj, pattern) and method in methods
            for pattern, methods in ubus.items()
        ), called
    assert any(fnmatch.fnmatchcase("/dev/", p) and "list" in m for p, m in grant["file"].items())
    assert "write" not in acl["luci-proto-pyqmi"], "the page only reads"


def test_menu_entry_opens_the_status_view_behind_the_acl() -> None:
    menu = json.loads(MENU.read_text())
    entry = menu["admin/status/pyqmi"]
    assert entry["title"] == "Cellular"
    assert entry["action"] == {"type": "view", "path": "status/pyqmi"}
    assert (RESOURCES / "view" / (entry["action"]["path"] + ".js")).is_file()
    assert entry["depends"]["acl"] == ["luci-proto-pyqmi"]
    assert "luci-proto-pyqmi" in json.loads(ACL.read_text())


@pytest.mark.parametrize(
    ("technology", "cell", "shown"),
    [
        ("lte", None, "LTE"),
        ("lte", {"serving": {"technology": "lte"}, "nr": {"technology": "5gnr"}}, "5G NSA"),
        ("5gnr", {"serving": {"technology": "lte"}, "nr": {"technology": "5gnr"}}, "5G NSA"),
        ("5gnr", {"serving": {"technology": "5gnr", "pci": 501}}, "5G SA"),
        ("5gnr", None, "5G NR"),  # the cells are not read yet: SA or NSA is not known
        ("umts", None, "UMTS (3G)"),
    ],
)
def test_technology_words(technology: str, cell: dict[str, Any] | None, shown: str) -> None:
    reply: dict[str, Any] = {"state": "connected", "registration": {"state": "registered",
                             "technology": technology, "signal": {}}}  # fmt: skip
    if cell is not None:
        reply["cell"] = cell
    text = run_page(status=reply)["render_text"]
    assert f"Technology {shown} " in text


@pytest.mark.parametrize(
    ("sim", "shown"),
    [
        ({"card": "present", "application": "ready", "pin1": "disabled"}, "ready, PIN disabled"),
        ({"card": "present", "application": "pin1_or_upin_pin_required",
          "pin1": "enabled_not_verified", "pin1_retries": 2}, "PIN required, PIN enabled, 2 PIN"),
        ({"card": "present", "application": "puk1_or_puk_required", "pin1": "blocked",
          "pin1_retries": 0, "puk1_retries": 9},
         "PUK required (SIM blocked), 0 PIN tries left, 9 PUK"),
        ({"card": "absent", "application": "unknown"}, "no SIM card"),
    ],
)  # fmt: skip
def test_sim_words(sim: dict[str, Any], shown: str) -> None:
    """The SIM's state in words, for the application names of UIM and of DMS."""
    text = run_page(status={"state": "sim", "sim": sim})["render_text"]
    assert f"SIM {shown}" in text
