"""The async edge of pyqmi: one client for cdc-wdm devices, ttys/ptys and qmi-proxy.

``QmiClient`` (client.py) is the API; ``port.py`` does the descriptor I/O,
``routing.py`` the pure matching of responses and indications, ``proxy.py`` the
qmi-proxy handshake, ``errors.py`` the typed failures.
"""

from pyqmi.transport.client import QmiClient, service_number
from pyqmi.transport.errors import (
    ClientClosed,
    DeviceGone,
    DeviceNotReady,
    DeviceOpenError,
    NoClientId,
    ProxyError,
    RequestTimeout,
    TransportError,
)
from pyqmi.transport.port import Framing
from pyqmi.transport.routing import BROADCAST_CID, Subscription
from pyqmi.transport.stats import TransportStats

__all__ = [
    "BROADCAST_CID",
    "ClientClosed",
    "DeviceGone",
    "DeviceNotReady",
    "DeviceOpenError",
    "Framing",
    "NoClientId",
    "ProxyError",
    "QmiClient",
    "RequestTimeout",
    "Subscription",
    "TransportError",
    "TransportStats",
    "service_number",
]
