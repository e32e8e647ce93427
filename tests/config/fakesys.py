"""A fake /dev and /sys under a temp directory for device resolution tests."""

from __future__ import annotations

from pathlib import Path

from pyqmi.config.device import DeviceRoots


class FakeSystem:
    """Builds device nodes (plain files stand in for char devices) and sysfs trees."""

    def __init__(self, root: Path) -> None:
        self.roots = DeviceRoots(dev=root / "dev", sys=root / "sys")
        self.roots.dev.mkdir()
        self.roots.sys.mkdir()

    def add_dev(self, *names: str) -> None:
        for name in names:
            (self.roots.dev / name).write_text("")

    def add_sys(self, relative: str) -> Path:
        """Create a sysfs directory given as /sys/... and return its real path."""
        path = self.roots.sys / relative.removeprefix("/sys/")
        path.mkdir(parents=True)
        return path
