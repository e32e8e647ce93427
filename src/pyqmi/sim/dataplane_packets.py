"""Pure IPv4/IPv6, ICMP echo and UDP packet handling for the simulator's data plane.

Packets are raw IP datagrams exactly as a qmi_wwan netdev in raw-ip mode carries them: no link
header, the first nibble says IPv4 or IPv6. Everything here is bytes in, bytes (or a parsed value)
out; nothing touches a socket, so the data plane's answers can be tested without a TUN.

Malformed input raises `MalformedPacket` with a short reason; the responder turns that into a
counted drop. Only what the simulator needs is understood: no IPv4 options are echoed, IPv4
fragments and IPv6 extension headers are refused rather than reassembled or walked.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address

IPPROTO_ICMP = 1
IPPROTO_UDP = 17
IPPROTO_ICMPV6 = 58

ICMP_ECHO_REPLY = 0
ICMP_ECHO_REQUEST = 8
ICMPV6_ECHO_REQUEST = 128
ICMPV6_ECHO_REPLY = 129

REPLY_HOP_LIMIT = 64

IPv4_HEADER = struct.Struct("!BBHHHBBH4s4s")
IPv6_HEADER = struct.Struct("!IHBB16s16s")
UDP_HEADER = struct.Struct("!HHHH")
ICMP_HEADER = struct.Struct("!BBH")

IpAddress = IPv4Address | IPv6Address


class MalformedPacket(ValueError):
    """A packet the data plane cannot make sense of; the message says why."""


@dataclass(frozen=True)
class IpPacket:
    """One parsed IP datagram: the addresses, the upper-layer protocol and its bytes."""

    version: int
    src: IpAddress
    dst: IpAddress
    protocol: int
    payload: bytes


@dataclass(frozen=True)
class UdpDatagram:
    src_port: int
    dst_port: int
    data: bytes


def internet_checksum(data: bytes) -> int:
    """RFC 1071 ones' complement sum of 16-bit words, complemented."""
    if len(data) % 2:
        data += b"\x00"
    total: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _pseudo_header(src: IpAddress, dst: IpAddress, protocol: int, length: int) -> bytes:
    if isinstance(src, IPv4Address):
        return src.packed + dst.packed + struct.pack("!BBH", 0, protocol, length)
    return src.packed + dst.packed + struct.pack("!IxxxB", length, protocol)


def transport_checksum(src: IpAddress, dst: IpAddress, protocol: int, segment: bytes) -> int:
    """Checksum of a UDP or ICMPv6 segment including the IP pseudo-header."""
    return internet_checksum(_pseudo_header(src, dst, protocol, len(segment)) + segment)


def parse_ip(packet: bytes) -> IpPacket:
    """Parse one raw IP datagram (IPv4 or IPv6, chosen by the version nibble)."""
    if not packet:
        raise MalformedPacket("empty packet")
    version = packet[0] >> 4
    if version == 4:
        return _parse_ipv4(packet)
    if version == 6:
        return _parse_ipv6(packet)
    raise MalformedPacket(f"IP version {version}")


def _parse_ipv4(packet: bytes) -> IpPacket:
    if len(packet) < IPv4_HEADER.size:
        raise MalformedPacket("short IPv4 header")
    ver_ihl, _tos, total, _ident, frag, _ttl, proto, _csum, src, dst = IPv4_HEADER.unpack_from(
        packet
    )
    header_len = (ver_ihl & 0x0F) * 4
    if header_len < IPv4_HEADER.size or total < header_len or total > len(packet):
        raise MalformedPacket("bad IPv4 lengths")
    if internet_checksum(packet[:header_len]) != 0:
        raise MalformedPacket("bad IPv4 header checksum")
    if frag & 0x3FFF:  # more-fragments flag or a non-zero offset
        raise MalformedPacket("IPv4 fragment")
    return IpPacket(4, IPv4Address(src), IPv4Address(dst), proto, packet[header_len:total])


def _parse_ipv6(packet: bytes) -> IpPacket:
    if len(packet) < IPv6_HEADER.size:
        raise MalformedPacket("short IPv6 header")
    _vtcfl, payload_len, next_header, _hops, src, dst = IPv6_HEADER.unpack_from(packet)
    end = IPv6_HEADER.size + payload_len
    if end > len(packet):
        raise MalformedPacket("bad IPv6 payload length")
    return IpPacket(
        6, IPv6Address(src), IPv6Address(dst), next_header, packet[IPv6_HEADER.size : end]
    )


