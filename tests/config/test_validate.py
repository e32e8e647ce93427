"""One test per validation rule; device paths are in test_device.py."""

from __future__ import annotations

from typing import Any

import pytest

from pyqmi.config import ConfigError, Loaded, validate, validate_environ, validate_json
from pyqmi.config.errors import CONFIG_INVALID, INVALID_OPTION, PIN_INVALID


def check(**options: Any) -> Loaded:
    """Validate without touching the file system."""
    return validate(options, check_device=False)


def fails(**options: Any) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        check(**options)
    return caught.value


# --- defaults ----------------------------------------------------------------------------


def test_defaults_follow_qmi_sh_except_static_ipv4() -> None:
    loaded = check()
    config = loaded.config
    assert (config.pdptype, config.auth, config.timeout, config.metric) == ("IP", "none", 10, 0)
    assert config.dhcp is False and config.dhcpv6 is False
    assert config.autoconnect is True  # qmi.sh: on by default for IP
    assert config.registration_timeout == 10  # follows timeout
    assert config.defaultroute is True and config.peerdns is True
    assert config.sourcefilter is True and config.delegate is True
    assert config.modes == () and config.plmn == "" and config.mtu is None
    assert config.profile is None and config.v6profile is None
    assert (config.retry_backoff_min, config.retry_backoff_max, config.max_attempts) == (5, 300, 0)
    assert config.data_format == "auto" and config.ubus_status is True and config.debug is False
    assert loaded.slices.call.pdp_fallback and loaded.slices.call.auth_fallback
    assert loaded.notes == ()


def test_empty_strings_mean_default() -> None:
    config = check(timeout="", dhcp="", pdptype="", modes="").config
    assert (config.timeout, config.dhcp, config.pdptype, config.modes) == (10, False, "IP", ())


def test_unknown_keys_are_ignored() -> None:
    assert check(proto="pyqmi", ifname="wwan0", auto=True).config.pdptype == "IP"


# --- pdptype -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [("IP", "IP"), ("ip", "IP"), ("Ipv6", "IPV6"), ("IPV4V6", "IPV4V6"), ("ipv4v6", "IPV4V6")],
)
def test_pdptype_canonical_any_case_without_note(given: str, expected: str) -> None:
    loaded = check(pdptype=given)
    assert loaded.config.pdptype == expected
    assert loaded.notes == ()


@pytest.mark.parametrize(
    ("given", "expected"),
    [("ipv4", "IP"), ("IPv4", "IP"), ("dual", "IPV4V6"), ("DualStack", "IPV4V6"),
     ("ipv4+ipv6", "IPV4V6")],
)  # fmt: skip
def test_pdptype_alias_is_read_and_noted(given: str, expected: str) -> None:
    loaded = check(pdptype=given)
    assert loaded.config.pdptype == expected
    assert loaded.notes == (f"option pdptype '{given}' read as '{expected}'",)


def test_pdptype_unknown_names_option_value_and_choices() -> None:
    error = fails(pdptype="ipv5")
    assert (error.code, error.option, error.permanent) == (INVALID_OPTION, "pdptype", True)
    assert "option pdptype 'ipv5' is not one of IP, IPV6, IPV4V6" in error.message
    assert "also accepted: ipv4, dual" in error.message


# --- auth --------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["none", "PAP", "Chap", "both"])
def test_auth_any_case(given: str) -> None:
    assert check(auth=given).config.auth == given.lower()


def test_auth_luci_label_pap_chap_means_both() -> None:
    loaded = check(auth="PAP/CHAP", username="xxxx", password="xxxx")
    assert loaded.config.auth == "both"
    assert "option auth 'PAP/CHAP' read as 'both'" in loaded.notes


def test_auth_unknown_lists_methods() -> None:
    error = fails(auth="mschap")
    assert error.code == INVALID_OPTION
    assert "option auth 'mschap' is not one of none, pap, chap, both" in error.message


def test_auth_unset_with_credentials_becomes_both() -> None:
    loaded = check(username="user", password="pw")
    assert loaded.config.auth == "both"
    assert any("using both" in note for note in loaded.notes)


def test_auth_none_with_credentials_is_noted() -> None:
    loaded = check(auth="none", username="user")
    assert loaded.config.auth == "none"
    assert "option auth is none; username and password are not sent" in loaded.notes


# --- PIN and other secrets ---------------------------------------------------------------


@pytest.mark.parametrize("pin", ["1234", "0000", "12345678"])
def test_pin_of_4_to_8_digits(pin: str) -> None:
    assert check(pincode=pin).config.pincode == pin


