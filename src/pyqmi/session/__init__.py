"""Pure connection logic: link states, SIM/PIN decisions, registration, call fallbacks.

Nothing here does I/O or reads the clock; the daemon feeds facts in and carries
the decisions out.  That is what lets every rule be tested without a modem.
"""
