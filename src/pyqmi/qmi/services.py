"""QMI service numbers."""

from __future__ import annotations

import enum


class Service(enum.IntEnum):
    CTL = 0x00
    WDS = 0x01
    DMS = 0x02
    NAS = 0x03
    QOS = 0x04
    WMS = 0x05
    PDS = 0x06
    AUTH = 0x07
    AT = 0x08
    VOICE = 0x09
    CAT2 = 0x0A
    UIM = 0x0B
    PBM = 0x0C
    LOC = 0x10
    SAR = 0x11
    WDA = 0x1A
    SSC = 0x0190


def service_name(number: int) -> str:
    try:
        return Service(number).name
    except ValueError:
        return f"0x{number:02x}"


def service_by_name(name: str) -> Service:
    try:
        return Service[name.upper()]
    except KeyError:
        raise ValueError(f"unknown QMI service {name!r}") from None
