"""Stand-ins the bench puts first on the measured daemon's PYTHONPATH (not a package import).

``ubus.py`` and ``uci.py`` replace the C bindings python-ubus and pyuci, ``ssl.py`` makes
``import ssl`` fail as on an OpenWrt router without python3-openssl. This file only marks the
directory for tools; the daemon imports the modules by their top-level names.
"""
