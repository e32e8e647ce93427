"""The simulator's data plane: pure packet answers, then a real TUN `wwan0` in a namespace.

Checksums and DNS responses are checked with code written here, not with the module's own
helpers, so a shared mistake cannot hide. The namespace tests need root and `ip netns`; they
run pings and DNS queries from inside a throw-away namespace whose only route is `wwan0`, so no
packet leaves it.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import struct
import sys
from collections.abc import AsyncIterator
from ipaddress import IPv4Address, IPv6Address, ip_address
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyqmi.sim.dataplane import DataPlane, DataPlaneConfigError, DataPlaneError, build_plan
from pyqmi.sim.dataplane_packets import internet_checksum
from pyqmi.sim.dataplane_responder import Outcome, respond

HOST4, GW4, DNS4 = "10.77.0.2", "10.77.0.1", "10.77.0.53"
HOST6, GW6, DNS6 = "2001:db8:1::2", "2001:db8:1::1", "2001:db8:1::53"
PAST_GATEWAY4, PAST_GATEWAY6 = "198.51.100.7", "2001:db8:ffff::7"
PLAN = build_plan(HOST4, GW4, [DNS4], HOST6, GW6, [DNS6])


# --- independent packet helpers ---------------------------------------------------------------


def ones_sum(data: bytes) -> int:
    """Folded 16-bit ones' complement sum; a packet with a correct checksum sums to 0xFFFF."""
    data += b"\0" * (len(data) % 2)
    total = 0
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | data[i + 1]
        total = (total & 0xFFFF) + (total >> 16)
    return total


def pseudo(src: str, dst: str, proto: int, length: int) -> bytes:
    s, d = ip_address(src).packed, ip_address(dst).packed
    if len(s) == 4:
        return s + d + bytes([0, proto]) + length.to_bytes(2, "big")
    return s + d + length.to_bytes(4, "big") + bytes([0, 0, 0, proto])


def ipv4(src: str, dst: str, proto: int, payload: bytes, frag: int = 0) -> bytes:
    head = struct.pack("!BBHHHBBH", 0x45, 0, 20 + len(payload), 7, frag, 64, proto, 0)
    head += IPv4Address(src).packed + IPv4Address(dst).packed
    csum = 0xFFFF - ones_sum(head)
    return head[:10] + csum.to_bytes(2, "big") + head[12:] + payload


def ipv6(src: str, dst: str, proto: int, payload: bytes) -> bytes:
    head = struct.pack("!IHBB", 6 << 28, len(payload), proto, 64)
    return head + IPv6Address(src).packed + IPv6Address(dst).packed + payload


def echo_request(src: str, dst: str, ident: int = 0x1234, seq: int = 1) -> bytes:
    v6 = ":" in src
    body = struct.pack("!BBHHH", 128 if v6 else 8, 0, 0, ident, seq) + b"pyqmi-echo-data"
    summed = (pseudo(src, dst, 58, len(body)) if v6 else b"") + body
    body = body[:2] + (0xFFFF - ones_sum(summed)).to_bytes(2, "big") + body[4:]
    return ipv6(src, dst, 58, body) if v6 else ipv4(src, dst, 1, body)


def udp(src: str, dst: str, sport: int, dport: int, data: bytes) -> bytes:
    seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    csum = 0xFFFF - ones_sum(pseudo(src, dst, 17, len(seg)) + seg)
    seg = seg[:6] + (csum or 0xFFFF).to_bytes(2, "big") + seg[8:]
    return ipv6(src, dst, 17, seg) if ":" in src else ipv4(src, dst, 17, seg)


def dns_query(name: str, qtype: int, ident: int = 0xBEEF, flags: int = 0x0100) -> bytes:
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return struct.pack("!HHHHHH", ident, flags, 1, 0, 0, 0) + qname + struct.pack("!HH", qtype, 1)


