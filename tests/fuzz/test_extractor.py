"""The stream cutter under fuzz: it never raises, never hoards, and loses no valid frame.

- any bytes, cut anywhere: ``feed()`` returns only frames and ``FrameError``s and the
  buffer stays bounded;
- valid frames mixed with noise (no marker bytes) and with frames that the QMUX layer
  bounds but that do not decode: every valid frame comes out, in order, however the
  stream is cut into reads;
- on a message port (one read per message, as cdc-wdm) truncated frames join in too;
- on a stream, a truncated frame may borrow the next frames' bytes (no stream cutter can
  tell): the cutter still recovers, and every valid frame that starts past what the
  truncated frame claimed comes out.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pyqmi.qmi.errors import FrameError
from pyqmi.qmi.frame import MAX_FRAME_LEN, Frame, FrameExtractor, decode_frame, encode_frame

from .garbage import bad_frames, catalog_frames, frames, noise, truncated
from .profile import fuzz, hit

Items = list[Frame | FrameError]


def feed_in_pieces(stream: bytes, cuts: list[int], ex: FrameExtractor | None = None) -> Items:
    ex = ex or FrameExtractor()
    points = sorted({c % (len(stream) + 1) for c in cuts})
    out: Items = []
    for a, b in zip([0, *points], [*points, len(stream)], strict=True):
        items = ex.feed(stream[a:b])
        assert all(isinstance(i, Frame | FrameError) for i in items)
        out += items
    return out


def is_subsequence(wanted: list[Frame], got: list[Frame]) -> bool:
    it = iter(got)
    return all(any(w == g for g in it) for w in wanted)


def valid_frames() -> st.SearchStrategy[bytes]:
    return st.one_of(frames().map(encode_frame), catalog_frames())


cuts = st.lists(st.integers(0, 4000), max_size=12)


@fuzz(300)
@given(data=st.binary(max_size=600), cuts=cuts)
def test_any_bytes_never_raise_and_the_buffer_stays_bounded(data: bytes, cuts: list[int]) -> None:
    hit("extractor any bytes")
    ex = FrameExtractor(max_buffer=1024)
    feed_in_pieces(data, cuts, ex)
    assert ex.pending <= 1024 + len(data)
    ex.feed(bytes(2048))  # zeros end any frame in wait
    assert ex.pending < 2048


@fuzz(200)
@given(
    segments=st.lists(
        st.one_of(
            valid_frames().map(lambda b: (True, b)),
            noise().map(lambda b: (False, b)),
            bad_frames().map(lambda b: (False, b)),
        ),
        max_size=10,
    ),
    cuts=cuts,
)
def test_garbage_mixed_with_frames_loses_no_valid_frame(
    segments: list[tuple[bool, bytes]], cuts: list[int]
) -> None:
    hit("extractor stream garbage")
    stream = b"".join(b for _, b in segments)
    valid = [decode_frame(b) for ok, b in segments if ok]
    got = [i for i in feed_in_pieces(stream, cuts) if isinstance(i, Frame)]
    # A bad frame's inside may hold a frame of its own; every valid one is there, in order.
    assert is_subsequence(valid, got)


@fuzz(200)
@given(
    messages=st.lists(
        st.one_of(
            valid_frames().map(lambda b: (True, b)),
            st.binary(min_size=1, max_size=40).map(lambda b: (False, b)),
            bad_frames().map(lambda b: (False, b)),
            truncated().map(lambda b: (False, b)),
        ),
        max_size=10,
    )
)
def test_message_port_reads_lose_no_valid_frame(messages: list[tuple[bool, bytes]]) -> None:
    hit("extractor message reads")
    got: list[Frame] = []
    for ok, data in messages:
        ex = FrameExtractor()  # a message port cuts each read on its own (transport/port.py)
        frames_in = [i for i in ex.feed(data) if isinstance(i, Frame)]
        if ok:
            assert frames_in == [decode_frame(data)] and ex.pending == 0
        got += frames_in if ok else []
    assert got == [decode_frame(b) for ok, b in messages if ok]


@fuzz(200)
@given(head=truncated(), after=st.lists(valid_frames(), min_size=1, max_size=6), cuts=cuts)
def test_a_truncated_frame_on_a_stream_is_recovered_from(
    head: bytes, after: list[bytes], cuts: list[int]
) -> None:
    hit("extractor stream truncated")
    claimed = (int.from_bytes(head[1:3], "little") + 1) if len(head) >= 3 else 1
    # Pad so the frames to check start past the claimed end, the way later traffic does.
    padding = [encode_frame(Frame(0, 0, f.kind, 1, 0x27)) for f in map(decode_frame, after)]
    tail = b"".join(after)
    stream = head + b"".join(padding) * (1 + claimed // 12) + tail
    got = [i for i in feed_in_pieces(stream, cuts) if isinstance(i, Frame)]
    wanted = [decode_frame(b) for b in after]
    assert got[-len(wanted) :] == wanted
    assert claimed <= MAX_FRAME_LEN
