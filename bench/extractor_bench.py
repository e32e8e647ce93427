"""The frame extractor's throughput on a long stream, clean and with garbage in it.

The stream is the connect path's real traffic (``connect_path.capture()``: requests,
responses, indications) repeated to the wanted size, and fed to one
``FrameExtractor`` in 4 KiB chunks, as a port read loop would.  Frames straddle
chunk boundaries, so the carry-over path is exercised all the time.

The garbage variant puts a burst before about one frame in ten: AT command echoes
and unsolicited result codes (what a modem's shared tty emits), NUL padding, and
random bytes (which contain fake 0x01 markers with lying lengths).  It reports how
many of the real frames came out, besides the speed.
"""

from __future__ import annotations

import gc
import random
import statistics
from dataclasses import dataclass
from time import perf_counter_ns

from bench.connect_path import capture
from bench.result import BenchResult, Settings
from pyqmi.qmi.errors import FrameError
from pyqmi.qmi.frame import FrameExtractor

COLUMNS = (
    "stream",
    "MB",
    "frames in",
    "frames out",
    "errors",
    "runs",
    "median MB/s",
    "worst MB/s",
    "best MB/s",
    "median frames/s",
)
CHUNK = 4096
MB = 1_000_000
GARBAGE_RATE = 0.1  # chance of a garbage burst before each frame
AT_NOISE = (
    b"AT+CFUN?\r",
    b"\r\nOK\r\n",
    b"\r\n+CPIN: READY\r\n",
    b"\r\nRDY\r\n",
    b"\r\n+QIND: SMS DONE\r\n",
    b"\r\nERROR\r\n",
)


@dataclass(frozen=True)
class Stream:
    data: bytes
    frames: int  # real frames put in
    garbage: int  # garbage bytes put in


def make_stream(size: int, *, garbage: bool, seed: int = 1) -> Stream:
    """About ``size`` bytes of connect-path frames, with garbage bursts when asked."""
    rng = random.Random(seed)
    frames = [f.data for f in capture().frames]
    parts: list[bytes] = []
    total = count = noise = 0
    while total < size:
        for frame in frames:
            if garbage and rng.random() < GARBAGE_RATE:
                burst = _garbage(rng)
                parts.append(burst)
                total += len(burst)
                noise += len(burst)
            parts.append(frame)
            total += len(frame)
            count += 1
            if total >= size:
                break
    return Stream(b"".join(parts), count, noise)


def _garbage(rng: random.Random) -> bytes:
    pick = rng.random()
    if pick < 0.5:
        return rng.choice(AT_NOISE)
    if pick < 0.6:
        return bytes(rng.randint(1, 16))
    return rng.randbytes(rng.randint(1, 64))


@dataclass(frozen=True)
class Pass:
    ns: int
    frames: int
    errors: int


def extract(data: bytes) -> Pass:
    """Feed ``data`` in ``CHUNK``-byte pieces to a fresh extractor; count what comes out."""
    extractor = FrameExtractor()
    view = memoryview(data)
    frames = errors = 0
    start = perf_counter_ns()
    for offset in range(0, len(data), CHUNK):
        for item in extractor.feed(bytes(view[offset : offset + CHUNK])):
            if isinstance(item, FrameError):
                errors += 1
            else:
                frames += 1
    return Pass(perf_counter_ns() - start, frames, errors)


def bench_extractor(settings: Settings) -> BenchResult:
    size = settings.count(10 * MB, 100_000)
    runs = settings.count(5, 1)
    result = BenchResult("extractor", "Frame extractor throughput (4 KiB chunks)", COLUMNS)
    for label, garbage in (("clean", False), ("garbage interleaved", True)):
        stream = make_stream(size, garbage=garbage)
        extract(stream.data[: 64 * CHUNK])  # warm-up
        passes: list[Pass] = []
        for _ in range(runs):
            gc.collect()
            passes.append(extract(stream.data))
        mb = len(stream.data) / MB
        speeds = [mb / (p.ns / 1e9) for p in passes]
        rates = [p.frames / (p.ns / 1e9) for p in passes]
        result.add(
            {
                "stream": label,
                "MB": mb,
                "frames in": stream.frames,
                "frames out": passes[0].frames,
                "errors": passes[0].errors,
                "runs": runs,
                "median MB/s": statistics.median(speeds),
                "worst MB/s": min(speeds),
                "best MB/s": max(speeds),
                "median frames/s": statistics.median(rates),
            }
        )
        if garbage:
            share = 100 * stream.garbage / len(stream.data)
            lost = stream.frames - passes[0].frames
            result.notes.append(
                f"Garbage stream: {stream.garbage:,} garbage bytes ({share:.1f} %) in bursts "
                f"before ~{GARBAGE_RATE:.0%} of frames; {lost} real frames lost to garbage "
                "that looked like a frame start; 'errors' counts the extractor's reports."
            )
    result.notes.insert(
        0,
        "Frames: the connect path's traffic from the simulator, repeated; MB = 10^6 bytes. "
        "Each run feeds the whole stream to a fresh FrameExtractor; frames are fully "
        "decoded to Frame objects (TLVs split, not interpreted).",
    )
    clean, noisy = result.rows
    result.headline = (
        f"Frame extractor: {float(clean['median MB/s']):.1f} MB/s "
        f"({float(clean['median frames/s']):,.0f} frames/s) on a clean stream, "
        f"{float(noisy['median MB/s']):.1f} MB/s with garbage interleaved "
        f"({noisy['frames out']} of {noisy['frames in']} frames recovered)."
    )
    return result
