"""pyqmi's event loop (``core``) and the loop-neutral helpers its users call (``portable``).

The daemon runs with ``pyqmi.loop.run(main())``; code that may also run inside asyncio
(the transport, the runner, the bus) asks ``current()`` and uses the helpers here. See the
two modules' theory of operation, and core's for why this is not asyncio.
"""

from pyqmi.loop.core import Cancelled, Loop
from pyqmi.loop.portable import (
    EventLoop,
    FutureLike,
    Queue,
    TaskLike,
    TimerLike,
    bounded,
    current,
    run,
    settle,
    sleep,
    wait_readable,
    wait_writable,
)

__all__ = [
    "Cancelled",
    "EventLoop",
    "FutureLike",
    "Loop",
    "Queue",
    "TaskLike",
    "TimerLike",
    "bounded",
    "current",
    "run",
    "settle",
    "sleep",
    "wait_readable",
    "wait_writable",
]
