# Test stand-in for OpenWrt's /lib/functions.sh: the shim needs nothing from it.
STUB_FUNCTIONS_LOADED=1