def test_pin_given_as_json_number() -> None:
    assert check(pincode=4711).config.pincode == "4711"


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "12 34", "\uff11\uff12\uff13\uff14"])
def test_bad_pin_is_rejected_without_echoing_it(pin: str) -> None:
    error = fails(pincode=pin)
    assert (error.code, error.option, error.permanent) == (PIN_INVALID, "pincode", True)
    assert error.message.startswith("option pincode is not 4 to 8 digits")
    assert pin not in str(error) and pin not in repr(error)


@pytest.mark.parametrize(
    "password", ["x" * 128, "bad\x01secret", "tab\tsecret"], ids=["long", "ctrl", "tab"]
)
def test_bad_password_is_rejected_without_echoing_it(password: str) -> None:
    error = fails(password=password)
    assert error.option == "password"
    assert error.message.startswith("option password ")
    assert "secret" not in error.message and "x" * 20 not in error.message
    assert "secret" not in repr(error)


def test_secrets_stay_out_of_repr_but_are_kept() -> None:
    config = check(password="hunter2-pw", pincode="9876", username="bob").config
    assert "hunter2-pw" not in repr(config) and "9876" not in repr(config)
    assert (config.password, config.pincode) == ("hunter2-pw", "9876")
    redacted = config.redacted()
    assert (redacted["password"], redacted["pincode"], redacted["username"]) == (
        "***",
        "***",
        "bob",
    )
    assert check().config.redacted()["password"] == ""


# --- plmn --------------------------------------------------------------------------------


@pytest.mark.parametrize("plmn", ["26201", "310410", "00101", "0", ""])
def test_plmn_good(plmn: str) -> None:
    assert check(plmn=plmn).config.plmn == plmn


def test_plmn_as_json_number() -> None:
    assert check(plmn=26201).config.plmn == "26201"


@pytest.mark.parametrize("plmn", ["2620", "2620123", "26a01", "-2620"])
def test_plmn_bad(plmn: str) -> None:
    error = fails(plmn=plmn)
    assert error.code == INVALID_OPTION
    assert f"option plmn '{plmn}' is not 5 or 6 digits" in error.message


# --- modes -------------------------------------------------------------------------------


def test_modes_list() -> None:
    assert check(modes="lte,umts").config.modes == ("lte", "umts")


def test_modes_alias_case_spaces_and_duplicates() -> None:
    loaded = check(modes="LTE, nr5g,lte")
    assert loaded.config.modes == ("lte", "5gnr")
    assert "option modes 'nr5g' read as '5gnr'" in loaded.notes


def test_modes_as_json_array() -> None:
    assert check(modes=["gsm", "td-scdma"]).config.modes == ("gsm", "td-scdma")


def test_modes_all_absorbs_others() -> None:
    loaded = check(modes="all,lte")
    assert loaded.config.modes == ("all",)
    assert any("'all' already includes" in note for note in loaded.notes)


def test_modes_unknown() -> None:
    error = fails(modes="lte,wimax")
    assert "option modes 'wimax' is not one of all, lte, umts, gsm, cdma, td-scdma, 5gnr" in (
        error.message
    )


# --- integers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("mtu", 67, "option mtu '67' is out of range: use 68 to 9000"),
        ("mtu", 9001, "option mtu '9001' is out of range: use 68 to 9000"),
        ("mtu", "15OO", "option mtu '15OO' is not a whole number"),
        ("timeout", -1, "option timeout '-1' is out of range: use 0 to 3600"),
        ("timeout", "10s", "option timeout '10s' is not a whole number"),
        ("timeout", 3601, "option timeout '3601' is out of range: use 0 to 3600"),
        ("delay", 301, "option delay '301' is out of range: use 0 to 300"),
        ("profile", 0, "option profile '0' is out of range: use 1 to 255"),
        ("v6profile", 256, "option v6profile '256' is out of range: use 1 to 255"),
        ("metric", True, "option metric 'True' must be a whole number, not true/false"),
        ("retry_backoff_min", 0, "option retry_backoff_min '0' is out of range: use 1 to 3600"),
    ],
)
def test_integer_rules(name: str, value: object, text: str) -> None:
    error = fails(**{name: value})
    assert (error.code, error.option) == (INVALID_OPTION, name)
    assert text in error.message


def test_integers_accept_numeric_strings() -> None:
    config = check(mtu="1500", timeout=" 30 ", delay=0, profile="2").config
    assert (config.mtu, config.timeout, config.delay, config.profile) == (1500, 30, 0, 2)


