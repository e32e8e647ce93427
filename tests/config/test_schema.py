from __future__ import annotations

import pytest

from pyqmi.config import OPTIONS, OPTIONS_BY_NAME, Config, Kind, Origin, validate
from pyqmi.config.coerce import coerce
from pyqmi.config.schema import SECRET_OPTIONS, shim_declarations
from pyqmi.frozen import field_names

# What OpenWrt's qmi.sh declares (name -> proto_config_add_* type), read from
# package/network/utils/uqmi/files/lib/netifd/proto/qmi.sh; plus proto_config_add_defaults.
QMI_SH_DECLARES = {
    "device": "string", "apn": "string", "v6apn": "string", "auth": "string",
    "username": "string", "password": "string", "pincode": "string", "delay": "int",
    "modes": "string", "pdptype": "string", "profile": "int", "v6profile": "int",
    "devpath": "string", "dhcp": "boolean", "dhcpv6": "boolean", "sourcefilter": "boolean",
    "delegate": "boolean", "autoconnect": "boolean", "plmn": "int", "timeout": "int",
    "mtu": "int",
}  # fmt: skip
NETIFD_DEFAULTS = {"defaultroute": "boolean", "peerdns": "boolean", "renew": "boolean",
                   "metric": "int"}  # fmt: skip


def test_option_names_are_unique() -> None:
    names = [option.name for option in OPTIONS]
    assert len(names) == len(set(names))


def test_covers_every_qmi_sh_option_with_its_type() -> None:
    for name, shim_type in QMI_SH_DECLARES.items():
        option = OPTIONS_BY_NAME[name]
        assert option.origin is Origin.QMI_SH
        if name == "plmn":
            # Deliberate: netifd parses int options with strtol(base 0), turning
            # "00101" into 65; a string keeps the MCC+MNC digits intact.
            assert option.shim_type == "string"
        else:
            assert option.shim_type == shim_type, name


def test_covers_netifd_defaults_and_interface_tables() -> None:
    for name, shim_type in NETIFD_DEFAULTS.items():
        assert OPTIONS_BY_NAME[name].origin is Origin.NETIFD_DEFAULTS
        assert OPTIONS_BY_NAME[name].shim_type == shim_type
    assert OPTIONS_BY_NAME["ip4table"].origin is Origin.NETIFD_INTERFACE
    assert OPTIONS_BY_NAME["ip6table"].origin is Origin.NETIFD_INTERFACE


def test_config_has_one_field_per_option_in_table_order() -> None:
    assert list(field_names(Config)) == [o.name for o in OPTIONS]


def test_secrets_are_password_and_pincode_and_hidden_from_repr() -> None:
    assert {"password", "pincode"} == SECRET_OPTIONS
    raw = {"username": "u", "password": "pw-hidden", "pincode": "9876"}
    shown = repr(validate(raw, check_device=False).config)
    assert "pw-hidden" not in shown and "9876" not in shown
    for name in field_names(Config):
        assert (f" {name}=" in shown or f"({name}=" in shown) is (name not in SECRET_OPTIONS)


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.name)
def test_every_option_is_documented_and_its_default_is_valid(option: object) -> None:
    assert isinstance(option, type(OPTIONS[0]))
    assert len(option.help) > 10
    if option.default is None:
        return
    # A default must itself pass validation unchanged.
    raw = ",".join(option.default) if isinstance(option.default, tuple) else option.default
    assert coerce(option, raw, []) == option.default


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.name)
def test_limits_fit_the_kind(option: object) -> None:
    assert isinstance(option, type(OPTIONS[0]))
    if option.kind is Kind.INT:
        assert option.minimum is not None and option.maximum is not None
        assert option.minimum <= option.maximum
    if option.aliases:
        assert option.choices
        assert all(canonical in option.choices for _, canonical in option.aliases)


def test_shim_declarations_cover_own_and_qmi_sh_options_except_secrets() -> None:
    declared = {name.split(":")[0]: kind for kind, name in shim_declarations()}
    own = (Origin.QMI_SH, Origin.PYQMI)
    expected = {o.name: o.shim_type for o in OPTIONS if o.origin in own and not o.secret}
    assert declared == expected
    assert not declared.keys() & SECRET_OPTIONS  # netifd would copy them onto ubus
    assert ("string", "device:device") in shim_declarations()
