"""find_proxy: the first executable qmi-proxy on the search path, as shutil.which finds it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pyqmi.daemon.proxy import PROXY_PROGRAM, find_proxy


def test_the_first_executable_file_is_found(tmp_path: Path) -> None:
    dirs = [tmp_path / name for name in ("dir", "plain", "exe", "later")]
    for folder in dirs:
        folder.mkdir()
    (dirs[0] / PROXY_PROGRAM).mkdir()  # a directory of that name is skipped
    (dirs[1] / PROXY_PROGRAM).write_text("")  # so is a file that is not executable
    for folder in dirs[2:]:
        (folder / PROXY_PROGRAM).write_text("#!/bin/sh\n")
        (folder / PROXY_PROGRAM).chmod(0o755)
    search = os.pathsep.join(str(d) for d in dirs)
    assert find_proxy(search) == str(dirs[2] / PROXY_PROGRAM)
    assert find_proxy(search) == shutil.which(PROXY_PROGRAM, path=search)
    assert find_proxy(str(dirs[1])) is None