def test_small_mtu_needs_ipv4_only() -> None:
    assert check(mtu=1000, pdptype="IP").config.mtu == 1000
    error = fails(mtu=1000, pdptype="IPV4V6")
    assert "below 1280, the IPv6 minimum, but pdptype is IPV4V6" in error.message


def test_backoff_max_not_below_min() -> None:
    error = fails(retry_backoff_min=60, retry_backoff_max=10)
    assert error.option == "retry_backoff_max"
    assert "is below retry_backoff_min (60)" in error.message


def test_registration_timeout_explicit() -> None:
    assert check(timeout=30, registration_timeout=120).config.registration_timeout == 120


# --- booleans ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [(True, True), (False, False), (1, True), (0, False), ("1", True), ("0", False),
     ("yes", True), ("off", False), ("TRUE", True), ("disabled", False)],
)  # fmt: skip
def test_boolean_spellings(given: object, expected: bool) -> None:
    assert check(delegate=given).config.delegate is expected


@pytest.mark.parametrize("given", ["maybe", 2, "2"])
def test_boolean_bad(given: object) -> None:
    error = fails(dhcp=given)
    assert f"option dhcp '{given}' is not a boolean: use 1 or 0" in error.message


def test_autoconnect_follows_pdptype_unless_set() -> None:
    assert check(pdptype="IPV4V6").config.autoconnect is False
    assert check(pdptype="IPV4V6", autoconnect=1).config.autoconnect is True
    assert check(pdptype="IP", autoconnect=0).config.autoconnect is False


def test_fallback_master_switch() -> None:
    loaded = check(fallback=0)
    call = loaded.slices.call
    assert loaded.config.fallback_pdp and not call.pdp_fallback and not call.auth_fallback
    call = check(fallback_auth="0").slices.call
    assert call.pdp_fallback and not call.auth_fallback


# --- strings -----------------------------------------------------------------------------


@pytest.mark.parametrize("apn", ["internet", "internet.yota", "fast.t-mobile.com", "m2m_apn"])
def test_apn_good(apn: str) -> None:
    assert check(apn=apn).config.apn == apn


@pytest.mark.parametrize("apn", ["my apn", "inter net", ".internet", "a" * 101])
def test_apn_bad(apn: str) -> None:
    error = fails(apn=apn)
    assert error.option == "apn" and error.message.startswith("option apn ")


def test_v6apn_and_profile_fall_back_to_ipv4_ones() -> None:
    call = check(apn="internet", profile=3, pdptype="IPV4V6").slices.call
    assert (call.ipv6_apn, call.ipv6_profile) == ("internet", 3)
    call = check(apn="internet", v6apn="ims", v6profile=4, pdptype="IPV6").slices.call
    assert (call.ipv6_apn, call.ipv6_profile) == ("ims", 4)
    assert call.wants_ipv6 and not call.wants_ipv4


def test_v6_options_with_ipv4_only_are_noted() -> None:
    loaded = check(v6apn="ims", pdptype="IP")
    assert "option v6apn is unused with pdptype IP" in loaded.notes


def test_string_option_rejects_structures() -> None:
    error = fails(apn=["internet"])
    assert "option apn '['internet']' must be text" in error.message


@pytest.mark.parametrize(
    ("given", "expected"),
    [("rawip", "raw-ip"), ("802.3", "802.3"), ("ETHERNET", "802.3"), ("auto", "auto")],
)
def test_data_format(given: str, expected: str) -> None:
    assert check(data_format=given).config.data_format == expected


def test_routing_table_names() -> None:
    assert check(ip4table="wan_tbl", ip6table="100").config.ip6table == "100"
    assert fails(ip4table="my table").option == "ip4table"


# --- the document ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", "  ", "{", "[1, 2]", '"x"', "[" * 100000])
def test_bad_document(text: str | None) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_json(text, check_device=False)
    assert caught.value.code == CONFIG_INVALID and caught.value.permanent


def test_bad_json_does_not_echo_its_content() -> None:
    with pytest.raises(ConfigError) as caught:
        validate_json('{"password": "topsecret", ', check_device=False)
    assert "topsecret" not in str(caught.value)


def test_not_a_mapping() -> None:
    with pytest.raises(ConfigError) as caught:
        validate([("apn", "x")], check_device=False)  # type: ignore[arg-type]
    assert caught.value.code == CONFIG_INVALID


def test_environ_round_trip() -> None:
    environ = {"PYQMI_CONFIG": '{"apn": "internet", "pdptype": "ipv4v6", "delegate": false}'}
    config = validate_environ(environ, check_device=False).config
    assert (config.apn, config.pdptype, config.delegate) == ("internet", "IPV4V6", False)
