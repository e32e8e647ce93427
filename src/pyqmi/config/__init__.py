"""Interface options: the schema shared with the netifd shim, and their validation."""

from pyqmi.config.device import DeviceRoots, list_control_devices, resolve_device
from pyqmi.config.errors import ERROR_CODES, ConfigError
from pyqmi.config.schema import OPTIONS, OPTIONS_BY_NAME, Kind, Option, Origin
from pyqmi.config.validate import ENV_VAR, Config, Loaded, validate, validate_environ, validate_json

__all__ = [
    "ENV_VAR",
    "ERROR_CODES",
    "OPTIONS",
    "OPTIONS_BY_NAME",
    "Config",
    "ConfigError",
    "DeviceRoots",
    "Kind",
    "Loaded",
    "Option",
    "Origin",
    "list_control_devices",
    "resolve_device",
    "validate",
    "validate_environ",
    "validate_json",
]
