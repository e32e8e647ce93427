"""The sim on a pty: in-process ``run_sim`` and the command ``pyqmi-sim`` (``-m pyqmi.sim``)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from pyqmi.qmi import catalog
from pyqmi.qmi.codec import build, decode_message
from pyqmi.qmi.frame import Frame, FrameExtractor, Kind
from pyqmi.qmi.message import Message
from pyqmi.sim import run_sim, scenario


class PtyClient:
    """A minimal host side: opens the link like a cdc-wdm node and reads frames."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        self.extractor = FrameExtractor()
        self.frames: list[Frame] = []

    def close(self) -> None:
        os.close(self.fd)

    def send(
        self,
        service: str,
        name: str,
        values: dict[str, object] | None = None,
        *,
        transaction_id: int = 1,
        client_id: int = 0,
    ) -> None:
        definition = catalog.get(service, name)
        data = build(
            definition,
            Kind.REQUEST,
            values or {},
            transaction_id=transaction_id,
            client_id=client_id,
        )
        os.write(self.fd, data)

    async def receive(self, within: float) -> Message:
        """The next frame, or TimeoutError; EOFError when the device went away."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not self.frames:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError
            readable = asyncio.Event()
            loop.add_reader(self.fd, readable.set)
            try:
                await asyncio.wait_for(readable.wait(), remaining)
            finally:
                loop.remove_reader(self.fd)
            try:
                data = os.read(self.fd, 4096)
            except BlockingIOError:
                continue
            except OSError as exc:  # EIO once the master is gone
                raise EOFError(str(exc)) from None
            if not data:
                raise EOFError("end of file")
            self.frames += [f for f in self.extractor.feed(data) if isinstance(f, Frame)]
        return decode_message(self.frames.pop(0))


async def test_run_sim_serves_ctl_and_dms_on_a_raw_pty(tmp_path: Path) -> None:
    link, state_file = tmp_path / "cdc-wdm0", tmp_path / "state.json"
    async with run_sim("default", link=link, state_file=state_file) as sim:
        assert link.is_symlink() and os.readlink(link) == sim.slave_path
        client = PtyClient(link)
        try:
            attrs = termios.tcgetattr(client.fd)
            assert not attrs[3] & (termios.ICANON | termios.ECHO), "slave is not raw"
            client.send("ctl", "allocate_cid", {"service": 2}, transaction_id=1)
            reply = (await client.receive(5)).check()
            cid = reply.values["allocation"]["cid"]
            assert sim.state.clients["dms"] == {cid}
            client.send("dms", "get_model", transaction_id=2, client_id=cid)
            model = (await client.receive(5)).check()
            assert model.values["model"] == "SIM-LTE"
            assert model.frame.client_id == cid and model.frame.transaction_id == 2
        finally:
            client.close()
        snapshot = json.loads(state_file.read_text())
        assert snapshot["clients"] == {"dms": [cid]}
        assert snapshot["registration"] == "registered"
    assert not link.exists() and not link.is_symlink()


async def test_latency_holds_the_response_back(tmp_path: Path) -> None:
    link = tmp_path / "wdm"
    async with run_sim(scenario("default", latency_ms=300), link=link):
        client = PtyClient(link)
        try:
            start = time.monotonic()
            client.send("ctl", "get_version_info", transaction_id=9)
            reply = await client.receive(5)
            assert reply.name == "get_version_info"
            assert time.monotonic() - start >= 0.28
        finally:
            client.close()


async def test_device_drop_closes_the_pty_and_removes_the_link(tmp_path: Path) -> None:
    link = tmp_path / "wdm"
    sc = scenario("quectel-rm521f", drop_off_bus_after=0.5)
    async with run_sim(sc, link=link) as sim:
        client = PtyClient(link)
        try:
            client.send("ctl", "get_version_info", transaction_id=1)
            assert (await client.receive(5)).name == "get_version_info"
            with pytest.raises(EOFError):
                await client.receive(5)
            await sim.wait_gone(5)
            assert sim.state.gone
            assert not link.is_symlink()
        finally:
            client.close()


async def test_silent_modem_answers_nothing_then_wakes_up(tmp_path: Path) -> None:
    link = tmp_path / "wdm"
    async with run_sim(scenario("archer-mr200", startup_silence=0.6), link=link) as sim:
        client = PtyClient(link)
        try:
            client.send("ctl", "sync", transaction_id=1)
            with pytest.raises(TimeoutError):
                await client.receive(0.3)
            # Let the silent period (measured on the sim's clock) run out.
            await asyncio.sleep(max(0.0, 0.65 - sim.now()))
            client.send("ctl", "sync", transaction_id=2)
            reply = await client.receive(5)
            assert reply.name == "sync" and reply.frame.transaction_id == 2
        finally:
            client.close()


def test_cli_subprocess_ready_line_state_file_and_sigterm(tmp_path: Path) -> None:
    link, state_file = tmp_path / "wdm", tmp_path / "state.json"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pyqmi.sim",
            "--scenario",
            "pin-required",
            "--link",
            str(link),
            "--state-file",
            str(state_file),
            "--set",
            "pin_retries=2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == f"ready {link}"
        assert link.is_symlink()
        snapshot = json.loads(state_file.read_text())
        assert snapshot["scenario"] == "pin-required"
        assert snapshot["sim"]["pin_retries"] == 2
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert not link.is_symlink()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)


def test_cli_rejects_an_unknown_scenario(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pyqmi.sim", "--scenario", "nope", "--link", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown scenario 'nope'" in result.stderr
    assert not (tmp_path / "x").exists()


class FakeDataPlane:
    """Stands in for pyqmi.sim.dataplane.DataPlane: records what the sim asks of it."""

    instances: list[FakeDataPlane] = []

    def __init__(self, netns: str, ifname: str = "wwan0") -> None:
        self.netns, self.ifname = netns, ifname
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        FakeDataPlane.instances.append(self)

    async def __aenter__(self) -> FakeDataPlane:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.calls.append(("exit", ()))

    def configure(self, *args: object) -> None:
        self.calls.append(("configure", args))

    def clear(self) -> None:
        self.calls.append(("clear", ()))


async def test_netns_data_plane_follows_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyqmi.sim.dataplane

    monkeypatch.setattr(pyqmi.sim.dataplane, "DataPlane", FakeDataPlane)
    FakeDataPlane.instances.clear()
    link = tmp_path / "wdm"
    async with run_sim("default", link=link, netns="simns") as sim:
        (dp,) = FakeDataPlane.instances
        assert (dp.netns, dp.ifname) == ("simns", "wwan0")
        client = PtyClient(link)
        try:
            client.send("ctl", "allocate_cid", {"service": 1}, transaction_id=1)
            cid = (await client.receive(5)).check().values["allocation"]["cid"]
            client.send(
                "wds", "start_network", {"apn": "internet"}, transaction_id=2, client_id=cid
            )
            handle = (await client.receive(5)).check().values["packet_data_handle"]
            assert dp.calls == [
                (
                    "configure",
                    ("10.64.12.89", "10.64.12.90", ["192.0.2.53", "192.0.2.54"], None, None, []),
                )
            ]
            client.send(
                "wds",
                "stop_network",
                {"packet_data_handle": handle},
                transaction_id=3,
                client_id=cid,
            )
            while (await client.receive(5)).kind is not Kind.RESPONSE:
                pass
            assert dp.calls[-1] == ("clear", ())
            assert sim.state.calls == {}
        finally:
            client.close()
    assert dp.calls[-1] == ("exit", ())
