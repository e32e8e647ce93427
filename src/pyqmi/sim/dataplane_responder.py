"""What the simulated network answers, as a pure function of one packet and the call's addresses.

The host (the router running pyqmi) owns the address the modem handed out; everything else is
"past the gateway" and alive: it answers pings. The DNS server addresses of the call also answer
UDP port 53. Anything else, and everything while no data call is up, is dropped with a reason.

DHCP is never answered. A raw-ip modem hands its addresses out over QMI (WDS Get Current
Settings); the bg96 scenario in particular must show a host that waits for a lease in vain. If a
scenario ever needs a DHCP server, it becomes a flag on `AddressPlan`, not a silent default.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address

from pyqmi.sim.dataplane_dns import answer_query
from pyqmi.sim.dataplane_packets import (
    IPPROTO_ICMP,
    IPPROTO_ICMPV6,
    IPPROTO_UDP,
    IpAddress,
    IpPacket,
    MalformedPacket,
    UdpDatagram,
    build_udp,
    echo_reply,
    parse_ip,
    parse_udp,
)

DNS_PORT = 53
DHCP_SERVER_PORTS = (67, 547)  # DHCPv4 server, DHCPv6 server/relay
ANSWER_DHCP = False  # see the module comment


class Outcome(enum.Enum):
    ECHO_REPLY = "echo_replies"
    DNS_ANSWER = "dns_answers"
    DROPPED = "dropped"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reply: bytes | None = None
    reason: str = ""  # why a packet was dropped


@dataclass(frozen=True)
class AddressPlan:
    """The addresses of the connected data call, as the simulator handed them out."""

    host4: IPv4Address | None = None
    gateway4: IPv4Address | None = None
    dns4: frozenset[IPv4Address] = frozenset()
    host6: IPv6Address | None = None
    gateway6: IPv6Address | None = None
    dns6: frozenset[IPv6Address] = frozenset()

    def host(self, version: int) -> IpAddress | None:
        return self.host4 if version == 4 else self.host6

    def is_dns_server(self, address: IpAddress) -> bool:
        return address in self.dns4 or address in self.dns6


def _drop(reason: str) -> Verdict:
    return Verdict(Outcome.DROPPED, reason=reason)


def respond(raw: bytes, plan: AddressPlan | None) -> Verdict:
    """The network's answer to one raw IP packet sent by the host."""
    if plan is None:
        return _drop("no data call")
    try:
        packet = parse_ip(raw)
        return _respond_parsed(packet, plan)
    except MalformedPacket as exc:
        return _drop(f"malformed: {exc}")


def _respond_parsed(packet: IpPacket, plan: AddressPlan) -> Verdict:
    datagram = parse_udp(packet) if packet.protocol == IPPROTO_UDP else None
    if datagram is not None and datagram.dst_port in DHCP_SERVER_PORTS and not ANSWER_DHCP:
        return _drop("DHCP is never answered")
    host = plan.host(packet.version)
    if host is None:
        return _drop(f"IPv{packet.version} not part of the call")
    if packet.dst == host:
        return _drop("addressed to the host itself")
    if packet.dst.is_multicast or _is_ipv4_broadcast(packet.dst):
        return _drop("multicast or broadcast")
    if packet.src.is_multicast or packet.src.is_unspecified:
        return _drop("source cannot be answered")
    if packet.protocol in (IPPROTO_ICMP, IPPROTO_ICMPV6):
        reply = echo_reply(packet)
        if reply is None:
            return _drop("ICMP other than echo request")
        return Verdict(Outcome.ECHO_REPLY, reply)
    if datagram is not None:
        return _respond_udp(packet, datagram, plan)
    return _drop(f"IP protocol {packet.protocol}")


def _respond_udp(packet: IpPacket, datagram: UdpDatagram, plan: AddressPlan) -> Verdict:
    if datagram.dst_port != DNS_PORT:
        return _drop(f"UDP port {datagram.dst_port}")
    if not plan.is_dns_server(packet.dst):
        return _drop("DNS query to an address that is not a DNS server of the call")
    answer = answer_query(datagram.data)
    if answer is None:
        return _drop("not a DNS query")
    reply = build_udp(packet.dst, packet.src, DNS_PORT, datagram.src_port, answer)
    return Verdict(Outcome.DNS_ANSWER, reply)


def _is_ipv4_broadcast(address: IpAddress) -> bool:
    return isinstance(address, IPv4Address) and address == IPv4Address("255.255.255.255")
