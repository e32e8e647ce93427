"""WDA (service 0x1A): the data format between host and modem (raw IP, QMAP).

Layouts follow libqmi's qmi-service-wda.json.  Note that the uplink
aggregation limits use different TLV types in the request (0x1B/0x1C) and in
the responses (0x17/0x18), where 0x17 of the request is the endpoint.
"""

from __future__ import annotations

import construct as c

from pyqmi.qmi.message import MessageDef, TlvDef
from pyqmi.qmi.services import Service
from pyqmi.qmi.types import boolean, enum32, u8, u32

S = Service.WDA

LINK_LAYER_PROTOCOL = enum32(unknown=0, ieee_802_3=1, raw_ip=2, ethernet_pdu=3)
AGGREGATION_PROTOCOL = enum32(
    disabled=0,
    tlp=1,
    qc_ncm=2,
    mbim=3,
    rndis=4,
    qmap=5,
    qmapv2=6,
    qmapv3=7,
    qmapv4=8,
    qmapv5=9,
)
ENDPOINT_TYPE = enum32(
    unknown=0, hsic=1, hsusb=2, pcie=3, embedded=4, bam_dmux=5, ethernet=6, undefined=0xFF
)
_endpoint = c.Struct("endpoint_type" / ENDPOINT_TYPE, "interface_number" / u32)

# TLVs with the same type and meaning in the request and both responses.
_FORMAT = (
    TlvDef(0x10, "qos_format", boolean),
    TlvDef(0x11, "link_layer_protocol", LINK_LAYER_PROTOCOL),
    TlvDef(0x12, "uplink_aggregation_protocol", AGGREGATION_PROTOCOL),
    TlvDef(0x13, "downlink_aggregation_protocol", AGGREGATION_PROTOCOL),
    TlvDef(0x14, "ndp_signature", u32),
    TlvDef(0x15, "downlink_max_datagrams", u32),
    TlvDef(0x16, "downlink_max_size", u32),
)
_FORMAT_REPLY = (
    *_FORMAT,
    TlvDef(0x17, "uplink_max_datagrams", u32),
    TlvDef(0x18, "uplink_max_size", u32),
    TlvDef(0x1A, "downlink_min_padding", u32),
    TlvDef(0x1B, "flow_control", u8),
)

SET_DATA_FORMAT = MessageDef(
    S,
    0x0020,
    "set_data_format",
    title="WDA Set Data Format",
    request=(
        *_FORMAT,
        TlvDef(0x17, "endpoint_info", _endpoint),
        TlvDef(0x1B, "uplink_max_datagrams", u32),
        TlvDef(0x1C, "uplink_max_size", u32),
    ),
    response=_FORMAT_REPLY,
)
GET_DATA_FORMAT = MessageDef(
    S,
    0x0021,
    "get_data_format",
    title="WDA Get Data Format",
    request=(TlvDef(0x10, "endpoint_info", _endpoint),),
    response=_FORMAT_REPLY,
)

MESSAGES = (SET_DATA_FORMAT, GET_DATA_FORMAT)
