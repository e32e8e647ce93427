"""pyqmi's event loop (``core``) and the loop-neutral helpers its users call (``portable``).

The daemon runs with ``pyqmi.loop.run(main())``; code that may also run inside asyncio
(the transport, the runner, the bus) asks ``current()`` and uses the helpers here. See the
two modules' theory of operation, and core's for why this is not asyncio. ``EventLoop``,
``FutureLike``, ``TaskLike`` and ``TimerLike`` (``types.py``) are for annotations only.
"""

from typing import TYPE_CHECKING

from pyqmi.loop.core import Cancelled, Loop
from pyqmi.loop.portable import (
    Queue,
    bounded,
    current,
    run,
    settle,
    sleep,
    wait_readable,
    wait_writable,
)

if TYPE_CHECKING:  # annotations only: no protocol classes are built at run time
    from pyqmi.loop.types import EventLoop as EventLoop
    from pyqmi.loop.types import FutureLike as FutureLike
    from pyqmi.loop.types import TaskLike as TaskLike
    from pyqmi.loop.types import TimerLike as TimerLike

__all__ = [
    "Cancelled",
    "Loop",
    "Queue",
    "bounded",
    "current",
    "run",
    "settle",
    "sleep",
    "wait_readable",
    "wait_writable",
]
