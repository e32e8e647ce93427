"""Encode and decode time of every message on the connect path.

The frames come from ``connect_path.capture()``: requests as we build them,
responses and indications as the simulated modem wrote them.  Decode is
``codec.decode_bytes(frame bytes)``; encode is ``codec.build(definition, kind,
decoded values, ...)``, i.e. building the same frame again from plain values, and
the rebuilt bytes are checked to equal the captured ones so both directions work
on the same content.
"""

from __future__ import annotations

import functools
import statistics

from bench.connect_path import capture
from bench.result import BenchResult, Settings
from bench.timing import time_calls
from pyqmi.qmi import catalog, codec
from pyqmi.qmi.frame import decode_frame

COLUMNS = (
    "message",
    "kind",
    "bytes",
    "TLVs",  # the result TLV of a response included
    "encode median µs",
    "encode p95 µs",
    "decode median µs",
    "decode p95 µs",
)


def bench_codec(settings: Settings) -> BenchResult:
    repeat = settings.count(2000, 20)
    warmup = settings.count(200, 2)
    result = BenchResult("codec", "Encode and decode per message (connect path)", COLUMNS)
    recorded = capture()
    medians: dict[tuple[str, str], tuple[float, float]] = {}
    differ: list[str] = []
    for wire in recorded.unique():
        data = wire.data
        message = codec.decode_bytes(data)
        frame = message.frame
        definition = catalog.lookup(frame.service, frame.message_id)
        if definition is None:
            raise RuntimeError(f"{wire.label}: not in the catalog")
        values = message.values

        encode = functools.partial(
            codec.build,
            definition,
            frame.kind,
            values,
            transaction_id=frame.transaction_id,
            client_id=frame.client_id,
            result=message.result,
        )
        decode = functools.partial(codec.decode_bytes, data)

        if encode() != data:
            differ.append(f"{wire.label} {wire.kind.value}")
        enc = time_calls(encode, repeat=repeat, warmup=warmup)
        dec = time_calls(decode, repeat=repeat, warmup=warmup)
        medians[(wire.label, wire.kind.value)] = (enc.median_us, dec.median_us)
        result.add(
            {
                "message": wire.label,
                "kind": wire.kind.value,
                "bytes": len(data),
                "TLVs": len(decode_frame(data).tlvs),
                "encode median µs": enc.median_us,
                "encode p95 µs": enc.p95_us,
                "decode median µs": dec.median_us,
                "decode p95 µs": dec.p95_us,
            }
        )
    steps = sum(1 for f in recorded.frames if f.kind.value == "request")
    # Every frame of one link-up, each costed at the median of its (message, kind).
    path = [medians[(f.label, f.kind.value)] for f in recorded.frames]
    total_encode = sum(e for e, _ in path)
    total_decode = sum(d for _, d in path)
    result.notes += [
        f"{repeat} timed calls per cell after {warmup} warm-up calls; "
        "each call timed on its own with time.perf_counter_ns (GC on).",
        "Frames are the connect path's real traffic from the simulator core "
        "(scenario default with PIN enabled); encode rebuilds each frame from its decoded "
        "values and is checked byte for byte (differences are listed below).",
        f"Whole connect path ({steps} requests, {len(recorded.frames)} frames on the wire): "
        f"encoding every frame once costs about {total_encode:.0f} µs and decoding every "
        f"frame once {total_decode:.0f} µs (sum of the medians above).",
    ]
    if differ:
        result.notes.append(
            f"Rebuilt bytes differ from the captured ones for: {', '.join(differ)}."
        )
    if recorded.failures:
        result.notes.append(f"Failed responses in the capture: {', '.join(recorded.failures)}.")
    slowest = max(result.rows, key=lambda r: float(r["decode median µs"]))
    result.headline = (
        f"Codec: a connect-path message encodes in {_median_of(result, 'encode median µs'):.1f} µs "
        f"and decodes in {_median_of(result, 'decode median µs'):.1f} µs (median over "
        f"{len(result.rows)} messages; slowest decode {slowest['message']} "
        f"{slowest['kind']} {float(slowest['decode median µs']):.0f} µs); a whole link-up's "
        f"{len(recorded.frames)} frames cost about {(total_encode + total_decode) / 1000:.1f} ms "
        "to encode and decode."
    )
    return result


def _median_of(result: BenchResult, column: str) -> float:
    return statistics.median(float(row[column]) for row in result.rows)
