"""CTL messages, typed: generated from pyqmi.qmi.catalog.ctl.

Do not edit: change the catalog, then run ``python -m pyqmi.qmi.typegen``
(a test fails while this file is stale).  Design: ``pyqmi.qmi.typed``.
"""

from __future__ import annotations

from pyqmi.qmi.catalog import ctl as _catalog
from pyqmi.qmi.typed.base import Struct
from pyqmi.qmi.typed.messages import Indication as _Indication
from pyqmi.qmi.typed.messages import Request as _Request
from pyqmi.qmi.typed.messages import Response as _Response


class Service(Struct):
    service: int
    major: int
    minor: int


class Allocation(Struct):
    service: int
    cid: int


class GetVersionInfo:
    """CTL Get Version Info (0x0021)."""

    class Response(_Response):
        _definition_ = _catalog.GET_VERSION_INFO
        services: tuple[Service, ...] | None = None
        _conv_ = {"services": ("Service",)}

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_VERSION_INFO


class AllocateCid:
    """CTL Allocate CID (0x0022)."""

    class Response(_Response):
        _definition_ = _catalog.ALLOCATE_CID
        allocation: Allocation | None = None
        _conv_ = {"allocation": "Allocation"}

    class Request(_Request[Response]):
        _definition_ = _catalog.ALLOCATE_CID
        service: int | None = None


class ReleaseCid:
    """CTL Release CID (0x0023)."""

    class Response(_Response):
        _definition_ = _catalog.RELEASE_CID
        release: Allocation | None = None
        _conv_ = {"release": "Allocation"}

    class Request(_Request[Response]):
        _definition_ = _catalog.RELEASE_CID
        release: Allocation | None = None
        _conv_ = {"release": "Allocation"}


class Sync:
    """CTL Sync (0x0027)."""

    class Response(_Response):
        _definition_ = _catalog.SYNC

    class Request(_Request[Response]):
        _definition_ = _catalog.SYNC

    class Indication(_Indication):
        _definition_ = _catalog.SYNC


class InternalProxyOpen:
    """CTL Internal Proxy Open (0xff00)."""

    class Response(_Response):
        _definition_ = _catalog.INTERNAL_PROXY_OPEN

    class Request(_Request[Response]):
        _definition_ = _catalog.INTERNAL_PROXY_OPEN
        device_path: str | None = None
