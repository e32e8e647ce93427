"""The one error type of configuration loading.

A ``ConfigError`` carries the code the daemon hands to netifd (``proto_notify_error``), a
message that tells the user what to change, the option at fault, and whether retrying can
help. ``permanent`` errors mean the configuration itself is wrong: the daemon reports the
code and blocks restarts (netifd action 4) instead of looping on a setting that cannot work.
Messages never contain the value of a secret option.
"""

from __future__ import annotations

# Codes reported to netifd. NO_DEVICE is the name qmi.sh and LuCI already use.
CONFIG_INVALID = "CONFIG_INVALID"  # the options cannot be read at all (UCI, netifd's JSON)
INVALID_OPTION = "INVALID_OPTION"  # an option has a wrong type, range or value
NO_DEVICE = "NO_DEVICE"  # no usable QMI control device (missing, malformed, wrong kind)
PIN_INVALID = "PIN_INVALID"  # pincode is not 4 to 8 digits

ERROR_CODES: tuple[str, ...] = (CONFIG_INVALID, INVALID_OPTION, NO_DEVICE, PIN_INVALID)


class ConfigError(ValueError):
    """A configuration that cannot be used as given.

    ``code`` is one of ``ERROR_CODES``; ``option`` names the option at fault (or is None
    for the document as a whole); ``permanent`` is True when no retry can fix it.
    """

    def __init__(
        self, code: str, message: str, *, option: str | None = None, permanent: bool = True
    ) -> None:
        self.code = code
        self.message = message
        self.option = option
        self.permanent = permanent
        super().__init__(message)

    def __repr__(self) -> str:
        return (
            f"ConfigError(code={self.code!r}, option={self.option!r}, "
            f"permanent={self.permanent!r}, message={self.message!r})"
        )