def build_ip(src: IpAddress, dst: IpAddress, protocol: int, payload: bytes) -> bytes:
    """A fresh IP datagram from src to dst (same family) with the given payload."""
    if isinstance(src, IPv4Address) and isinstance(dst, IPv4Address):
        total = IPv4_HEADER.size + len(payload)
        fields = (0x45, 0, total, 0, 0x4000, REPLY_HOP_LIMIT, protocol)  # DF set, no fragments
        header = IPv4_HEADER.pack(*fields, 0, src.packed, dst.packed)
        checksum = internet_checksum(header)
        header = IPv4_HEADER.pack(*fields, checksum, src.packed, dst.packed)
        return header + payload
    if isinstance(src, IPv6Address) and isinstance(dst, IPv6Address):
        header = IPv6_HEADER.pack(
            6 << 28, len(payload), protocol, REPLY_HOP_LIMIT, src.packed, dst.packed
        )
        return header + payload
    raise ValueError(f"address families differ: {src} -> {dst}")


def echo_reply(packet: IpPacket) -> bytes | None:
    """The full reply datagram if `packet` is a valid ICMP/ICMPv6 echo request, else None."""
    if packet.version == 4:
        protocol, request_type, reply_type = IPPROTO_ICMP, ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY
    else:
        protocol, request_type = IPPROTO_ICMPV6, ICMPV6_ECHO_REQUEST
        reply_type = ICMPV6_ECHO_REPLY
    message = packet.payload
    if packet.protocol != protocol or len(message) < 8:
        return None
    msg_type, code, _checksum = ICMP_HEADER.unpack_from(message)
    if msg_type != request_type or code != 0:
        return None
    if _icmp_checksum(packet.src, packet.dst, protocol, message) != 0:
        raise MalformedPacket("bad ICMP checksum")
    # The identifier, sequence number and data are echoed unchanged (RFC 792, RFC 4443).
    unsummed = ICMP_HEADER.pack(reply_type, 0, 0) + message[4:]
    checksum = _icmp_checksum(packet.dst, packet.src, protocol, unsummed)
    reply = ICMP_HEADER.pack(reply_type, 0, checksum) + message[4:]
    return build_ip(packet.dst, packet.src, protocol, reply)


def _icmp_checksum(src: IpAddress, dst: IpAddress, protocol: int, message: bytes) -> int:
    # ICMPv4 sums the message alone; ICMPv6 includes the pseudo-header like UDP.
    if protocol == IPPROTO_ICMP:
        return internet_checksum(message)
    return transport_checksum(src, dst, protocol, message)


def parse_udp(packet: IpPacket) -> UdpDatagram:
    """The UDP datagram carried by `packet`, with its length and checksum verified."""
    segment = packet.payload
    if len(segment) < UDP_HEADER.size:
        raise MalformedPacket("short UDP header")
    src_port, dst_port, length, checksum = UDP_HEADER.unpack_from(segment)
    if length < UDP_HEADER.size or length > len(segment):
        raise MalformedPacket("bad UDP length")
    segment = segment[:length]
    # A zero checksum means "not computed", which only IPv4 allows (RFC 8200 section 8.1).
    verify = checksum != 0 or packet.version == 6
    if verify and transport_checksum(packet.src, packet.dst, IPPROTO_UDP, segment) != 0:
        raise MalformedPacket("bad UDP checksum")
    return UdpDatagram(src_port, dst_port, segment[UDP_HEADER.size :])


def build_udp(src: IpAddress, dst: IpAddress, src_port: int, dst_port: int, data: bytes) -> bytes:
    """A complete IP datagram carrying one UDP datagram, checksummed."""
    length = UDP_HEADER.size + len(data)
    unsummed = UDP_HEADER.pack(src_port, dst_port, length, 0) + data
    checksum = transport_checksum(src, dst, IPPROTO_UDP, unsummed) or 0xFFFF
    segment = UDP_HEADER.pack(src_port, dst_port, length, checksum) + data
    return build_ip(src, dst, IPPROTO_UDP, segment)
