"""Stand-ins the bench puts first on the measured daemon's PYTHONPATH (not a package import).

``ubus.py`` and ``uci.py`` replace the C bindings python-ubus and pyuci, ``ssl.py`` and
``_hashlib.py`` make ``import ssl`` and ``import _hashlib`` fail as on an OpenWrt router
without python3-openssl (which carries both; pyqmi does not declare it). This file only marks the
directory for tools; the daemon imports the modules by their top-level names.
"""
