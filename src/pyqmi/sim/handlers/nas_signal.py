"""NAS signal: what the radio measures, polled (get_signal_info) or pushed (signal_info).

Theory of operation
-------------------
``ModemState.signal`` holds the current levels; it starts from the scenario's fields.
Two things move it:

- the scenario's ``signal_steps``, ``(seconds after power-on, rssi, rsrp)`` each, applied
  by core timers.  The timers are armed at the first NAS activity that needs them
  (power-on's registration announcement, register_indications or a signal request):
  nobody can have subscribed before that, so steps already due apply silently;
- ``set_signal(modem, now, rsrp=-110)``, for tests that drive the core in-process.

Indications follow the firmware's rules as far as the sim models them: a NAS client
hears ``signal_info`` only after ``register_indications(signal_info=True)``.  Its
``config_signal_info`` thresholds decide which changes it hears about: one that
crosses a listed threshold (the old and new values lie on different sides; a value
equal to the threshold counts as above it).  A client that listed no thresholds hears
about every change.  Only RSSI, RSRQ, RSRP and LTE SNR thresholds can fire (ECIO,
SINR, IO and RSCP are not modelled as moving); ``lte_report`` is stored, not obeyed.
With the radio off (not online, or not even searching) the levels change silently.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pyqmi.qmi.typed import nas
from pyqmi.sim.core import Context, Outgoing, SimError, SimModem
from pyqmi.sim.registry import handles
from pyqmi.sim.state import SignalLevels

# config_signal_info threshold list -> the SignalLevels field it watches.
_WATCHED = {
    "rssi_threshold": "rssi",
    "rsrq_threshold": "rsrq",
    "rsrp_threshold": "rsrp",
    "lte_snr_threshold": "snr",
}
# SignalLevels field -> the range its TLV can carry.
_RANGES = {
    f.name: (-128, 127) if f.name in ("rssi", "rsrq") else (-32768, 32767)
    for f in dataclasses.fields(SignalLevels)
}


class BadSignalLevel(ValueError):
    """``set_signal`` got a level the sim does not know or cannot report."""


def radio_available(ctx: Context) -> bool:
    return ctx.state.operating_mode == "online" and ctx.state.registration != "not_registered"


def require_radio(ctx: Context) -> None:
    if ctx.state.operating_mode != "online":
        raise SimError("NO_RADIO")
    if ctx.state.registration == "not_registered":
        raise SimError("INFORMATION_UNAVAILABLE")


def signal_values(ctx: Context) -> nas.GetSignalInfo.Response:
    """Get Signal Info (and the Signal Info indication) for the modem's technologies."""
    sc, sig = ctx.scenario, ctx.state.signal
    lte = "lte" in sc.capabilities
    nr5g = "5gnr" in sc.capabilities
    return nas.GetSignalInfo.Response(
        lte_signal_strength=nas.LteSignalStrength(
            rssi=sig.rssi, rsrq=sig.rsrq, rsrp=sig.rsrp, snr=sig.snr
        )
        if lte
        else None,
        nr5g_signal_strength=nas.Nr5gSignalStrength(rsrp=sig.nr5g_rsrp, snr=sig.nr5g_snr)
        if nr5g
        else None,
        nr5g_rsrq=sig.nr5g_rsrq if nr5g else None,
        wcdma_signal_strength=nas.RssiEcio(rssi=sig.rssi, ecio=-10)
        if sc.technology == "umts"
        else None,
        gsm_signal_strength=sig.rssi if sc.technology == "gsm" else None,
    )


# --- changes and who hears about them ---


def _hears(config: dict[str, Any] | None, old: SignalLevels, new: SignalLevels) -> bool:
    thresholds = {k: v for k, v in (config or {}).items() if k.endswith("_threshold") and v}
    if not thresholds:
        return old != new
    for name, values in thresholds.items():
        level = _WATCHED.get(name)
        if level is None:
            continue
        low, high = sorted((getattr(old, level), getattr(new, level)))
        if any(low < t <= high for t in values):
            return True
    return False


