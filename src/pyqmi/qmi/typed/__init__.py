"""Typed QMI messages: one generated module per service, imported only when used.

    from pyqmi.qmi.typed import wds
    answer = await client.request(wds.StartNetwork.Request(apn="internet"))
    answer.packet_data_handle        # int | None; a typo is a mypy error

Theory of operation
-------------------
Each catalog ``MessageDef`` gets a namespace class (``wds.StartNetwork``) holding a
``Request``, a ``Response`` and, where the message has one, an ``Indication``; each
TLV is a field (None = absent).  A structured TLV or array item is a ``Struct`` record,
an array a tuple, a wire enum a ``WireEnum`` (an ``IntEnum`` whose member names are the
catalog's, so ``str(PinState.enabled_not_verified)`` is the name the plain values showed)
and a bit mask a ``WireFlag``.  A number the catalog does not name stays a plain ``int``
(fields are typed ``Enum | int``), so a new firmware value never breaks a decode.

Why generated source (``python -m pyqmi.qmi.typegen``), as libqmi does, rather than
classes written by hand next to the layouts: the catalog stays the one declaration of
each field (hand-written classes would repeat 600 field and member names, and drift),
while mypy still reads ordinary class statements; a test fails when a generated module
is stale.  Why not classes made at run time from the catalog: mypy could not see them.

Import cost (instructions counted under cachegrind, bytecode compiled): all six modules
add ~40 M instructions on top of the catalog; with eager enums it was ~110 M, and with
``@dataclass`` records it would be several times more.  So the records are plain classes
under a ``dataclass_transform`` base (``base.Record``), and enums are made on first use
(``base.lazy_enums``).  Importing ``pyqmi.qmi.typed`` itself loads no service module.

The codec is unchanged: typed objects convert to and from the plain values of
``pyqmi.qmi.message``, so redaction, unknown TLVs, TLV errors and byte-exact re-encoding
behave exactly as there.  ``base`` has the records and enums, ``messages`` the message
bases.
"""
