"""``session/`` is pure: no module in it imports anything that does I/O or reads a clock."""

from __future__ import annotations

import ast
import os

import pyqmi.session

FORBIDDEN = {
    "asyncio",
    "os",
    "pathlib",
    "random",
    "select",
    "selectors",
    "shutil",
    "socket",
    "subprocess",
    "threading",
    "time",
    "pyqmi.daemon",
    "pyqmi.netifd.bus",
    "pyqmi.netifd.status",
    "pyqmi.transport",
}


def imported(path: str) -> set[str]:
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_session_module_imports_io() -> None:
    folder = os.path.dirname(pyqmi.session.__file__)
    modules = sorted(f for f in os.listdir(folder) if f.endswith(".py"))
    assert "link.py" in modules
    for name in modules:
        for module in imported(os.path.join(folder, name)):
            hit = {f for f in FORBIDDEN if module == f or module.startswith(f + ".")}
            assert not hit, f"session/{name} imports {module}"
