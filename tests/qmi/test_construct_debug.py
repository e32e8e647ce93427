"""construct's debugging helpers load only when used (``pyqmi.qmi``'s stand-in)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pdb", "bdb", "inspect", "dis", "ast", "pprint")


def _run(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_decoding_loads_no_debugger_and_probe_still_works() -> None:
    code = (
        "import json, sys\n"
        "from pyqmi.qmi import catalog, codec\n"
        "from pyqmi.qmi.frame import Kind\n"
        "frame = codec.build(catalog.get('dms', 'get_model'), Kind.RESPONSE, {'model': 'X1'})\n"
        "model = codec.decode_bytes(frame).values['model']\n"
        f"before = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "import construct\n"
        "probe = construct.Probe(lookahead=4)\n"
        "debugger = construct.Debugger(construct.Byte)\n"
        "print(json.dumps({'model': model, 'before': before, 'probe': type(probe).__module__,\n"
        "    'debugger': debugger.parse(b'\\x07'), 'pdb': 'pdb' in sys.modules,\n"
        "    'real': type(sys.modules['construct.debug'].Probe).__name__}))\n"
    )
    out = _run(code)
    assert out["model"] == "X1"
    assert out["before"] == []
    assert out["probe"] == "construct.debug"  # the real class, loaded on first use
    assert out["debugger"] == 7
    assert out["pdb"] is True
    assert out["real"] != "function"


def test_construct_imported_first_keeps_its_own_debug_module() -> None:
    code = (
        "import json, sys, construct, pyqmi.qmi.codec\n"
        "print(json.dumps({'probe': isinstance(construct.Probe, type),\n"
        "    'same': sys.modules['construct.debug'].Probe is construct.Probe}))\n"
    )
    assert _run(code) == {"probe": True, "same": True}
