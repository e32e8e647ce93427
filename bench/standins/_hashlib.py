"""``import _hashlib`` fails, as on OpenWrt without python3-openssl (which carries it, with _ssl).

pyqmi declares no python3-openssl, so on a router ``hashlib`` (imported by construct) finds no
OpenSSL half and falls back to the builtin ``_sha256``/``_md5``/``_blake2`` modules, as
tests/router shows. Without this stand-in the bench would load libcrypto (~3.4 MB of RSS).
"""

raise ImportError("_hashlib is not installed (bench: as on OpenWrt without python3-openssl)")
