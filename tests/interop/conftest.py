"""The libqmi decoder as a fixture: runs tools/libqmi_decode.py on batches of frames."""

from __future__ import annotations

import ctypes
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "libqmi_decode.py"
Decoder = Callable[[list[bytes]], list[dict[str, Any]]]


def _require_libqmi() -> None:
    try:
        ctypes.CDLL("libqmi-glib.so.5")
    except OSError as exc:
        # Not a skip: CI installs libqmi, and a silent skip would hide the whole suite.
        pytest.fail(
            f"libqmi is required for the interop tests (apt-get install libqmi-glib5): {exc}",
            pytrace=False,
        )


def decode_with_libqmi(frames: list[bytes]) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, str(TOOL)],
        input=json.dumps([f.hex() for f in frames]),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"{TOOL.name} failed ({done.returncode}): {done.stderr[-2000:]}")
    decoded: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(decoded) == len(frames)
    return decoded


@pytest.fixture(scope="session")
def libqmi() -> Decoder:
    _require_libqmi()
    return decode_with_libqmi


def _names(option: str, function: str, *extra: str) -> dict[int, str]:
    done = subprocess.run(
        [sys.executable, str(TOOL), option, function, *extra],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return {int(k): v for k, v in json.loads(done.stdout).items()}


# Catalog fields pyqmi keeps as plain numbers that libqmi prints by name, and the
# libqmi function that names them.
# libqmi function that names them ("--flag-names" for a bit mask).
NAMED_INT_FIELDS = {
    "service": ("--names", "qmi_service_get_string"),
    "pin_id": ("--names", "qmi_dms_uim_pin_id_get_string"),
    "offline_reason": ("--flag-names", "qmi_dms_offline_reason_build_string_from_mask"),
    "band_preference": ("--flag-names", "qmi_nas_band_preference_build_string_from_mask"),
    "apn_type_mask": ("--flag-names", "qmi_wds_apn_type_mask_build_string_from_mask"),
    "lte_band_preference": ("--flag-names", "qmi_nas_lte_band_preference_build_string_from_mask"),
    "requested_settings": (
        "--flag-names",
        "qmi_wds_get_current_settings_requested_settings_build_string_from_mask",
    ),
    # UMTS and LTE QoS parameters
    "traffic_class": ("--names", "qmi_wds_traffic_class_get_string"),
    "delivery_order": ("--names", "qmi_wds_delivery_order_get_string"),
    "sdu_error_ratio": ("--names", "qmi_wds_sdu_error_ratio_get_string"),
    "residual_bit_error_ratio": ("--names", "qmi_wds_sdu_residual_bit_error_ratio_get_string"),
    "delivery_erroneous_sdu": ("--names", "qmi_wds_sdu_erroneous_delivery_get_string"),
    "qci": ("--names", "qmi_wds_qos_class_identifier_get_string"),
}
# field -> (is a bit mask, libqmi's name of each value or bit)
IntNames = dict[str, tuple[bool, dict[int, str]]]


@dataclass(frozen=True)
class LibqmiNames:
    ints: IntNames
    # Protocol error code -> libqmi's name, CamelCase ("NoEffect").
    errors: dict[int, str]


@pytest.fixture(scope="session")
def libqmi_names() -> LibqmiNames:
    _require_libqmi()
    ints: IntNames = {}
    for field, (option, function) in NAMED_INT_FIELDS.items():
        ints[field] = (option == "--flag-names", _names(option, function))
    return LibqmiNames(ints, _names("--names", "qmi_protocol_error_get_string", "16"))