def parse_dns(msg: bytes) -> tuple[int, int, list[tuple[int, bytes]]]:
    """(id, rcode, [(type, rdata)]) of a response with one question; checks it is well formed."""
    ident, flags, qd, an, ns, ar = struct.unpack_from("!HHHHHH", msg)
    assert flags & 0x8000 and qd == 1 and ns == ar == 0
    off = 12
    while msg[off]:
        off += 1 + msg[off]
    off += 5
    answers = []
    for _ in range(an):
        ptr, rtype, rclass, ttl, rdlen = struct.unpack_from("!HHHIH", msg, off)
        assert ptr == 0xC00C and rclass == 1 and ttl > 0
        answers.append((rtype, msg[off + 12 : off + 12 + rdlen]))
        off += 12 + rdlen
    assert off == len(msg)
    return ident, flags & 0xF, answers


def reply_of(raw: bytes) -> bytes:
    verdict = respond(raw, PLAN)
    assert verdict.reply is not None, verdict.reason
    return verdict.reply


# --- pure tests ----------------------------------------------------------------------------------


def test_internet_checksum_matches_rfc1071_example() -> None:
    assert internet_checksum(bytes.fromhex("0001f203f4f5f6f7")) == 0x220D
    assert internet_checksum(b"\xff") == 0x00FF


def test_ipv4_echo_reply_swaps_addresses_and_has_valid_checksums() -> None:
    request = echo_request(HOST4, PAST_GATEWAY4)
    reply = reply_of(request)
    assert ones_sum(reply[:20]) == 0xFFFF
    assert reply[12:16] == IPv4Address(PAST_GATEWAY4).packed
    assert reply[16:20] == IPv4Address(HOST4).packed
    icmp = reply[20:]
    assert icmp[0] == 0 and icmp[1] == 0 and ones_sum(icmp) == 0xFFFF
    assert icmp[4:] == request[24:]  # identifier, sequence and data echoed


def test_ipv6_echo_reply_checksum_covers_pseudo_header() -> None:
    request = echo_request(HOST6, PAST_GATEWAY6)
    reply = reply_of(request)
    assert reply[6] == 58 and reply[8:24] == IPv6Address(PAST_GATEWAY6).packed
    icmp = reply[40:]
    assert icmp[0] == 129 and icmp[4:] == request[44:]
    assert ones_sum(pseudo(PAST_GATEWAY6, HOST6, 58, len(icmp)) + icmp) == 0xFFFF


def test_gateway_and_dns_server_answer_pings_too() -> None:
    for dst in (GW4, DNS4):
        assert respond(echo_request(HOST4, dst), PLAN).outcome is Outcome.ECHO_REPLY


@pytest.mark.parametrize(
    ("server", "qtype", "expected"),
    [(DNS4, 1, IPv4Address("192.0.2.10").packed), (DNS6, 28, IPv6Address("2001:db8::10").packed)],
    ids=["A", "AAAA"],
)
def test_dns_answers_with_the_fixed_test_address(server: str, qtype: int, expected: bytes) -> None:
    host = HOST6 if ":" in server else HOST4
    reply = reply_of(udp(host, server, 40000, 53, dns_query("www.example.org", qtype)))
    header = 40 if ":" in server else 20
    segment = reply[header:]
    sport, dport, length, _ = struct.unpack_from("!HHHH", segment)
    assert (sport, dport, length) == (53, 40000, len(segment))
    assert ones_sum(pseudo(server, host, 17, len(segment)) + segment) == 0xFFFF
    assert parse_dns(segment[8:]) == (0xBEEF, 0, [(qtype, expected)])


@pytest.mark.parametrize(
    ("name", "qtype", "rcode", "count"),
    [("foo.INVALID", 1, 3, 0), ("invalid", 28, 3, 0), ("example.org", 15, 0, 0)],
)
def test_dns_nxdomain_under_invalid_and_nodata_for_other_types(
    name: str, qtype: int, rcode: int, count: int
) -> None:
    reply = reply_of(udp(HOST4, DNS4, 40000, 53, dns_query(name, qtype)))
    ident, got_rcode, answers = parse_dns(reply[28:])
    assert (ident, got_rcode, len(answers)) == (0xBEEF, rcode, count)


