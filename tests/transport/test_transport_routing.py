"""The pure bookkeeping: transaction ids, response keys, indication targets."""

from __future__ import annotations

from pyqmi.qmi.frame import Frame, Kind
from pyqmi.qmi.message import Message
from pyqmi.qmi.services import Service
from pyqmi.transport.routing import ResponseKey, Subscriptions, TransactionIds


def test_ctl_transaction_ids_are_8_bit_and_skip_zero() -> None:
    ids = TransactionIds()
    seen = [ids.next(Service.CTL, 0) for _ in range(300)]
    assert seen[:3] == [1, 2, 3]
    assert seen[254] == 255 and seen[255] == 1
    assert 0 not in seen and max(seen) == 255


def test_service_transaction_ids_are_16_bit_per_service_and_client() -> None:
    ids = TransactionIds()
    seen = [ids.next(Service.DMS, 1) for _ in range(0x10000)]
    assert max(seen) == 0xFFFF and 0 not in seen and seen[-1] == 1
    assert ids.next(Service.DMS, 2) == 1  # another client counts on its own
    assert ids.next(Service.NAS, 1) == 1


def test_busy_transaction_ids_are_skipped() -> None:
    ids = TransactionIds()
    assert ids.next(Service.CTL, 0, busy=lambda t: t in (1, 2)) == 3


def test_response_key_matches_request_fields() -> None:
    frame = Frame(Service.WDS, 4, Kind.RESPONSE, 513, 0x20)
    assert ResponseKey.of(frame) == ResponseKey(1, 4, 513, 0x20)


def test_indication_targets_by_cid() -> None:
    subs = Subscriptions()
    calls: list[Message] = []
    sub = subs.add(Service.NAS, 0x24, calls.append)
    ind = Frame(Service.NAS, 3, Kind.INDICATION, 0, 0x24)
    assert subs.targets(ind, own_cids=[3]) == [sub]
    assert subs.targets(ind, own_cids=[4]) == []
    assert subs.targets(Frame(Service.NAS, 0xFF, Kind.INDICATION, 0, 0x24), []) == [sub]
    assert subs.targets(Frame(Service.NAS, 3, Kind.INDICATION, 0, 0x25), [3]) == []
    assert subs.targets(Frame(Service.CTL, 0, Kind.INDICATION, 0, 0x24), []) == []
    with sub:
        pass
    assert subs.targets(ind, own_cids=[3]) == [] and len(subs) == 0


def test_client_ids_default_extra_and_refusals() -> None:
    import pytest

    from pyqmi.transport.cids import ClientIds
    from pyqmi.transport.errors import NoClientId

    ids = ClientIds()
    assert ids.hold(Service.WDS, 5) and ids.hold(Service.WDS, 6)
    assert not ids.hold(Service.WDS, 5)
    assert ids.resolve(Service.WDS, None) == 5 and ids.resolve(Service.WDS, 6) == 6
    assert ids.defaults() == {Service.WDS: 5}
    with pytest.raises(NoClientId):
        ids.resolve(Service.WDS, 7)
    for service, cid in ((Service.CTL, 1), (Service.DMS, 0xFF), (Service.DMS, -1)):
        with pytest.raises(ValueError):
            ids.hold(service, cid)
    ids.forget(Service.WDS, 5)
    assert ids.defaults() == {Service.WDS: 6}
    ids.forget(Service.WDS, 6)
    assert not ids and ids.every() == []
