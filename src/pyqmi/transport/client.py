"""``QmiClient``: the one client for a QMI port (cdc-wdm, tty/pty, or qmi-proxy).

Theory of operation
-------------------
The client is a thin shell around pure pieces and a ``Port`` (the descriptor): the
codec, typed messages (``pyqmi.qmi.typed``), ``routing`` (response keys, who gets an
indication) and the ``Exchange`` of requests in flight (``exchange.py``: the future is
registered before the write, every wait is bounded).  The port calls back with every
frame read: a response completes its request, an indication is decoded once and handed
to its subscribers, typed.

When the port reports the device gone, every pending future fails at once with
``DeviceGone`` and later calls fail immediately: nothing awaits without a bound.

Client ids (``cid_ops.py``, mixed in) are the client's session state.  ``close()`` does
not release them; the owner decides (a daemon may want them to survive a restart).
"""

# Explicit per-call time bounds are this API's contract (every await has one).

from __future__ import annotations

import logging
import types
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pyqmi import loop
from pyqmi.qmi import codec
from pyqmi.qmi.frame import CTL_SERVICE, Frame, Kind
from pyqmi.qmi.message import Message, MessageDef
from pyqmi.qmi.services import service_name
from pyqmi.qmi.typed import ctl
from pyqmi.qmi.typed.messages import Indication, Request, Response
from pyqmi.transport.cid_ops import RELEASE_TIMEOUT, ClientIdOps, ServiceRef, service_number
from pyqmi.transport.cids import ClientIds
from pyqmi.transport.errors import (
    ClientClosed,
    DeviceGone,
    DeviceNotReady,
    DeviceOpenError,
    RequestTimeout,
    TransportError,
)
from pyqmi.transport.exchange import Exchange
from pyqmi.transport.port import Framing, Port, detect_framing, open_device
from pyqmi.transport.routing import Subscription, Subscriptions
from pyqmi.transport.stats import TransportStats

log = logging.getLogger("pyqmi.transport.client")

DEFAULT_TIMEOUT = 10.0  # seconds a request waits for its response
PROBE_TIMEOUT = 1.0  # seconds each readiness probe waits
PROBE_ATTEMPTS = 10  # probes before DeviceNotReady (the MR200 stays mute for seconds)
__all__ = ["RELEASE_TIMEOUT", "QmiClient", "ServiceRef", "service_number"]

R = TypeVar("R", bound=Response)
Ind = TypeVar("Ind", bound=Indication)
# The CTL requests that tell whether a modem is ready.
Probe = ctl.GetVersionInfo.Request | ctl.Sync.Request
GET_VERSION_INFO = ctl.GetVersionInfo.Request()


