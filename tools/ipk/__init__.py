"""Installable OpenWrt packages (.ipk) for pyqmi, built here without the SDK.

``make ipk`` runs ``python -m tools.ipk build``: pyqmi, pyqmi-sim, luci-proto-pyqmi and
python3-construct into dist/. Everything an ipk states is read from the package Makefiles
under openwrt-package/ (``makefile``): versions, DEPENDS, descriptions, maintainer scripts,
conffiles, and which modules go to pyqmi-sim (PYQMI_SIM_FILES). ``packages`` lays out what
each package installs as the Makefiles' install recipes do; ``archive`` writes the bytes
(bytecode, reproducible tar.gz, ar); ``build`` puts control and data together.

Standard library only; it runs on the development machine, not on the router.
"""
