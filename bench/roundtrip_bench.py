"""Round trip over a pty: ``QmiClient`` <-> the pyqmi simulator, both in this process.

The simulator serves the default scenario with latency 0 on a pty
(``run_sim``), the client opens the link like a cdc-wdm node and asks DMS
get_model, a request with no TLVs and a one-string answer.  So the time is the
whole stack: build, write, the pty, the simulator's decode/handle/encode, read,
frame extraction, matching the transaction, decode.  Both ends share one event
loop and one CPU thread, so this is an upper bound on what the client side costs.

Two measurements: one requester, each request timed on its own; and eight
requesters at once on the same client (transaction ids keep them apart), counted
as requests per second over the whole burst.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
from pathlib import Path

from bench.requesters import MESSAGE, SERVICE, concurrent, sequential
from bench.result import BenchResult, Settings
from bench.timing import Summary, summarize
from pyqmi.sim import run_sim
from pyqmi.transport import QmiClient

COLUMNS = (
    "test",
    "requests",
    "min µs",
    "median µs",
    "p95 µs",
    "max µs",
    "requests/s",
)
CONCURRENCY = 8


async def measure(
    count: int, warmup: int, rounds: int
) -> tuple[Summary, float, Summary, list[float]]:
    """Sequential latencies and requests/s, concurrent latencies and each burst's requests/s."""
    with tempfile.TemporaryDirectory(prefix="pyqmi-bench-") as tmp:
        link = Path(tmp) / "cdc-wdm0"
        async with (
            run_sim("default", link=link),
            await QmiClient.open(str(link), timeout=5.0) as client,
        ):
            await client.allocate(SERVICE)
            await sequential(client, warmup)
            gc.collect()
            seq = await sequential(client, count)
            each = max(1, count // CONCURRENCY)
            await concurrent(client, max(1, warmup // CONCURRENCY), CONCURRENCY)
            conc: list[int] = []
            rates: list[float] = []
            for _ in range(rounds):
                gc.collect()
                samples, elapsed = await concurrent(client, each, CONCURRENCY)
                conc += samples
                rates.append(len(samples) / (elapsed / 1e9))
            await client.release_all()
    return summarize(seq), len(seq) / (sum(seq) / 1e9), summarize(conc), rates


def bench_roundtrip(settings: Settings) -> BenchResult:
    count = settings.count(2000, 40)
    warmup = settings.count(200, 8)
    rounds = settings.count(7, 1)
    seq, seq_rate, conc, rates = asyncio.run(measure(count, warmup, rounds))
    result = BenchResult("roundtrip", "Round trip QmiClient <-> simulator over a pty", COLUMNS)
    result.add(
        {
            "test": f"1 requester, {SERVICE} {MESSAGE}",
            "requests": seq.count,
            "min µs": seq.min_us,
            "median µs": seq.median_us,
            "p95 µs": seq.p95_us,
            "max µs": seq.max_us,
            "requests/s": seq_rate,
        }
    )
    rates.sort()
    result.add(
        {
            "test": f"{CONCURRENCY} concurrent requesters",
            "requests": conc.count,
            "min µs": conc.min_us,
            "median µs": conc.median_us,
            "p95 µs": conc.p95_us,
            "max µs": conc.max_us,
            "requests/s": rates[len(rates) // 2],
        }
    )
    result.notes += [
        f"Default scenario, latency 0, simulator and client in one process and one event loop "
        f"(python -m bench.run); {warmup} warm-up requests first.",
        "1 requester: requests/s is the count over the summed request times.",
        f"{CONCURRENCY} requesters: {rounds} bursts of {CONCURRENCY} x {count // CONCURRENCY} "
        f"requests on one client; requests/s is the median burst "
        f"(range {rates[0]:,.0f} to {rates[-1]:,.0f}); latency is per request, "
        "queueing included.",
    ]
    result.headline = (
        f"Round trip over the pty to the simulator: median {seq.median_us:.0f} µs, "
        f"p95 {seq.p95_us:.0f} µs ({seq_rate:,.0f} requests/s one at a time); "
        f"{rates[len(rates) // 2]:,.0f} requests/s with {CONCURRENCY} concurrent requesters."
    )
    return result