def apply_signal(ctx: Context, levels: dict[str, int]) -> None:
    """Move the levels; tell the subscribed NAS clients whose thresholds were crossed."""
    st = ctx.state
    old = st.signal
    st.signal = dataclasses.replace(old, **levels)
    # Forget clients released since they subscribed.
    alive = st.clients.get("nas", set())
    st.nas_signal_clients &= alive
    for cid in set(st.nas_signal_config) - alive:
        del st.nas_signal_config[cid]
    if not radio_available(ctx):
        return
    to = {
        cid
        for cid in st.nas_signal_clients
        if _hears(st.nas_signal_config.get(cid), old, st.signal)
    }
    if to:
        ctx.indicate(nas.SignalInfo.Indication.from_values(signal_values(ctx).values()), to)


def arm_signal_steps(ctx: Context) -> None:
    """Give the scenario's signal_steps their timers (once; see the module comment)."""
    st = ctx.state
    if st.signal_steps_armed:
        return
    st.signal_steps_armed = True
    start = ctx.modem.powered_on_at
    for at, rssi, rsrp in sorted(ctx.scenario.signal_steps, key=lambda step: step[0]):
        levels = {"rssi": rssi, "rsrp": rsrp}
        if start + at <= ctx.now:
            st.signal = dataclasses.replace(st.signal, **levels)
        else:
            ctx.schedule(start + at - ctx.now, "signal_step", _step_action(levels))


def _step_action(levels: dict[str, int]) -> Any:
    def action(ctx: Context) -> None:
        apply_signal(ctx, levels)

    return action


def check_levels(levels: dict[str, Any]) -> None:
    for name, value in levels.items():
        if name not in _RANGES:
            known = ", ".join(_RANGES)
            raise BadSignalLevel(f"unknown signal level {name!r} (known: {known})")
        low, high = _RANGES[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise BadSignalLevel(f"signal level {name}={value!r}: not an integer in {low}..{high}")


def set_signal(modem: SimModem, now: float, **levels: int) -> list[Outgoing]:
    """Change what the radio measures at ``now`` (the sim's clock), e.g. ``rsrp=-110``.

    Levels: rssi, rsrq, rsrp, snr, nr5g_rsrp, nr5g_snr, nr5g_rsrq (units as in
    ``SignalLevels``).  Returns what the modem writes by ``now``: the ``signal_info``
    indications this change causes, plus anything its timers emit.
    """
    check_levels(levels)
    if modem.state.gone:
        return []
    ctx = Context(modem, now)
    arm_signal_steps(ctx)
    apply_signal(ctx, levels)
    modem.changed()
    return modem.tick(now)


# --- handlers ---


def subscribe(ctx: Context, on: bool) -> None:
    """register_indications' ``signal_info`` switch for the calling client."""
    if on:
        ctx.state.nas_signal_clients.add(ctx.client_id)
    else:
        ctx.state.nas_signal_clients.discard(ctx.client_id)


@handles(nas.ConfigSignalInfo)
def config_signal_info(ctx: Context, req: nas.ConfigSignalInfo.Request) -> None:
    arm_signal_steps(ctx)
    # Each request replaces the client's whole configuration (kept as plain values).
    ctx.state.nas_signal_config[ctx.client_id] = req.values()


@handles(nas.GetSignalInfo)
def get_signal_info(ctx: Context, req: nas.GetSignalInfo.Request) -> nas.GetSignalInfo.Response:
    arm_signal_steps(ctx)
    require_radio(ctx)
    return signal_values(ctx)


@handles(nas.GetSignalStrength)
def get_signal_strength(
    ctx: Context, req: nas.GetSignalStrength.Request
) -> nas.GetSignalStrength.Response:
    arm_signal_steps(ctx)
    require_radio(ctx)
    sc, sig = ctx.scenario, ctx.state.signal
    tech = nas.RadioInterface.named(sc.technology if sc.technology != "5gnr" else "lte")
    strength = nas.SignalStrength(strength_dbm=sig.rssi, radio_interface=tech)
    if tech is not nas.RadioInterface.lte:
        return nas.GetSignalStrength.Response(signal_strength=strength)
    return nas.GetSignalStrength.Response(
        signal_strength=strength,
        rsrq=nas.Rsrq(rsrq=sig.rsrq, radio_interface=tech),
        lte_snr=sig.snr,
        lte_rsrp=sig.rsrp,
    )