class QmiClient(ClientIdOps):
    """An open QMI port: requests with bounded waits, indications, client ids.

    Make one with ``await QmiClient.open(path)`` (or ``attach(fd)`` for a
    descriptor you already hold); use it as ``async with``.
    """

    def __init__(self, fd: int, framing: Framing, name: str, *, timeout: float) -> None:
        self.name = name
        self.timeout = timeout
        self.stats = TransportStats()
        self.versions: dict[int, tuple[int, int]] = {}  # from the probe: service -> (major, minor)
        self._cids = ClientIds()
        self._subs = Subscriptions()
        self._failure: TransportError | None = None
        self._lost: loop.FutureLike[TransportError] = loop.current().create_future()
        self._port = Port(fd, framing, name, self._on_frame, self._on_lost)
        self._exchange = Exchange(name, self._port.send, self.stats)
        self._pending = self._exchange.pending  # what is in flight (tests look)

    # -- opening -------------------------------------------------------------------------

    @classmethod
    async def open(
        cls,
        path: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        probe: Probe | None = GET_VERSION_INFO,
        probe_attempts: int = PROBE_ATTEMPTS,
        probe_timeout: float = PROBE_TIMEOUT,
        proxy: bool = False,
        framing: Framing | None = None,
    ) -> QmiClient:
        """Open ``path`` and wait until the modem answers the CTL request ``probe``
        (``ctl.Sync.Request()`` also works; None skips the probe).  With ``proxy=True``
        go through libqmi's qmi-proxy, which opens ``path`` itself."""
        if proxy:
            from pyqmi.transport.proxy import connect_proxy

            client = await connect_proxy(cls, path, timeout=timeout)
        else:
            fd, chosen = open_device(path, framing)
            client = cls(fd, chosen, path, timeout=timeout)
        try:
            if probe is not None:
                await client.probe(probe, attempts=probe_attempts, per_try=probe_timeout)
        except BaseException:
            await client.close()
            raise
        return client

    @classmethod
    async def attach(
        cls,
        fd: int,
        *,
        name: str,
        framing: Framing | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> QmiClient:
        """Wrap a descriptor that is already open (a socket, a test's pty); no probe.

        The client owns ``fd`` from now on; the framing is detected when not given."""
        try:
            chosen = framing or detect_framing(fd)
        except (ValueError, OSError) as exc:
            raise DeviceOpenError(name, str(exc)) from None
        return cls(fd, chosen, name, timeout=timeout)

    async def probe(
        self,
        request: Probe = GET_VERSION_INFO,
        *,
        attempts: int = PROBE_ATTEMPTS,
        per_try: float = PROBE_TIMEOUT,
    ) -> Response:
        """Send the CTL ``request`` until the modem answers; ``DeviceNotReady`` after
        ``attempts``."""
        sent: Request[Any] = request  # one of two request classes: its response is either
        for attempt in range(1, attempts + 1):
            try:
                answer: Response = await self.request(sent, timeout=per_try, check=False)
            except RequestTimeout:
                log.debug("%s: probe %d/%d unanswered", self.name, attempt, attempts)
                continue
            if isinstance(answer, ctl.GetVersionInfo.Response):
                for entry in answer.services or ():
                    self.versions[entry.service] = (entry.major, entry.minor)
            log.info("%s: ready after %d probe(s)", self.name, attempt)
            if isinstance(answer, ctl.Sync.Response):
                self._forget_all_cids("CTL sync")
            return answer
        raise DeviceNotReady(self.name, attempts, per_try)

    # -- requests ------------------------------------------------------------------------

    async def request(
        self,
        request: Request[R],
        /,
        *,
        cid: int | None = None,
        timeout: float | None = None,
        check: bool = True,
    ) -> R:
        """Send ``request`` and return its typed response, e.g.
        ``await client.request(wds.StartNetwork.Request(apn="internet"))``.

        Non-CTL services use the client id from ``allocate()``/``adopt()`` (or ``cid``,
        which must be one of ours).  Raises ``QmiProtocolError`` on a failed result
        unless ``check=False`` (then ``.result`` tells, and e.g. a failed Start Network
        still carries its call end reasons), ``RequestTimeout`` after ``timeout``
        (default ``self.timeout``), ``DeviceGone`` when the device vanishes.
        """
        definition = request._definition_
        number = definition.service
        client_id = 0 if number == CTL_SERVICE else self._cids.resolve(number, cid)
        message = await self._transact(definition, request.values(), client_id, timeout)
        answer = request.response_class().from_message(message)
        return answer.check() if check else answer

    async def sync(self, *, timeout: float | None = None) -> ctl.Sync.Response:
        """CTL sync: the modem drops every client id, ours included."""
        answer = await self.request(ctl.Sync.Request(), timeout=timeout)
        self._forget_all_cids("CTL sync")
        return answer

    async def _transact(
        self,
        definition: MessageDef,
        values: Mapping[str, Any] | None,
        client_id: int,
        timeout: float | None,
    ) -> Message:
        self._raise_if_unusable()
        bound = self.timeout if timeout is None else timeout
        return await self._exchange.transact(definition, values, client_id, bound)

    async def _ctl(self, request: Request[R], timeout: float | None) -> R:
        return await self.request(request, timeout=timeout)

    # -- indications ---------------------------------------------------------------------

    def subscribe(self, indication: type[Ind], callback: Callable[[Ind], None]) -> Subscription:
        """Call ``callback(indication)`` for each indication of that class (e.g.
        ``nas.GetServingSystem.Indication``) sent to one of our cids or broadcast (0xFF).
        ``.cancel()`` the handle to stop."""
        definition = indication._definition_

        def deliver(message: Message) -> None:
            callback(indication.from_message(message))

        return self._subs.add(definition.service, definition.message_id, deliver)

    # -- the port's callbacks ------------------------------------------------------------

    def _on_frame(self, frame: Frame) -> None:
        if frame.kind is Kind.RESPONSE:
            self._exchange.complete(frame)
        elif frame.kind is Kind.INDICATION:
            self.stats.indications_received += 1
            targets = self._subs.targets(frame, self._cids.of(frame.service))
            if not targets:
                log.debug("%s: no subscriber for indication %s", self.name, _describe(frame))
                return
            message = codec.decode_message(frame)
            log.debug("%s: <- indication %r", self.name, message)
            for sub in targets:
                try:
                    sub.callback(message)
                except Exception:
                    log.exception("%s: indication callback failed for %s", self.name, message.name)
        else:
            log.debug("%s: ignored a request frame from the device %s", self.name, _describe(frame))

    def _on_lost(self, error: DeviceGone) -> None:
        self._fail_everything(error)

    def _fail_everything(self, error: TransportError) -> None:
        if self._failure is None:
            self._failure = error
        self._exchange.fail_all(error)
        if not self._lost.done():
            self._lost.set_result(error)

    def _raise_if_unusable(self) -> None:
        if self._failure is not None:
            raise self._failure

    # -- lifetime ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._failure is None

    @property
    def framing(self) -> Framing:
        return self._port.framing

    @property
    def garbage(self) -> int:
        """Undecodable frames or byte runs skipped so far."""
        return self._port.garbage

    async def wait_lost(self) -> TransportError:
        """Return once the device is gone (``DeviceGone``) or the client closed."""
        waiter: loop.FutureLike[TransportError] = loop.current().create_future()

        def relay(lost: loop.FutureLike[TransportError]) -> None:
            if not waiter.done():
                waiter.set_result(lost.result())

        self._lost.add_done_callback(relay)
        return await waiter  # cancelling the waiter leaves _lost as it is

    async def close(self) -> None:
        """Close the port; pending requests fail with ``ClientClosed``.  Cids are kept."""
        self._fail_everything(ClientClosed(f"{self.name}: client closed"))
        self._port.close()

    async def __aenter__(self) -> QmiClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        await self.close()


def _describe(frame: Frame) -> str:
    return (
        f"{service_name(frame.service)} 0x{frame.message_id:04x} "
        f"cid={frame.client_id} txn={frame.transaction_id}"
    )
