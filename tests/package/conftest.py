"""One real ``make ipk`` build per test session, unpacked into a staging root per package."""

from __future__ import annotations

from pathlib import Path

import pytest

from package.ipkread import Ipk, build, unpack_all


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(out)
    return out


@pytest.fixture(scope="session")
def ipks(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ipk]:
    return unpack_all(dist, tmp_path_factory.mktemp("staging"))
