"""Request loops shared by the round-trip and memory benchmarks (no simulator import)."""

from __future__ import annotations

import asyncio
from time import perf_counter_ns

from pyqmi.qmi.typed import dms
from pyqmi.transport import QmiClient

# Names for the report and the cid to allocate; REQUEST is what is sent.
SERVICE, MESSAGE = "dms", "get_model"
REQUEST = dms.GetModel.Request()


async def sequential(client: QmiClient, count: int) -> list[int]:
    """``count`` requests one after the other; each one's ns."""
    samples: list[int] = []
    for _ in range(count):
        start = perf_counter_ns()
        await client.request(REQUEST)
        samples.append(perf_counter_ns() - start)
    return samples


async def concurrent(client: QmiClient, each: int, requesters: int) -> tuple[list[int], int]:
    """``requesters`` tasks of ``each`` requests; per-request ns and the whole burst's ns."""
    samples: list[int] = []

    async def requester() -> None:
        for _ in range(each):
            start = perf_counter_ns()
            await client.request(REQUEST)
            samples.append(perf_counter_ns() - start)

    start = perf_counter_ns()
    async with asyncio.TaskGroup() as group:
        for _ in range(requesters):
            group.create_task(requester())
    return samples, perf_counter_ns() - start
