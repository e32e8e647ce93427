"""Both LuCI pages in a real browser: headless Chromium renders the protocol page and the
Cellular status page inside the LuCI stand-in (harness/), against three canned modems.

The test clicks the tabs with real mouse events, types a bad value into a field and reads
the message the page shows, and checks the status rendering for a connected (5G NSA), a
searching and a PIN-locked modem, and that a poll re-renders a changed status. Screenshots
go to $PYQMI_SCREENSHOTS (default: the test's temporary directory);
``PYQMI_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/luci/test_browser.py`` refreshes
the committed ones. Without chromium the tests skip, which CI=true turns into a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pyqmi.session.error_texts import ALL_CODES, TEXTS

from .browser import Chromium, Server
from .modems import MODEMS, interfaces
from .test_luci_node import USER_FACING

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "docs/screenshots"
BINARY = shutil.which("chromium") or shutil.which("chromium-browser")
UCI = {"device": "/dev/cdc-wdm0", "apn": "three.co.uk", "pdptype": "ipv4v6"}
DEV_FILES = ["cdc-wdm0", "ttyUSB2", "wwan0qmi0", "null"]
SCREENSHOT_NAMES = ("luci-protocol.png", "luci-protocol-validation.png", "luci-status.png")

needs_chromium = pytest.mark.skipif(
    BINARY is None, reason="chromium is not installed (apt-get install chromium)"
)


def answer(reply: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
    """A canned ubus method: the same reply whatever the parameters."""
    return lambda _params: reply


class Pages:
    """The server, the browser and the screenshot directory of one test module."""

    def __init__(self, server: Server, browser: Chromium, shots: Path) -> None:
        self.server = server
        self.browser = browser
        self.shots = shots

    def set_modems(self, replies: dict[str, dict[str, Any]]) -> None:
        for iface, reply in replies.items():
            self.server.objects[f"pyqmi.{iface}.status"] = answer(reply)

    def open(self, query: str) -> None:
        self.browser.navigate(f"{self.server.url}/harness/index.html?{query}")
        ready = self.browser.evaluate(
            "Promise.race([window.harness.ready,"
            " new Promise(function(r) { setTimeout(function() { r('timeout'); }, 10000); })])"
        )
        failures = self.browser.evaluate("window.harness.failures")
        assert ready is True and failures == [], (ready, failures)

    def js(self, expression: str) -> Any:
        return self.browser.evaluate(expression)

    def status_rows(self, iface: str) -> dict[str, str]:
        """key -> text of the status table rows shown for iface."""
        rows: dict[str, str] = self.js(
            f"(function() {{ var out = {{}}; document.querySelectorAll("
            f"'.pyqmi-live[data-interface={iface}] .pyqmi-facts tr[data-key]').forEach("
            "function(tr) { out[tr.getAttribute('data-key')] = tr.cells[1].innerText; });"
            " return out; })()"
        )
        return rows

    def bars(self, iface: str) -> str:
        value: str = self.js(
            f"document.querySelector('.pyqmi-live[data-interface={iface}] .pyqmi-bars')"
            ".getAttribute('data-bars')"
        )
        return value


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pages]:
    if BINARY is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    shots = Path(os.environ.get("PYQMI_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    shots.mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium")
    server = Server({"uci": UCI})
    server.objects["file.list"] = lambda params: {
        "entries": [{"name": n, "type": "file"} for n in DEV_FILES]
    }
    server.objects["network.interface.dump"] = lambda _params: interfaces()
    with server:
        browser = Chromium(BINARY, profile)
        try:
            browser.open_page(1024, 900)
            p = Pages(server, browser, shots)
            p.set_modems({iface: build() for iface, build in MODEMS.items()})
            yield p
        finally:
            browser.close()
    assert server.denied == [], "the pages called what the rpcd ACL does not grant"


def visible_rows(p: Pages, tab: str) -> list[str]:
    names: list[str] = p.js(
        f"Array.from(document.querySelectorAll('.cbi-tabcontainer[data-tab={tab}] .cbi-value'))"
        ".filter(function(r) { return r.offsetParent !== null; })"
        ".map(function(r) { return r.getAttribute('data-name'); })"
    )
    return names


@needs_chromium
def test_protocol_page_tabs_fields_and_validation(pages: Pages) -> None:
    p = pages
    p.open("page=protocol&iface=wwan")
    registered = p.js("window.harness.errors")
    assert registered == {code: TEXTS[code] for code in ALL_CODES}
    assert p.js("window.harness.virtual") == ["/^pyqmi-.+$/"]
    assert p.js("window.harness.proto.getI18n()") == "QMI Cellular (pyqmi)"

    # The general tab is open; the fields and their stored values.
    assert p.js("document.querySelector('.cbi-section-node').dataset.activeTab") == "general"
    general = visible_rows(p, "general")
    assert general[:4] == ["_pyqmi_status", "device", "apn", "pincode"]
    assert {"auth", "username", "password", "pdptype", "v6apn", "modes", "plmn"} <= set(general)
    assert visible_rows(p, "advanced") == []
    field = "document.querySelector('.cbi-value[data-name=%s] %s')"
    assert p.js(field % ("apn", "input") + ".value") == "three.co.uk"
    assert p.js(field % ("pincode", "input") + ".type") == "password"
    assert p.js(field % ("pdptype", "select") + ".value") == "IPV4V6"  # stored as ipv4v6
    devices = p.js(
        "Array.from(document.querySelectorAll('#list-_modem_device option')).map(o => o.value)"
    )
    assert devices == ["/dev/cdc-wdm0", "/dev/wwan0qmi0"]
    assert p.status_rows("wwan")["technology"] == "5G NSA"
    p.browser.screenshot(p.shots / "luci-protocol.png")

    # A bad APN: the page says why, under the field; a good one clears it.
    apn = ".cbi-value[data-name=apn] input"
    error = "document.querySelector('.cbi-value[data-name=%s] .cbi-value-error').innerText"
    p.browser.type_into(apn, "my apn!")
    assert p.js(error % "apn") == 'Only letters, digits, ".", "-" and "_" (no spaces)'
    assert p.js(f"document.querySelector('{apn}').classList.contains('cbi-input-invalid')")
    p.browser.type_into(apn, "web.vodafone.de")
    assert p.js(error % "apn") == ""

    # The advanced tab, by a real click; its limits come from the schema.
    p.browser.click(".cbi-tabmenu li[data-tab=advanced] a")
    assert p.js("document.querySelector('.cbi-section-node').dataset.activeTab") == "advanced"
    assert visible_rows(p, "general") == []
    advanced = visible_rows(p, "advanced")
    assert {"devpath", "mtu", "data_format", "retry_backoff_max", "stall_check", "proxy"} <= set(
        advanced
    )
    p.browser.type_into(".cbi-value[data-name=mtu] input", "1000")
    assert p.js(error % "mtu") == "IPv6 needs an MTU of at least 1280"
    p.browser.type_into(".cbi-value[data-name=retry_backoff_min] input", "0")
    assert p.js(error % "retry_backoff_min") == "Expecting: value between 1 and 3600"
    # Switching the fallbacks off hides the two that depend on them.
    assert {"fallback_pdp", "fallback_auth"} <= set(advanced)
    p.browser.click(".cbi-value[data-name=fallback] input")
    assert {"fallback_pdp", "fallback_auth"} & set(visible_rows(p, "advanced")) == set()
    p.browser.screenshot(p.shots / "luci-protocol-validation.png")

    # Back to the general tab: the bad APN value was replaced, the field kept its value.
    p.browser.click(".cbi-tabmenu li[data-tab=general] a")
    assert p.js("document.querySelector('.cbi-section-node').dataset.activeTab") == "general"
    assert p.js(field % ("apn", "input") + ".value") == "web.vodafone.de"

    # Every option a user sets is on the page, in one of the two tabs, once.
    rows = p.js(
        "Array.from(document.querySelectorAll('.cbi-value')).map(r => r.getAttribute('data-name'))"
    )
    assert len(rows) == len(set(rows))
    assert set(rows) - {"_pyqmi_status"} == USER_FACING


@needs_chromium
def test_protocol_status_section_follows_the_daemon(pages: Pages) -> None:
    p = pages
    p.open("page=protocol&iface=wwan")
    rows = p.status_rows("wwan")
    assert rows["registration"] == "Registered"
    assert p.bars("wwan") == "3"
    assert p.js("window.harness.polls.length") == 1
    # The daemon now reports a search; one turn of the poll loop shows it.
    asked = len(p.server.calls)
    p.set_modems({"wwan": MODEMS["lte2"]()})
    try:
        assert p.js("window.harness.tick()") == 1
        assert ("pyqmi.wwan", "status") in p.server.calls[asked:]
        rows = p.status_rows("wwan")
        assert rows["registration"] == "Searching"
        assert p.bars("wwan") == "0"
        assert "NETWORK_REGISTRATION_FAILED: Not registered to the network in time" in rows["error"]
    finally:
        p.set_modems({"wwan": MODEMS["wwan"]()})
    # The dialog closes: its poll function takes itself out on the next turn.
    p.js("document.querySelector('.modal').remove()")
    assert p.js("window.harness.tick().then(() => window.harness.polls.length)") == 0


@needs_chromium
def test_cellular_status_page_shows_the_three_modems(pages: Pages) -> None:
    p = pages
    p.open("page=status")
    shown = p.js(
        "Array.from(document.querySelectorAll('.cbi-section[data-interface]'))"
        ".map(s => s.getAttribute('data-interface'))"
    )
    assert shown == ["wwan", "lte2", "lte3"], "only the pyqmi interfaces, in netifd's order"

    up = p.status_rows("wwan")
    assert up["state"] == "connected"
    assert up["modem"] == "Quectel RM520N-GL, RM520NGLAAR03, /dev/cdc-wdm0"
    assert up["sim"] == "ready, PIN disabled, 3 PIN tries left"
    assert up["registration"] == "Registered"
    assert up["operator"] == "3 UK"
    assert up["technology"] == "5G NSA"
    assert up["signal"] == "RSSI -68 dBm, RSRP -95 dBm, RSRQ -9 dB, SNR 13.5 dB"
    assert p.bars("wwan") == "3"
    assert up["cell"].startswith("LTE, Cell ID 1846590, TAC 15437, EARFCN 6300, Band B20, PCI 257")
    assert up["cell"].endswith("(read 3 s ago)")
    nr = "NR, Cell ID 472727041, TAC 15437, NR-ARFCN 632448, Band n78, PCI 501"
    assert up["nr"].startswith(nr)
    assert "PCI\tRSRP" in up["neighbours"] and "311\t-111 dBm\t-17 dB" in up["neighbours"]
    assert up["addresses"] == "ipv4 10.64.12.7/30 via 10.64.12.8, DNS 10.74.210.210"
    attempts = p.js(
        "Array.from(document.querySelectorAll('.pyqmi-live[data-interface=wwan] .pyqmi-attempt'))"
        ".map(tr => Array.from(tr.cells).map(td => td.innerText))"
    )
    assert [a[1:] for a in attempts] == [
        ["ipv4 / none", "connected", "-"],
        ["ipv4 / none", "pdp_type_rejected", "unknown-pdp (3GPP 28)"],
    ], "newest first, with the network's reason"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", a[0]) for a in attempts)

    searching = p.status_rows("lte2")
    assert searching["state"] == "registering"
    assert searching["registration"] == "Searching"
    assert searching["operator"] == "-"
    assert searching["signal"] == "RSSI -109 dBm"
    assert p.bars("lte2") == "0"
    assert searching["error"].startswith("NETWORK_REGISTRATION_FAILED: Not registered")
    assert "cell" not in searching

    locked = p.status_rows("lte3")
    assert locked["state"] == "failed"
    assert locked["sim"] == "PIN required, PIN enabled, 3 PIN tries left"
    assert locked["registration"] == "-" and locked["technology"] == "-"
    assert p.bars("lte3") == "none"
    assert locked["error"] == (
        "PIN_REQUIRED: The SIM needs a PIN: set the PIN: "
        "the SIM asks for its PIN and option pincode is not set"
    )
    netifd = p.js(
        "document.querySelector('.cbi-section[data-interface=lte3] .pyqmi-netifd').innerText"
    )
    assert netifd == "Interface: down \u2014 error: The SIM needs a PIN: set the PIN (PIN_REQUIRED)"

    text = p.js("document.body.innerText")
    assert "undefined" not in text and "[object Object]" not in text and "NaN" not in text
    assert "lan" not in shown
    p.browser.screenshot(p.shots / "luci-status.png")

    # One turn of the poll loop asks every daemon again.
    asked = len(p.server.calls)
    assert p.js("window.harness.tick()") == 1
    polled = {obj for obj, _ in p.server.calls[asked:]}
    assert polled == {"network.interface", "pyqmi.wwan", "pyqmi.lte2", "pyqmi.lte3"}


def test_committed_screenshots_and_the_readme_show_the_pages() -> None:
    for name in SCREENSHOT_NAMES:
        data = (SHOTS / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, name
    readme = (REPO / "README.md").read_text()
    assert "docs/screenshots/luci-status.png" in readme


def test_the_canned_modems_are_json_as_ubus_carries_it() -> None:
    for build in MODEMS.values():
        reply = build()
        assert json.loads(json.dumps(reply)) == reply
