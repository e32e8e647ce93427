"""The LuCI page's rules come from the schema: the generated block is current, nothing outside
it re-declares a rule, and the running page follows whatever the block says.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pyqmi import frozen
from pyqmi.config import OPTIONS, OPTIONS_BY_NAME, lucigen
from pyqmi.config.lucigen import BEGIN, END, main, render_block, update_text
from pyqmi.config.schema import CONTROL_NAME, IPV6_MIN_MTU

from .test_luci_js import JS, run_page

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def outside_block(text: str) -> str:
    return text[: text.index(BEGIN)] + text[text.index(END) + len(END) :]


def test_the_page_holds_the_current_block() -> None:
    text = JS.read_text()
    assert update_text(text) == text, "run: python -m pyqmi.config.lucigen"
    assert "\n".join(render_block()) in text
    assert main(["--check", str(JS)]) == 0


def test_the_block_is_the_schema() -> None:
    text = JS.read_text()
    block = text[text.index(BEGIN) : text.index(END)]
    body = block[block.index("var OPTIONS = ") + len("var OPTIONS = ") : block.index("};") + 1]
    rules = json.loads(body)
    assert list(rules) == [o.name for o in OPTIONS]
    apn = rules["apn"]
    assert apn["pattern"] == OPTIONS_BY_NAME["apn"].pattern and apn["max_length"] == 100
    assert rules["pdptype"]["aliases"]["dual"] == "IPV4V6"
    assert rules["modes"]["choices"] == list(OPTIONS_BY_NAME["modes"].choices)
    assert (rules["timeout"]["minimum"], rules["timeout"]["maximum"]) == (0, 3600)
    assert rules["pincode"] == {"kind": "string", "pattern": "[0-9]{4,8}"}  # never a value
    assert f"var CONTROL_NAME = {json.dumps(CONTROL_NAME)};" in block
    assert f"var IPV6_MIN_MTU = {IPV6_MIN_MTU};" in block


def test_no_rule_is_declared_by_hand_outside_the_block() -> None:
    rest = outside_block(JS.read_text())
    assert not re.search(r"/\^", rest), "a regex literal: use the block's patterns"
    assert not re.search(r"'range\(\d", rest), "a literal range: use range(name)"
    for option in OPTIONS:
        for alias, _ in option.aliases:
            assert f"'{alias}'" not in rest and f" {alias}:" not in rest, alias
        if option.pattern:
            assert option.pattern not in rest, option.name
    for limit in ("1280", "127", "255", "1024", "3600", "86400", "10000"):
        assert not re.search(rf"\b{limit}\b", rest), limit


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"max_length": 100', '"max_length": 99'),  # a limit changed by hand
        ('"dual": "IPV4V6", ', ""),  # an alias lost
        ("var IPV6_MIN_MTU = 1280;", "var IPV6_MIN_MTU = 1000;"),
    ],
)
def test_lucigen_check_and_rewrite(tmp_path: Path, old: str, new: str) -> None:
    stale = tmp_path / "pyqmi.js"
    assert old in JS.read_text()
    stale.write_text(JS.read_text().replace(old, new, 1))
    assert main(["--check", str(stale)]) == 1
    assert main([str(stale)]) == 0
    assert stale.read_text() == JS.read_text()
    assert main(["--check", str(stale)]) == 0


def test_lucigen_refuses_a_file_without_markers(tmp_path: Path) -> None:
    broken = tmp_path / "pyqmi.js"
    broken.write_text("'use strict';\n")
    assert main(["--check", str(broken)]) == 2


@needs_node
def test_the_running_page_follows_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A schema edit, regenerated, changes the page's verdicts with no other edit."""
    changed = tuple(
        frozen.replace(o, max_length=5) if o.name == "apn" else
        frozen.replace(o, aliases=(*o.aliases, ("lte-only", "lte"))) if o.name == "modes" else
        frozen.replace(o, minimum=2) if o.name == "profile" else o
        for o in OPTIONS
    )  # fmt: skip
    monkeypatch.setattr(lucigen, "OPTIONS", changed)
    page = tmp_path / "pyqmi.js"
    page.write_text(update_text(JS.read_text()))
    checks = [{"option": "apn", "value": "internet"}, {"option": "modes", "value": "lte-only"}]
    out = run_page(file=str(page), checks=checks)
    assert out["checks"] == ["Too long (at most 5 characters)", True]
    widgets = {o["name"]: o for o in out["options"]}
    assert widgets["profile"]["datatype"] == "range(2,255)"
    unchanged = run_page(checks=checks)["checks"]  # the page as shipped
    assert unchanged[0] is True and isinstance(unchanged[1], str)