def test_dns_errors_are_answered_not_ignored() -> None:
    compressed = dns_query("a.b", 1)[:12] + b"\xc0\x0c" + b"\0\x01\0\x01"
    formerr = reply_of(udp(HOST4, DNS4, 1, 53, compressed))[28:]
    assert struct.unpack_from("!HH", formerr) == (0xBEEF, 0x8580 | 1)
    notimp = reply_of(udp(HOST4, DNS4, 1, 53, dns_query("a.b", 1, flags=2 << 11)))[28:]
    assert struct.unpack_from("!H", notimp, 2)[0] & 0xF == 4


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (udp("0.0.0.0", "255.255.255.255", 68, 67, b"\x01" * 240), "DHCP is never answered"),
        (udp(HOST6, "ff02::1:2", 546, 547, b"\x01" * 8), "DHCP is never answered"),
        (echo_request(GW4, HOST4), "addressed to the host itself"),
        (echo_request(HOST4, "224.0.0.1"), "multicast or broadcast"),
        (udp(HOST4, DNS4, 1, 123, b"ntp"), "UDP port 123"),
        (udp(HOST4, PAST_GATEWAY4, 1, 53, dns_query("a.b", 1)), "not a DNS server"),
        (udp(HOST4, DNS4, 53, 53, dns_query("a.b", 1, flags=0x8000)), "not a DNS query"),
        (ipv4(HOST4, PAST_GATEWAY4, 6, b"\0" * 20), "IP protocol 6"),
        (ipv4(HOST4, PAST_GATEWAY4, 1, b"\0" * 8, frag=0x2000), "fragment"),
        (echo_request(HOST4, PAST_GATEWAY4)[:-1] + b"X", "bad ICMP checksum"),
        (b"\x45" + b"\0" * 19, "bad IPv4 lengths"),
        (b"", "empty packet"),
    ],
)
def test_everything_else_is_dropped_with_a_reason(raw: bytes, reason: str) -> None:
    verdict = respond(raw, PLAN)
    assert verdict.outcome is Outcome.DROPPED and verdict.reply is None
    assert reason in verdict.reason


def test_family_without_an_address_and_no_call_drop() -> None:
    v4_only = build_plan(HOST4, GW4, [DNS4])
    assert "IPv6 not part" in respond(echo_request(HOST6, PAST_GATEWAY6), v4_only).reason
    assert respond(echo_request(HOST4, PAST_GATEWAY4), None).reason == "no data call"


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=120), flips=st.lists(st.integers(0, 60), max_size=4))
def test_respond_never_raises_on_garbage(data: bytes, flips: list[int]) -> None:
    mutated = bytearray(echo_request(HOST4, PAST_GATEWAY4))
    for i in flips:
        mutated[i % len(mutated)] ^= 0x5A
    for raw in (data, bytes(mutated), b"\x45" + data, b"\x60" + data):
        assert respond(raw, PLAN).outcome in Outcome


@pytest.mark.parametrize(
    "kwargs",
    [
        {"ipv4": "10.0.0.300", "gateway4": None, "dns4": []},
        {"ipv4": HOST6, "gateway4": None, "dns4": []},
        {"ipv4": HOST4, "gateway4": None, "dns4": "8.8.8.8"},
        {"ipv4": None, "gateway4": None, "dns4": []},
        {"ipv4": HOST4, "gateway4": None, "dns4": [], "dns6": [DNS4]},
    ],
)
def test_bad_addresses_raise_a_named_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(DataPlaneConfigError):
        build_plan(**kwargs)  # type: ignore[arg-type]


def test_bad_names_raise_a_named_error() -> None:
    for netns, ifname in (("a/b", "wwan0"), ("", "wwan0"), ("ns", "x" * 16), ("ns", "w 0")):
        with pytest.raises(DataPlaneConfigError):
            DataPlane(netns, ifname)


def test_counters_follow_configure_and_clear_without_a_tun() -> None:
    dp = DataPlane("unused")
    dp.handle_packet(echo_request(HOST4, PAST_GATEWAY4))
    dp.configure(f"{HOST4}/30", GW4, [DNS4])
    dp.handle_packet(echo_request(HOST4, PAST_GATEWAY4))
    dp.handle_packet(udp(HOST4, DNS4, 5000, 53, dns_query("x.y", 1)))
    dp.clear()
    dp.handle_packet(echo_request(HOST4, PAST_GATEWAY4))
    assert dp.stats == {"echo_replies": 1, "dns_answers": 1, "dropped": 2}
    assert dp.drop_reasons == {"no data call": 2}


