"""``import ssl`` fails, as on OpenWrt without python3-openssl (asyncio then runs without it).

The bench puts this directory first on the measured process's PYTHONPATH, so this file shadows
the standard library's ssl and no libssl is loaded or counted.
"""

raise ImportError("ssl is not installed (bench: as on OpenWrt without python3-openssl)")
