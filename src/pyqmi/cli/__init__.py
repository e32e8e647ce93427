"""The ``pyqmi`` command line."""
