"""A fake /dev and /sys under a temp directory for device resolution tests."""

from __future__ import annotations

from pathlib import Path

from pyqmi.config.device import DeviceRoots


class FakeSystem:
    """Builds device nodes (plain files stand in for char devices) and sysfs trees."""

    def __init__(self, root: Path) -> None:
        self.dev = root / "dev"
        self.sys = root / "sys"
        self.roots = DeviceRoots(dev=str(self.dev), sys=str(self.sys))
        self.dev.mkdir()
        self.sys.mkdir()

    def add_dev(self, *names: str) -> None:
        for name in names:
            (self.dev / name).write_text("")

    def add_sys(self, relative: str) -> Path:
        """Create a sysfs directory given as /sys/... and return its real path."""
        path = self.sys / relative.removeprefix("/sys/")
        path.mkdir(parents=True)
        return path