# --- a real TUN in a real namespace --------------------------------------------------------------

# Runs inside the namespace: sends one ICMP echo or DNS query and prints the raw answer in hex.
PROBE = r"""
import socket, sys, time
mode, target, payload, timeout = sys.argv[1:]
payload, timeout = bytes.fromhex(payload), float(timeout)
family = socket.AF_INET6 if ":" in target else socket.AF_INET
if mode == "dns":
    s = socket.socket(family, socket.SOCK_DGRAM)
    want = lambda data: True
    port = 53
else:
    proto = socket.IPPROTO_ICMPV6 if family == socket.AF_INET6 else socket.IPPROTO_ICMP
    s = socket.socket(family, socket.SOCK_RAW, proto)
    want = lambda data: data[0] in (0, 129) and data[4:8] == payload[4:8]
    port = 0
s.sendto(payload, (target, port))
deadline = time.monotonic() + timeout
while True:
    s.settimeout(max(deadline - time.monotonic(), 0.001))
    try:
        data, addr = s.recvfrom(65535)
    except TimeoutError:
        print("timeout")
        sys.exit(3)
    if mode == "echo" and family == socket.AF_INET:
        data = data[(data[0] & 15) * 4:]
    if want(data):
        print(addr[0], data.hex())
        break
"""

_names = itertools.count()


def netns_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "needs root to create network namespaces and TUN devices"
    if shutil.which("ip") is None:
        return "iproute2 `ip` is not installed"
    if not Path("/dev/net/tun").exists():
        return "/dev/net/tun is missing"
    return None


async def run(*argv: str, limit_s: float = 10) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), limit_s)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    assert proc.returncode is not None
    return proc.returncode, out.decode(errors="replace")


async def ip(*args: str) -> None:
    rc, out = await run("ip", *args)
    assert rc == 0, f"ip {' '.join(args)}: {out}"


async def probe(ns: str, mode: str, target: str, payload: bytes, wait_s: float = 2) -> str:
    """The probe's answer 'addr hex', or 'timeout'."""
    argv = [sys.executable, "-c", PROBE, mode, target, payload.hex(), str(wait_s)]
    rc, out = await run("ip", "netns", "exec", ns, *argv, limit_s=wait_s + 10)
    assert rc in (0, 3), out
    return out.strip()


@pytest.fixture
async def netns_name() -> AsyncIterator[str]:
    reason = netns_unavailable()
    if reason is None:
        rc, out = await run("ip", "netns", "list")
        reason = None if rc == 0 else f"`ip netns` is unavailable: {out.strip()}"
    if reason:
        pytest.skip(reason)
    name = f"pyqmi-t-{os.getpid()}-{next(_names)}"
    try:
        yield name
    finally:
        if (Path("/run/netns") / name).exists():
            await run("ip", "netns", "delete", name)


async def bring_up(ns: str) -> None:
    await ip("-n", ns, "addr", "add", f"{HOST4}/30", "dev", "wwan0")
    await ip("-n", ns, "addr", "add", f"{HOST6}/64", "dev", "wwan0", "nodad")
    await ip("-n", ns, "link", "set", "wwan0", "up")
    await ip("-n", ns, "route", "add", "default", "dev", "wwan0")
    await ip("-n", ns, "-6", "route", "add", "default", "dev", "wwan0")


def icmp_body(v6: bool, ident: int) -> bytes:
    body = struct.pack("!BBHHH", 128 if v6 else 8, 0, 0, ident, 1) + b"probe"
    if v6:
        return body  # the kernel fills in ICMPv6 checksums of raw sockets
    return body[:2] + (0xFFFF - ones_sum(body)).to_bytes(2, "big") + body[4:]


