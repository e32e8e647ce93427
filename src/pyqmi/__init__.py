"""pyqmi: a QMI modem connection manager for OpenWrt's netifd."""

__version__ = "0.1.0"
