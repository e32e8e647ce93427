"""The status object's facts, kept from the machine's events and its finished phases.

Only the link machine calls these, so ``Facts`` has one writer.  Indications are merged into
what is known: a serving-system report keeps the last signal reading (and is logged when the
registration state or technology changes), a signal report updates a known registration.
"""

from __future__ import annotations

import logging

from pyqmi.frozen import replace
from pyqmi.session.facts import Facts
from pyqmi.session.link_actions import Log
from pyqmi.session.link_events import (
    CardStatus,
    Event,
    IdentityRead,
    RegistrationRead,
    ServingSystem,
    SignalInfo,
    SimRead,
)
from pyqmi.session.phase_calls import Connected


def record_event(facts: Facts, event: Event) -> tuple[Event, list[Log]]:
    """Record what ``event`` says; returns the event as merged and the lines to log."""
    match event:
        case SimRead(status=status) | CardStatus(status=status):
            facts.sim = status
        case IdentityRead(identity=identity):
            facts.identity.update(identity.as_dict())
        case RegistrationRead(registration=reg):
            facts.registration = reg
        case ServingSystem(registration=reg):
            old = facts.registration
            logs = []
            if old is not None:
                reg = replace(reg, signal=old.signal)
            if old is None or (old.state, old.technology) != (reg.state, reg.technology):
                logs.append(Log(logging.INFO, f"network: {reg.describe()}"))
            facts.registration = reg
            return ServingSystem(reg), logs
        case SignalInfo(signal=signal):
            if facts.registration is not None and signal.as_dict():
                facts.registration = replace(facts.registration, signal=signal)
    return event, []


def record_finished(facts: Facts, value: object) -> None:
    """Record what a finished phase found: the data format, or the calls' settings."""
    if isinstance(value, str):
        facts.data_format = value
    elif isinstance(value, Connected):
        facts.settings = dict(value.settings)
        facts.auth_in_use = value.auth_in_use
        facts.pdptype_in_use = value.pdptype_in_use
