# Stand-in for OpenWrt's /lib/functions.sh UCI helpers, reading $STUB_UCI:
# one "section|option|value" per line; option ".type" gives the section type.
config_load() {
	echo "config_load $1" >>"$STUB_RECORD/calls"
}

config_foreach() {
	cb="$1"
	for sec in $(awk -F'|' -v t="$2" '$2 == ".type" && $3 == t { print $1 }' "$STUB_UCI"); do
		"$cb" "$sec"
	done
}

config_get() {
	val=$(awk -F'|' -v s="$2" -v o="$3" '$1 == s && $2 == o { print $3 }' "$STUB_UCI")
	[ -n "$val" ] || val="$4"
	eval "$1=\$val"
}

config_get_bool() {
	config_get "$@"
	eval "val=\$$1"
	case "$val" in
		1|on|true|yes|enabled) val=1 ;;
		0|off|false|no|disabled) val=0 ;;
		*) val="$4" ;;
	esac
	eval "$1=\$val"
}
