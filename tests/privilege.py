"""What the machine lets the tests do, as skip reasons (None: it can).

Tests that need root, network namespaces, TUN or libqmi's qmi-proxy (which refuses to run
as any user but root) ask here and skip with the reason when it is missing. Under
``CI=true`` tests/conftest.py turns every such skip into a failure, so CI cannot pass by
silently skipping them. Only skips whose reason starts with ``opt-in`` survive CI.
"""

from __future__ import annotations

import os
import shutil

OPT_IN = "opt-in"
QMI_PROXY = "/usr/libexec/qmi-proxy"


def missing_root() -> str | None:
    if os.geteuid() != 0:
        return f"needs root (running as uid {os.geteuid()})"
    return None


def missing_netns() -> str | None:
    """Reason network namespaces with a TUN device cannot be made here, or None."""
    reason = missing_root()
    if reason:
        return reason
    if shutil.which("ip") is None:
        return "needs `ip` (iproute2) for network namespaces"
    if not os.path.exists("/dev/net/tun"):
        return "needs /dev/net/tun for the simulated data plane"
    return None


def missing_qmi_proxy() -> str | None:
    """Reason libqmi's qmi-proxy cannot serve here, or None."""
    if not os.access(QMI_PROXY, os.X_OK):
        return f"needs libqmi's qmi-proxy ({QMI_PROXY}, Debian package libqmi-proxy)"
    reason = missing_root()
    if reason:
        return f"qmi-proxy serves only root: {reason}"
    return None
