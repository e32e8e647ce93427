"""WDA messages, typed: generated from pyqmi.qmi.catalog.wda.

Do not edit: change the catalog, then run ``python -m pyqmi.qmi.typegen``
(a test fails while this file is stale).  Design: ``pyqmi.qmi.typed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyqmi.qmi.catalog import wda as _catalog
from pyqmi.qmi.typed.base import EnumTables, Struct, WireEnum, lazy_enums
from pyqmi.qmi.typed.messages import Request as _Request
from pyqmi.qmi.typed.messages import Response as _Response

if TYPE_CHECKING:

    class LinkLayerProtocol(WireEnum):
        unknown = 0
        ieee_802_3 = 1
        raw_ip = 2
        ethernet_pdu = 3

    class AggregationProtocol(WireEnum):
        disabled = 0
        tlp = 1
        qc_ncm = 2
        mbim = 3
        rndis = 4
        qmap = 5
        qmapv2 = 6
        qmapv3 = 7
        qmapv4 = 8
        qmapv5 = 9

    class EndpointType(WireEnum):
        unknown = 0
        hsic = 1
        hsusb = 2
        pcie = 3
        embedded = 4
        bam_dmux = 5
        ethernet = 6
        undefined = 255

else:
    _ENUMS: EnumTables = {
        "LinkLayerProtocol": (
            WireEnum,
            {
                "unknown": 0,
                "ieee_802_3": 1,
                "raw_ip": 2,
                "ethernet_pdu": 3,
            },
        ),
        "AggregationProtocol": (
            WireEnum,
            {
                "disabled": 0,
                "tlp": 1,
                "qc_ncm": 2,
                "mbim": 3,
                "rndis": 4,
                "qmap": 5,
                "qmapv2": 6,
                "qmapv3": 7,
                "qmapv4": 8,
                "qmapv5": 9,
            },
        ),
        "EndpointType": (
            WireEnum,
            {
                "unknown": 0,
                "hsic": 1,
                "hsusb": 2,
                "pcie": 3,
                "embedded": 4,
                "bam_dmux": 5,
                "ethernet": 6,
                "undefined": 255,
            },
        ),
    }
    __getattr__ = lazy_enums(globals(), _ENUMS)


class Endpoint(Struct):
    endpoint_type: EndpointType | int
    interface_number: int
    _conv_ = {"endpoint_type": "EndpointType"}


class SetDataFormat:
    """WDA Set Data Format (0x0020)."""

    class Response(_Response):
        _definition_ = _catalog.SET_DATA_FORMAT
        qos_format: bool | None = None
        link_layer_protocol: LinkLayerProtocol | int | None = None
        uplink_aggregation_protocol: AggregationProtocol | int | None = None
        downlink_aggregation_protocol: AggregationProtocol | int | None = None
        ndp_signature: int | None = None
        downlink_max_datagrams: int | None = None
        downlink_max_size: int | None = None
        uplink_max_datagrams: int | None = None
        uplink_max_size: int | None = None
        downlink_min_padding: int | None = None
        flow_control: int | None = None
        _conv_ = {
            "link_layer_protocol": "LinkLayerProtocol",
            "uplink_aggregation_protocol": "AggregationProtocol",
            "downlink_aggregation_protocol": "AggregationProtocol",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.SET_DATA_FORMAT
        qos_format: bool | None = None
        link_layer_protocol: LinkLayerProtocol | int | None = None
        uplink_aggregation_protocol: AggregationProtocol | int | None = None
        downlink_aggregation_protocol: AggregationProtocol | int | None = None
        ndp_signature: int | None = None
        downlink_max_datagrams: int | None = None
        downlink_max_size: int | None = None
        endpoint_info: Endpoint | None = None
        uplink_max_datagrams: int | None = None
        uplink_max_size: int | None = None
        _conv_ = {
            "link_layer_protocol": "LinkLayerProtocol",
            "uplink_aggregation_protocol": "AggregationProtocol",
            "downlink_aggregation_protocol": "AggregationProtocol",
            "endpoint_info": "Endpoint",
        }


class GetDataFormat:
    """WDA Get Data Format (0x0021)."""

    class Response(_Response):
        _definition_ = _catalog.GET_DATA_FORMAT
        qos_format: bool | None = None
        link_layer_protocol: LinkLayerProtocol | int | None = None
        uplink_aggregation_protocol: AggregationProtocol | int | None = None
        downlink_aggregation_protocol: AggregationProtocol | int | None = None
        ndp_signature: int | None = None
        downlink_max_datagrams: int | None = None
        downlink_max_size: int | None = None
        uplink_max_datagrams: int | None = None
        uplink_max_size: int | None = None
        downlink_min_padding: int | None = None
        flow_control: int | None = None
        _conv_ = {
            "link_layer_protocol": "LinkLayerProtocol",
            "uplink_aggregation_protocol": "AggregationProtocol",
            "downlink_aggregation_protocol": "AggregationProtocol",
        }

    class Request(_Request[Response]):
        _definition_ = _catalog.GET_DATA_FORMAT
        endpoint_info: Endpoint | None = None
        _conv_ = {"endpoint_info": "Endpoint"}