async def test_ping_and_dns_through_wwan0_then_silence_after_clear(netns_name: str) -> None:
    ns = netns_name
    async with DataPlane(ns) as dp:
        assert (Path("/run/netns") / ns).exists()
        await bring_up(ns)
        dp.configure(HOST4, GW4, [DNS4], HOST6, GW6, [DNS6])

        answer = await probe(ns, "echo", PAST_GATEWAY4, icmp_body(False, 0x4242))
        source, icmp = answer.split()[0], bytes.fromhex(answer.split()[1])
        assert source == PAST_GATEWAY4 and icmp[0] == 0 and ones_sum(icmp) == 0xFFFF
        assert icmp[4:] == icmp_body(False, 0x4242)[4:]

        answer = await probe(ns, "echo", PAST_GATEWAY6, icmp_body(True, 0x4343))
        source, icmp = answer.split()[0], bytes.fromhex(answer.split()[1])
        assert source == PAST_GATEWAY6 and icmp[0] == 129 and icmp[4:8] == b"\x43\x43\0\x01"
        assert ones_sum(pseudo(PAST_GATEWAY6, HOST6, 58, len(icmp)) + icmp) == 0xFFFF

        answer = await probe(ns, "dns", DNS4, dns_query("modem.example", 1, ident=7))
        assert answer.split()[0] == DNS4
        assert parse_dns(bytes.fromhex(answer.split()[1])) == (7, 0, [(1, bytes([192, 0, 2, 10]))])
        answer = await probe(ns, "dns", DNS6, dns_query("nothing.invalid", 28, ident=8))
        assert parse_dns(bytes.fromhex(answer.split()[1])) == (8, 3, [])

        assert dp.stats["echo_replies"] == 2 and dp.stats["dns_answers"] == 2

        dp.clear()
        dropped = dp.stats["dropped"]
        answer = await probe(ns, "echo", PAST_GATEWAY4, icmp_body(False, 0x4444), wait_s=1)
        assert answer == "timeout"
        answer = await probe(ns, "dns", DNS4, dns_query("modem.example", 1), wait_s=1)
        assert answer == "timeout"
        assert dp.stats["dropped"] >= dropped + 2
        assert dp.drop_reasons["no data call"] >= 2
    assert not (Path("/run/netns") / ns).exists()  # we created it, so we removed it


async def test_ping_tool_succeeds_and_fails_after_clear(netns_name: str) -> None:
    if shutil.which("ping") is None:
        pytest.skip("iputils `ping` is not installed (the probe test covers echo without it)")
    ns = netns_name
    async with DataPlane(ns) as dp:
        await bring_up(ns)
        dp.configure(HOST4, GW4, [DNS4], HOST6, GW6, [DNS6])
        for target in (PAST_GATEWAY4, PAST_GATEWAY6):
            rc, out = await run("ip", "netns", "exec", ns, "ping", "-c", "2", "-W", "2", target)
            assert rc == 0 and " 0% packet loss" in out, out
        dp.clear()
        rc, out = await run("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", PAST_GATEWAY4)
        assert rc != 0 and "100% packet loss" in out, out


async def test_existing_namespace_is_kept_and_wwan0_leaves_with_the_fd(netns_name: str) -> None:
    ns = netns_name
    await ip("netns", "add", ns)
    async with DataPlane(ns):
        rc, out = await run("ip", "-n", ns, "-o", "link", "show", "wwan0")
        assert rc == 0 and "POINTOPOINT" in out and "NOARP" in out, out
        rc, _ = await run("ip", "-o", "link", "show", "wwan0")
        assert rc != 0  # nothing appeared in the root namespace
    assert (Path("/run/netns") / ns).exists()
    rc, _ = await run("ip", "-n", ns, "link", "show", "wwan0")
    assert rc != 0


async def test_name_clash_in_the_namespace_is_a_clear_error(netns_name: str) -> None:
    ns = netns_name
    await ip("netns", "add", ns)
    await ip("-n", ns, "link", "add", "wwan0", "type", "veth", "peer", "name", "other0")
    _, before = await run("ip", "-o", "link")
    with pytest.raises(DataPlaneError, match=r"cannot name the TUN 'wwan0' in namespace"):
        async with DataPlane(ns):
            pass
    _, after = await run("ip", "-o", "link")
    assert "pqsim" not in after and after.count("\n") == before.count("\n")
