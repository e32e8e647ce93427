"""The typed message modules (``pyqmi.qmi.typed.<service>``), generated from the catalog.

``python -m pyqmi.qmi.typegen [--check]`` writes ``src/pyqmi/qmi/typed/{ctl,dms,nas,uim,
wda,wds}.py`` from the catalog modules; with ``--check`` it writes nothing and exits 1 when
a file is out of date (tests/qmi/test_typed_generated.py runs it), so a catalog edit that
was not carried over cannot go unnoticed.  ``model`` turns layouts into types and names,
``render`` writes the text.  Why generate at all: see ``pyqmi.qmi.typed``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from pyqmi.qmi.catalog import ctl, dms, nas, uim, wda, wds
from pyqmi.qmi.typegen.model import service_model
from pyqmi.qmi.typegen.render import render

CATALOGS = (ctl, dms, nas, uim, wda, wds)
TYPED_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "typed")


def generated() -> dict[str, str]:
    """Path of each generated module -> the text it should have."""
    out = {}
    for module in CATALOGS:
        model = service_model(module)
        out[os.path.join(TYPED_DIR, f"{model.service}.py")] = render(model)
    return out


def stale() -> list[str]:
    """The generated modules whose text on disk differs from what the catalog gives."""
    out = []
    for path, text in generated().items():
        try:
            with open(path, encoding="utf-8") as file:
                current = file.read()
        except FileNotFoundError:
            current = None
        if current != text:
            out.append(path)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pyqmi.qmi.typegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report stale modules")
    args = parser.parse_args(argv)
    outdated = stale()
    if args.check:
        for path in outdated:
            print(f"typegen: {path} is out of date; run python -m pyqmi.qmi.typegen",
                  file=sys.stderr)  # fmt: skip
        return 1 if outdated else 0
    texts = generated()
    for path in outdated:
        with open(path, "w", encoding="utf-8") as file:
            file.write(texts[path])
        print(f"typegen: wrote {path}")
    return 0
