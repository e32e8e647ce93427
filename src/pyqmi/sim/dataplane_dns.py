"""The simulator's DNS server: one question in, one well-formed RFC 1035 response out.

Every name resolves to one fixed documentation address (192.0.2.10, 2001:db8::10), except names
under the special-use `.invalid` TLD (RFC 6761), which get NXDOMAIN. Queries that are not plain
standard queries get the matching error code (FORMERR, NOTIMP) instead of silence, so a resolver
under test fails fast. EDNS records in the query are ignored; the response carries none, which
is what an EDNS-unaware server does.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address

ANSWER_A = IPv4Address("192.0.2.10")
ANSWER_AAAA = IPv6Address("2001:db8::10")
ANSWER_TTL = 300
NXDOMAIN_TLD = b"invalid"

TYPE_A = 1
TYPE_AAAA = 28
CLASS_IN = 1

RCODE_NOERROR = 0
RCODE_FORMERR = 1
RCODE_NXDOMAIN = 3
RCODE_NOTIMP = 4

FLAG_QR = 0x8000
FLAG_AA = 0x0400
FLAG_RD = 0x0100
FLAG_RA = 0x0080
OPCODE_SHIFT = 11

HEADER = struct.Struct("!HHHHHH")
QUESTION_TAIL = struct.Struct("!HH")
ANSWER_RR = struct.Struct("!HHHIH")  # name pointer, type, class, ttl, rdlength
POINTER_TO_QUESTION = 0xC000 | HEADER.size
MAX_NAME_LENGTH = 255


class DnsFormatError(ValueError):
    """The query's question section cannot be parsed."""


@dataclass(frozen=True)
class DnsQuestion:
    labels: tuple[bytes, ...]
    qtype: int
    qclass: int
    wire: bytes  # the question exactly as received, echoed in the response

    @property
    def name(self) -> str:
        return ".".join(label.decode("latin-1") for label in self.labels) + "."


def parse_question(message: bytes) -> DnsQuestion:
    """The single question of a query; compression pointers are not valid here."""
    offset = HEADER.size
    labels: list[bytes] = []
    while True:
        if offset >= len(message):
            raise DnsFormatError("name runs past the end of the message")
        length = message[offset]
        if length == 0:
            offset += 1
            break
        if length > 63:
            raise DnsFormatError("compressed or oversized label in a question")
        labels.append(message[offset + 1 : offset + 1 + length])
        offset += 1 + length
    if offset - HEADER.size > MAX_NAME_LENGTH:
        raise DnsFormatError("name longer than 255 octets")
    if offset + QUESTION_TAIL.size > len(message):
        raise DnsFormatError("question ends before type and class")
    qtype, qclass = QUESTION_TAIL.unpack_from(message, offset)
    wire = message[HEADER.size : offset + QUESTION_TAIL.size]
    return DnsQuestion(tuple(labels), qtype, qclass, wire)


def answer_query(message: bytes) -> bytes | None:
    """The response to one DNS query message; None if it is not a query at all."""
    if len(message) < HEADER.size:
        return None
    ident, flags, qdcount, _an, _ns, _ar = HEADER.unpack_from(message)
    if flags & FLAG_QR:
        return None  # a response: answering it could loop
    opcode = (flags >> OPCODE_SHIFT) & 0x0F
    reply_flags = FLAG_QR | FLAG_AA | FLAG_RA | (flags & FLAG_RD) | (opcode << OPCODE_SHIFT)
    if opcode != 0:
        return HEADER.pack(ident, reply_flags | RCODE_NOTIMP, 0, 0, 0, 0)
    if qdcount != 1:
        return HEADER.pack(ident, reply_flags | RCODE_FORMERR, 0, 0, 0, 0)
    try:
        question = parse_question(message)
    except DnsFormatError:
        return HEADER.pack(ident, reply_flags | RCODE_FORMERR, 0, 0, 0, 0)
    rcode, records = _resolve(question)
    header = HEADER.pack(ident, reply_flags | rcode, 1, len(records), 0, 0)
    return header + question.wire + b"".join(records)


def _resolve(question: DnsQuestion) -> tuple[int, list[bytes]]:
    if question.qclass != CLASS_IN:
        return RCODE_NOTIMP, []
    if question.labels and question.labels[-1].lower() == NXDOMAIN_TLD:
        return RCODE_NXDOMAIN, []
    if question.qtype == TYPE_A:
        return RCODE_NOERROR, [_record(TYPE_A, ANSWER_A.packed)]
    if question.qtype == TYPE_AAAA:
        return RCODE_NOERROR, [_record(TYPE_AAAA, ANSWER_AAAA.packed)]
    return RCODE_NOERROR, []  # the name exists but has no data of this type


def _record(rtype: int, rdata: bytes) -> bytes:
    return ANSWER_RR.pack(POINTER_TO_QUESTION, rtype, CLASS_IN, ANSWER_TTL, len(rdata)) + rdata
