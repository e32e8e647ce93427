"""Usage errors as one line: an ``argparse`` parser whose errors are a single sentence.

argparse's own ``error()`` prints the whole usage block and then the message; a script or a
router owner reading ``logread`` gets several lines for one mistake.  ``OneLineParser``
prints ``PROG: MESSAGE (see PROG --help)`` and exits with status 2, the usual status for
bad usage.  Subparsers made from it are of the same class, so every subcommand behaves
alike.  ``BadInput`` is what a command raises for a value argparse could not check (an
APN, a device path); ``fail(prog, exc)`` prints it the same way and returns 2.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Coroutine
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")

USAGE = 2  # exit status for bad usage or bad input


class BadInput(ValueError):
    """A value the command cannot use; its text is the one line shown."""


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def fail(prog: str, exc: BaseException | str) -> int:
    """Print one line naming the bad input; the exit status for it."""
    text = " ".join(str(exc).split())  # one line, whatever the message held
    print(f"{prog}: {text}", file=sys.stderr)
    return USAGE


def non_negative_float(text: str) -> float:
    """argparse ``type=``: a finite number that is 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of 0 or more, got {text!r}")
    return value


def positive_float(text: str) -> float:
    """argparse ``type=``: a finite number above 0 (a timeout)."""
    value = non_negative_float(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text!r}")
    return value


def run_async(main: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine on pyqmi's own loop (no asyncio on the router)."""
    from pyqmi import loop  # only the commands that talk to ubus or a modem load it

    return loop.run(main)


async def pause(seconds: float) -> None:
    """Sleep on whichever loop runs (``run_async``'s, or a test's asyncio)."""
    from pyqmi import loop

    await loop.sleep(seconds)
