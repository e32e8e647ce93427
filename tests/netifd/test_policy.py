import pytest

from pyqmi.netifd.policy import (
    BlobType,
    MissingField,
    PayloadError,
    PayloadTypeError,
    UnknownField,
    blob_type_of,
    check_dynamic,
    check_payload,
)


def update(**extra: object) -> dict[str, object]:
    return {"action": 0, "interface": "wwan", "link-up": True, **extra}


def test_int_mask_is_rejected_with_its_path() -> None:
    with pytest.raises(PayloadTypeError) as err:
        check_payload(update(ipaddr=[{"ipaddr": "10.0.0.1", "mask": 30}]))
    assert err.value.path == "ipaddr[0].mask"
    assert "expected string" in str(err.value)


def test_string_link_up_is_rejected() -> None:
    with pytest.raises(PayloadTypeError) as err:
        check_payload({"action": 0, "interface": "wwan", "link-up": "1"})
    assert err.value.path == "link-up"


def test_bool_is_not_accepted_as_int32_nor_int_as_bool() -> None:
    with pytest.raises(PayloadTypeError):
        check_payload({"action": True, "interface": "wwan"})
    with pytest.raises(PayloadTypeError):
        check_payload({"action": 5, "interface": "wwan", "available": 1})


def test_route_netmask_int_rejected() -> None:
    with pytest.raises(PayloadTypeError) as err:
        check_payload(update(routes=[{"target": "0.0.0.0", "netmask": 0}]))
    assert err.value.path == "routes[0].netmask"


def test_non_string_dns_entry_rejected() -> None:
    with pytest.raises(PayloadTypeError) as err:
        check_payload(update(dns=["10.0.0.1", 5]))
    assert err.value.path == "dns[1]"


def test_unknown_and_missing_fields() -> None:
    with pytest.raises(UnknownField):
        check_payload(update(linkup=True))
    with pytest.raises(UnknownField):
        check_payload(update(ipaddr=[{"ipaddr": "10.0.0.1", "netmask": "30"}]))
    with pytest.raises(MissingField):
        check_payload({"action": 0, "interface": "wwan"})
    with pytest.raises(MissingField):
        check_payload({"action": 3, "interface": "wwan"})
    with pytest.raises(MissingField):
        check_payload({"action": 4})
    with pytest.raises(PayloadError):
        check_payload({"action": 8, "interface": "wwan"})


def test_data_table_content_is_free_form() -> None:
    check_payload(update(data={"anything": [1, "x", {"y": True}]}))


def test_blob_type_mapping() -> None:
    assert blob_type_of(True) is BlobType.BOOL
    assert blob_type_of(3) is BlobType.INT32
    assert blob_type_of(2**40) is None
    assert blob_type_of("x") is BlobType.STRING
    assert blob_type_of([]) is BlobType.ARRAY
    assert blob_type_of({}) is BlobType.TABLE
    assert blob_type_of(None) is None


def test_dynamic_policy() -> None:
    check_dynamic({"name": "wwan_4", "proto": "dhcp", "metric": 5})
    with pytest.raises(MissingField):
        check_dynamic({"proto": "dhcp"})
    with pytest.raises(PayloadTypeError):
        check_dynamic({"name": "wwan_4", "defaultroute": "0"})
