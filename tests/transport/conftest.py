from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fake_modem import FakeModem


@pytest.fixture
async def modem() -> AsyncIterator[FakeModem]:
    fake = FakeModem.on_pty()
    yield fake
    fake.close()
