"""A tiny ``ping`` for machines without iputils: ``python -m pyqmi.cli.icmp_probe HOST``.

The demo runs it inside a network namespace (``ip netns exec NS python -m ...``) when the
``ping`` program is missing. It sends ICMP echo requests on a raw socket (root only), waits a
bounded time for each reply and exits 0 when at least one came back, like ``ping`` does.
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import struct
import sys
import time
from collections.abc import Sequence

ICMP_ECHO_REQUEST = 8
ICMP_ECHO_REPLY = 0
IPV4_HEADER_MIN = 20


def checksum(data: bytes) -> int:
    """The Internet checksum (RFC 1071) of ``data``."""
    if len(data) % 2:
        data += b"\0"
    total: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def echo_request(ident: int, seq: int, payload: bytes) -> bytes:
    header = struct.pack("!BBHHH", ICMP_ECHO_REQUEST, 0, 0, ident, seq)
    csum = checksum(header + payload)
    return struct.pack("!BBHHH", ICMP_ECHO_REQUEST, 0, csum, ident, seq) + payload


def parse_reply(packet: bytes) -> tuple[int, int] | None:
    """(ident, seq) of an ICMP echo reply in an IPv4 packet, else None."""
    if len(packet) < IPV4_HEADER_MIN:
        return None
    header_len = (packet[0] & 0x0F) * 4
    icmp = packet[header_len:]
    if len(icmp) < 8 or icmp[0] != ICMP_ECHO_REPLY:
        return None
    _, _, _, ident, seq = struct.unpack("!BBHHH", icmp[:8])
    return ident, seq


def _await_reply(sock: socket.socket, host: str, ident: int, seq: int, deadline: float) -> bool:
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            return False
        packet, (source, _) = sock.recvfrom(65535)
        if source == host and parse_reply(packet) == (ident, seq):
            return True
    return False


def probe(host: str, count: int, wait: float) -> int:
    """Send ``count`` echoes to ``host``; the number of replies received."""
    ident = os.getpid() & 0xFFFF
    received = 0
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
        for seq in range(1, count + 1):
            sent_at = time.monotonic()
            sock.sendto(echo_request(ident, seq, b"pyqmi-demo"), (host, 0))
            if _await_reply(sock, host, ident, seq, sent_at + wait):
                rtt = (time.monotonic() - sent_at) * 1000
                print(f"reply from {host}: icmp_seq={seq} time={rtt:.2f} ms")
                received += 1
            else:
                print(f"no reply from {host} for icmp_seq={seq}")
    print(f"{count} packets transmitted, {received} received")
    return received


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="send ICMP echo requests (needs root)")
    parser.add_argument("host")
    parser.add_argument("-c", "--count", type=int, default=3)
    parser.add_argument("-W", "--wait", type=float, default=1.0, help="seconds per reply")
    args = parser.parse_args(argv)
    try:
        received = probe(args.host, max(1, min(args.count, 10)), max(0.1, min(args.wait, 5.0)))
    except OSError as exc:
        print(f"icmp probe: {exc}", file=sys.stderr)
        return 2
    return 0 if received else 1


if __name__ == "__main__":
    sys.exit(main())
