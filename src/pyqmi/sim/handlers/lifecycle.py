"""Modem-wide transitions: power-on, registration, operating mode, client release.

Registration is a small state machine::

    not_registered --(online and card ready)--> searching
    searching --(register_after seconds)--> registered | denied
    any --(low power / offline)--> not_registered   (calls end)

Each change is announced to NAS clients (serving system and system info
indications).  Data calls end when the client that owns them is released, when the
modem leaves "online", and when the scenario drops them.
"""

from __future__ import annotations

import logging

from pyqmi.sim.core import Context

log = logging.getLogger(__name__)


def power_on(ctx: Context) -> None:
    ctx.state.registration = "not_registered"
    maybe_search(ctx)


def maybe_search(ctx: Context) -> None:
    """Start searching when the modem is online with a usable card and is not attached."""
    st = ctx.state
    if st.operating_mode != "online" or not st.card.ready:
        return
    if st.registration != "not_registered":
        return
    _set_registration(ctx, "searching")
    delay = ctx.scenario.register_after
    if delay is not None:
        ctx.schedule(delay, "register", _registration_result)


def _registration_result(ctx: Context) -> None:
    if ctx.scenario.registration_denied:
        _set_registration(ctx, "denied")
    else:
        _set_registration(ctx, "registered")
        ctx.state.registered_at = ctx.now


def _set_registration(ctx: Context, registration: str) -> None:
    if ctx.state.registration == registration:
        return
    log.info("sim: registration %s -> %s", ctx.state.registration, registration)
    ctx.state.registration = registration
    ctx.event("registration", registration=registration)
    from pyqmi.sim.handlers import nas

    nas.announce_registration(ctx)


def set_operating_mode(ctx: Context, mode: str) -> None:
    ctx.state.operating_mode = mode
    if mode == "online":
        maybe_search(ctx)
    else:
        detach(ctx)


def detach(ctx: Context) -> None:
    """Leave the network (radio off, card gone): calls end, registration is lost."""
    ctx.cancel("register")
    from pyqmi.sim.handlers import wds

    for call in list(ctx.state.calls.values()):
        wds.end_call(ctx, call, reason="generic_no_service")
    _set_registration(ctx, "not_registered")


def release_client(ctx: Context, service: str, cid: int) -> None:
    """Forget a client id; a WDS client's calls end with it, as on real firmware."""
    st = ctx.state
    st.clients.get(service, set()).discard(cid)
    if service == "wds":
        from pyqmi.sim.handlers import wds

        for call in st.calls_of(cid):
            wds.end_call(ctx, call, reason="generic_client_end")
        st.wds_ip_family.pop(cid, None)
    elif service == "uim":
        st.uim_event_clients.discard(cid)
    elif service == "nas":
        st.nas_events_off.pop(cid, None)
        st.nas_signal_clients.discard(cid)
        st.nas_signal_config.pop(cid, None)
