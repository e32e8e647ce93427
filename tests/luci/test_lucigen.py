"""The LuCI pages' rules and error texts come from the schema: the generated data module is
current, nothing in the pages re-declares a rule, and the running page follows whatever the
module says.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pyqmi import frozen
from pyqmi.config import OPTIONS, OPTIONS_BY_NAME, lucigen
from pyqmi.config.errors import ERROR_CODES
from pyqmi.config.lucigen import main, render_module
from pyqmi.config.schema import CONTROL_NAME, IPV6_MIN_MTU
from pyqmi.session.error_texts import ALL_CODES, TEXTS
from pyqmi.session.errors import ErrorCode

from .test_luci_node import JS, PAGES, RESOURCES, run_page

SCHEMA_JS = RESOURCES / "pyqmi/schema.js"
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def table(text: str, name: str) -> dict[str, object]:
    """One generated table (options or errors) of the module, parsed as JSON."""
    start = text.index(f"\t{name}: {{") + len(f"\t{name}: ")
    end = text.index("\n\t}", start) + 3
    parsed: dict[str, object] = json.loads(text[start:end])
    return parsed


def test_the_module_is_current() -> None:
    assert SCHEMA_JS.read_text() == render_module(), "run: python -m pyqmi.config.lucigen"
    assert main(["--check", str(SCHEMA_JS)]) == 0


def test_the_module_is_the_schema() -> None:
    text = SCHEMA_JS.read_text()
    rules = table(text, "options")
    assert list(rules) == [o.name for o in OPTIONS]
    apn = rules["apn"]
    assert isinstance(apn, dict)
    assert apn["pattern"] == OPTIONS_BY_NAME["apn"].pattern and apn["max_length"] == 100
    assert rules["pdptype"] == {
        "kind": "string", "default": "IP", "choices": ["IP", "IPV6", "IPV4V6"],
        "aliases": OPTIONS_BY_NAME["pdptype"].alias_map,
    }  # fmt: skip
    assert rules["pincode"] == {"kind": "string", "pattern": "[0-9]{4,8}"}  # never a value
    assert f"\tcontrolName: {json.dumps(CONTROL_NAME)}," in text
    assert f"\tipv6MinMtu: {IPV6_MIN_MTU}," in text


def test_every_error_code_has_one_text_and_every_text_a_code() -> None:
    assert set(ALL_CODES) == set(ERROR_CODES) | {str(c) for c in ErrorCode}
    assert set(TEXTS) == set(ALL_CODES)
    errors = table(SCHEMA_JS.read_text(), "errors")
    assert errors == {code: TEXTS[code] for code in ALL_CODES}
    assert all(isinstance(t, str) and t and t != code for code, t in errors.items())


def test_no_rule_is_declared_by_hand_in_the_pages() -> None:
    for page in PAGES:
        rest = page.read_text()
        # The one literal regex: the virtual interface name netifd gives a pyqmi link.
        rest = rest.replace("network.registerPatternVirtual(/^pyqmi-.+$/);", "")
        assert not re.search(r"/\^", rest), f"{page.name}: a regex literal: use schema.options"
        assert not re.search(r"'range\(\d", rest), f"{page.name}: a literal range: use range(name)"
        for option in OPTIONS:
            # The status module words the daemon's technology names, some of which are
            # also spellings the modes option accepts; the form's aliases are the module's.
            for alias, _ in option.aliases if page == JS else ():
                assert f"'{alias}'" not in rest and f" {alias}:" not in rest, alias
            if option.pattern:
                assert option.pattern not in rest, option.name
        for limit in ("1280", "127", "255", "253", "1024", "3600", "86400", "10000"):
            assert not re.search(rf"\b{limit}\b", rest), f"{page.name}: {limit}"
        for code in ALL_CODES:  # the texts are the module's, registered in a loop
            assert f"registerErrorCode('{code}'" not in rest, code


def test_lucigen_check_and_rewrite(tmp_path: Path) -> None:
    stale = tmp_path / "schema.js"
    stale.write_text(SCHEMA_JS.read_text().replace('"max_length": 100', '"max_length": 99', 1))
    assert main(["--check", str(stale)]) == 1
    assert main([str(stale)]) == 0
    assert stale.read_text() == SCHEMA_JS.read_text()
    assert main(["--check", str(stale)]) == 0


def test_lucigen_names_a_path_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--check", str(tmp_path / "no-such-dir" / "schema.js")]) == 2
    assert "no-such-dir" in capsys.readouterr().err


@needs_node
def test_the_running_page_follows_the_module(
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
    root = tmp_path / "resources"
    shutil.copytree(RESOURCES, root)
    (root / "pyqmi/schema.js").write_text(lucigen.render_module())
    checks = [{"option": "apn", "value": "internet"}, {"option": "modes", "value": "lte-only"}]
    out = run_page(file=str(root / "protocol/pyqmi.js"), resources=str(root), checks=checks)
    assert out["checks"] == ["Too long (at most 5 characters)", True]
    widgets = {o["name"]: o for o in out["options"]}
    assert widgets["profile"]["datatype"] == "range(2,255)"
    unchanged = run_page(checks=checks)["checks"]  # the page as shipped
    assert unchanged[0] is True and isinstance(unchanged[1], str)
