"""The import guard: a module the router lacks is not found, exactly as there."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from router import guard as guard_module
from router import openwrt_python_split as split
from router.guard import GuardError, Policy, install, policy_for, policy_from_makefile, uninstall
from router.harness import MAKEFILE, guarded, read_trace, run_guarded

R2410 = split.RELEASES["24.10"]
LIGHT_ONLY = "+python3-light"


def test_policy_follows_the_split_table() -> None:
    policy = policy_for({"python3-light", "python3-asyncio", "python3-construct"}, R2410)
    assert policy.verdict("asyncio.events") is None
    assert policy.verdict("json") is None
    assert policy.verdict("pathlib") is None
    assert "python3-urllib" in (policy.verdict("urllib.parse") or "")
    assert "python3-openssl" in (policy.verdict("_ssl") or "")
    assert "installs it in no package" in (policy.verdict("tkinter") or "")
    assert policy.verdict("construct.core") is None
    assert policy.verdict("hypothesis") == "no declared package installs it"
    assert policy.verdict("typing_extensions") == "no declared package installs it"


def test_declaring_a_package_pulls_in_its_dependencies() -> None:
    policy = policy_for({"python3-light", "python3-urllib"}, R2410)
    assert policy.verdict("urllib.parse") is None
    assert policy.verdict("email.message") is None  # python3-urllib depends on python3-email


def test_project_modules_follow_the_makefile_split() -> None:
    policy = policy_from_makefile(str(MAKEFILE), "pyqmi", R2410)
    assert policy.verdict("pyqmi.daemon.runner") is None
    assert "pyqmi-sim" in (policy.verdict("pyqmi.sim.cli") or "")
    sim = policy_from_makefile(str(MAKEFILE), "pyqmi-sim", R2410)
    assert sim.verdict("pyqmi.sim.cli") is None
    assert sim.verdict("pyqmi.daemon.runner") is None  # pyqmi-sim depends on pyqmi


def test_an_unknown_python_package_is_an_error() -> None:
    with pytest.raises(GuardError, match="python3-frobnicate"):
        policy_for({"python3-light", "python3-frobnicate"}, R2410)


def test_a_builtin_module_is_blocked_too() -> None:
    """Importers of builtin modules sit inside the guard: a split-out builtin is not found."""
    name = next(
        n for n in ("xxsubtype", "_symtable", "_tracemalloc") if n in sys.builtin_module_names
    )
    assert name not in sys.modules or pytest.skip(f"{name} is already imported here")
    fake = split.Release(
        "test", "test", "0" * 40, R2410.python,
        {"python3-fake": split.SplitPackage("python3-fake", frozenset({name}))},
        frozenset(),
    )  # fmt: skip
    install(Policy(fake, frozenset({"python3-light"})))
    try:
        assert importlib.util.find_spec(name) is None
        with pytest.raises(ModuleNotFoundError) as info:
            importlib.import_module(name)
        assert info.value.name == name
        assert str(info.value) == f"No module named {name!r}"
    finally:
        uninstall()
    assert importlib.import_module(name).__name__ == name
    sys.modules.pop(name, None)


def test_install_refuses_when_a_blocked_module_is_loaded_already() -> None:
    assert "json" in sys.modules or importlib.import_module("json")
    fake = split.Release(
        "test", "test", "0" * 40, R2410.python,
        {"python3-json": split.SplitPackage("python3-json", frozenset({"json"}))},
        frozenset(),
    )  # fmt: skip
    with pytest.raises(GuardError, match="json"):
        install(Policy(fake, frozenset({"python3-light"})))
    assert not guard_module._INSTALLED


PROBE = """
import importlib.util, json, sys
out = {}
for name in sys.argv[1:]:
    try:
        __import__(name)
        out[name] = "ok"
    except ModuleNotFoundError as exc:
        out[name] = ["ModuleNotFoundError", exc.name, str(exc)]
out["find_spec urllib"] = importlib.util.find_spec("urllib") is None
print(json.dumps(out))
"""


def probe(
    *modules: str, depends: str | None = None, makefile: Path | None = None
) -> dict[str, object]:
    done = run_guarded(guarded("-c", PROBE, *modules, depends=depends, makefile=makefile))
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_missing_modules_fail_as_on_the_router() -> None:
    out = probe("urllib.parse", "ssl", "asyncio", "hashlib", "hypothesis", "construct", "tkinter")
    assert out["urllib.parse"] == ["ModuleNotFoundError", "urllib", "No module named 'urllib'"]
    assert out["ssl"] == ["ModuleNotFoundError", "_ssl", "No module named '_ssl'"]
    assert out["asyncio"][0] == "ModuleNotFoundError"  # type: ignore[index]  # pyqmi.loop instead
    assert out["hashlib"] == "ok"  # falls back to the builtin _sha* modules
    assert out["hypothesis"][0] == "ModuleNotFoundError"  # type: ignore[index]
    assert out["construct"] == "ok"
    assert out["tkinter"][0] == "ModuleNotFoundError"  # type: ignore[index]
    assert out["find_spec urllib"] is True


def test_fallbacks_still_work_without_openssl_and_lzma() -> None:
    code = (
        "import hashlib, shutil, asyncio.base_events as b\n"
        "assert hashlib.sha256(b'x').hexdigest().startswith('2d711642')\n"
        "assert b.ssl is None\n"
        "assert 'xztar' not in [f for f, _ in shutil.get_archive_formats()]\n"
        "print('fine')\n"
    )
    depends = "+python3-light +python3-asyncio +python3-logging"  # pyqmi-sim's asyncio
    done = run_guarded(guarded("-c", code, depends=depends))
    assert done.returncode == 0 and done.stdout.strip() == "fine", done.stderr


def test_the_makefile_decides(tmp_path: Path) -> None:
    """Edit DEPENDS and the outcome changes: the guard reads the Makefile, not a copy."""
    text = MAKEFILE.read_text()
    more = tmp_path / "more.mk"
    more.write_text(text.replace("+python3-light", "+python3-light +python3-urllib", 1))
    less = tmp_path / "less.mk"
    less.write_text(text.replace("+python3-logging", "", 1))
    assert probe("urllib.parse")["urllib.parse"][0] == "ModuleNotFoundError"  # type: ignore[index]
    assert probe("urllib.parse", "email", makefile=more) == {
        "urllib.parse": "ok", "email": "ok", "find_spec urllib": False
    }  # fmt: skip
    assert probe("logging")["logging"] == "ok"
    assert probe("logging", makefile=less)["logging"][0] == "ModuleNotFoundError"  # type: ignore[index]


def test_depends_override_and_trace(tmp_path: Path) -> None:
    trace = tmp_path / "trace.json"
    code = "import asyncio\ntry:\n    import decimal\nexcept ImportError:\n    pass\n"
    depends = "+python3-light +python3-asyncio +python3-logging"
    done = run_guarded(guarded("-c", code, trace=trace, depends=depends))
    assert done.returncode == 0, done.stderr
    record = read_trace(trace)
    assert record["release"] == split.release_for(sys.version_info[:2]).name
    assert "python3-decimal" in record["blocked"]["decimal"]
    assert "_ssl" in record["blocked"]
    assert set(record["loaded_split"]) == {"python3-asyncio", "python3-logging"}


def test_python3_asyncio_alone_is_not_enough() -> None:
    """python3-asyncio's DEPENDS lacks python3-logging, yet asyncio imports logging (through
    concurrent.futures): a package must declare both."""
    out = probe("asyncio", depends="+python3-light +python3-asyncio")
    assert out["asyncio"] == ["ModuleNotFoundError", "logging", "No module named 'logging'"]
