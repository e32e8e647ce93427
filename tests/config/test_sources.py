"""UCI first, netifd's copy only for an interface UCI does not have; secrets only from UCI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyqmi.config import ConfigError, validate
from pyqmi.config.errors import CONFIG_INVALID, INVALID_OPTION, PIN_INVALID
from pyqmi.config.sources import FROM_NETIFD, FROM_UCI, Options, choose_options
from pyqmi.config.uci_source import UciSource

from .uci_standin import StandinUci

SECTION = """\
config interface '4G'
\toption proto 'pyqmi'
\toption device '/dev/cdc-wdm0'
\toption apn 'uci.apn'
\toption pdptype 'ipv4v6'
\toption username 'user'
\toption password 'pw-from-uci'
\toption pincode '4711'
\toption timeout '25'
\toption mtu '1400'
\toption dhcp '1'
\toption delegate 'off'
\toption plmn '00101'
\tlist modes 'lte'
\tlist modes '5g'

config device 'wan_dev'
\toption name 'eth1'
"""


def uci(tmp_path: Path, text: str = SECTION) -> UciSource:
    (tmp_path / "network").write_text(text)
    return UciSource(str(tmp_path), module=StandinUci())


def netifd(**options: object) -> dict[str, str]:
    return {"PYQMI_CONFIG": json.dumps(options)}


def choose(tmp_path: Path, name: str = "4G", text: str = SECTION, **env: object) -> Options:
    return choose_options(name, netifd(**env), uci(tmp_path, text))


def test_the_uci_section_is_used_and_wins_over_netifd(tmp_path: Path) -> None:
    options = choose(tmp_path, apn="netifd.apn", timeout=99, device="/dev/cdc-wdm9")
    assert options.origin == FROM_UCI
    assert options.notes == (f"options read from UCI section network.4G ({tmp_path}/network)",)
    assert options.warnings == ()
    config = validate(options.values, check_device=False).config
    assert (config.apn, config.timeout, config.device) == ("uci.apn", 25, "/dev/cdc-wdm0")


def test_uci_text_values_become_the_schema_kinds(tmp_path: Path) -> None:
    loaded = validate(choose(tmp_path).values, check_device=False)
    config = loaded.config
    assert (config.pdptype, config.mtu, config.dhcp, config.delegate) == ("IPV4V6", 1400, True,
                                                                          False)  # fmt: skip
    assert config.plmn == "00101"  # leading zeros kept
    assert config.modes == ("lte", "5gnr")  # a UCI list, with an alias
    assert "option modes '5g' read as '5gnr'" in loaded.notes


def test_secrets_come_from_uci(tmp_path: Path) -> None:
    options = choose(tmp_path)
    assert options.secrets == ["pw-from-uci", "4711"]
    config = validate(options.values, check_device=False).config
    assert (config.password, config.pincode) == ("pw-from-uci", "4711")


def test_a_uci_section_without_secrets_has_none_even_if_netifd_passed_some(
    tmp_path: Path,
) -> None:
    text = SECTION.replace("\toption password 'pw-from-uci'\n", "").replace(
        "\toption pincode '4711'\n", ""
    )
    options = choose(tmp_path, text=text, password="pw-over-ubus", pincode="1111")
    assert options.origin == FROM_UCI and options.secrets == []
    config = validate(options.values, check_device=False).config
    assert (config.password, config.pincode) == ("", "")


@pytest.mark.parametrize(
    ("line", "value", "code"),
    [
        ("\toption timeout 'soon'\n", "soon", INVALID_OPTION),
        ("\toption mtu '40'\n", "40", INVALID_OPTION),
        ("\toption dhcp 'maybe'\n", "maybe", INVALID_OPTION),
        ("\toption pdptype 'ipv5'\n", "ipv5", INVALID_OPTION),
        ("\toption pincode '12ab'\n", "12ab", PIN_INVALID),
        ("\toption auth 'kerberos'\n", "kerberos", INVALID_OPTION),
    ],
)
def test_a_bad_uci_value_is_the_same_named_error_as_from_netifd(
    tmp_path: Path, line: str, value: str, code: str
) -> None:
    name = line.split()[1]
    base = "config interface '4G'\n\toption proto 'pyqmi'\n\toption device '/dev/cdc-wdm0'\n"
    with pytest.raises(ConfigError) as from_uci:
        validate(choose(tmp_path, text=base + line).values, check_device=False)
    with pytest.raises(ConfigError) as from_json:
        validate({"device": "/dev/cdc-wdm0", name: value}, check_device=False)
    assert (from_uci.value.code, from_uci.value.message) == (code, from_json.value.message)
    assert from_uci.value.option == name
    if name == "pincode":
        assert value not in from_uci.value.message


def test_a_list_where_one_value_belongs_is_invalid(tmp_path: Path) -> None:
    text = "config interface '4G'\n\toption proto 'pyqmi'\n\tlist apn 'a'\n\tlist apn 'b'\n"
    with pytest.raises(ConfigError) as caught:
        validate(choose(tmp_path, text=text).values, check_device=False)
    assert caught.value.code == INVALID_OPTION and caught.value.option == "apn"


def test_a_comma_separated_modes_option_equals_the_list(tmp_path: Path) -> None:
    text = "config interface '4G'\n\toption proto 'pyqmi'\n\toption modes 'lte, 5g'\n"
    config = validate(choose(tmp_path, text=text).values, check_device=False).config
    assert config.modes == ("lte", "5gnr")


def test_no_section_falls_back_to_netifd_and_says_so(tmp_path: Path) -> None:
    options = choose(tmp_path, "dyn0", device="/dev/cdc-wdm1", apn="dynamic", timeout=30)
    assert options.origin == FROM_NETIFD
    assert options.warnings == ()
    (note,) = options.notes
    assert note.startswith(f"no UCI section network.dyn0 in {tmp_path}/network")
    assert "add_dynamic" in note and "using the options netifd passed" in note
    assert "pincode and password cannot be given that way" in note
    config = validate(options.values, check_device=False).config
    assert (config.apn, config.timeout, config.pincode, config.password) == ("dynamic", 30, "",
                                                                             "")  # fmt: skip


def test_fallback_drops_secrets_netifd_passed(tmp_path: Path) -> None:
    # The shim blanks them; an older shim or a hand-made start may not.
    options = choose(tmp_path, "dyn0", apn="dynamic", pincode="1234", password="")
    assert "pincode" not in options.values and "password" not in options.values
    assert options.secrets == []
    assert [w.split(" passed")[0] for w in options.warnings] == [
        "option password",
        "option pincode",
    ]
    assert all("secrets are read only from UCI" in w for w in options.warnings)
    assert not any("1234" in line for line in (*options.notes, *options.warnings))


def test_a_section_of_another_type_is_not_the_interface(tmp_path: Path) -> None:
    options = choose(tmp_path, "wan_dev", apn="dynamic")
    assert options.origin == FROM_NETIFD and options.values == {"apn": "dynamic"}
    assert options.notes == ()
    assert options.warnings[0].startswith(
        "UCI section network.wan_dev is a 'device' section, not an interface; using the "
        "options netifd passed"
    )


def test_an_interface_section_with_another_proto_is_used_with_a_warning(tmp_path: Path) -> None:
    options = choose(tmp_path, text=SECTION.replace("'pyqmi'", "'qmi'"))
    assert options.origin == FROM_UCI
    assert options.warnings == (
        "network.4G has proto 'qmi', not 'pyqmi' (edited since netifd loaded it?); "
        "using its options anyway",
    )


@pytest.mark.parametrize("env", [{}, {"PYQMI_CONFIG": ""}, {"PYQMI_CONFIG": "  "}])
def test_no_section_and_no_netifd_options_is_config_invalid(
    tmp_path: Path, env: dict[str, str]
) -> None:
    with pytest.raises(ConfigError) as caught:
        choose_options("dyn0", env, uci(tmp_path))
    assert caught.value.code == CONFIG_INVALID and caught.value.permanent
    assert f"no UCI section network.dyn0 in {tmp_path}/network" in caught.value.message
    assert "PYQMI_CONFIG is empty" in caught.value.message


@pytest.mark.parametrize(("text", "problem"), [("{", "not valid JSON"), ("[1]", "JSON object")])
def test_fallback_with_broken_netifd_options_is_config_invalid(
    tmp_path: Path, text: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        choose_options("dyn0", {"PYQMI_CONFIG": text}, uci(tmp_path))
    assert caught.value.code == CONFIG_INVALID and problem in caught.value.message


def test_an_unreadable_uci_never_falls_back(tmp_path: Path) -> None:
    source = UciSource(str(tmp_path), module=StandinUci())  # no network file at all
    with pytest.raises(ConfigError) as caught:
        choose_options("4G", netifd(apn="internet"), source)
    assert caught.value.code == CONFIG_INVALID and "cannot read" in caught.value.message
