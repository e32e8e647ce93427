# Test stand-in for netifd's netifd-proto.sh (sourced as ../netifd-proto.sh).
# Declarations print "TYPE NAME"; commands sent to netifd are written to files
# under $STUB_RECORD instead of going over ubus.

_stub_declare() {
	_stub_type="$1"
	shift
	for _stub_name in "$@"; do
		echo "$_stub_type ${_stub_name%%:*}"
	done
}

proto_config_add_string() { _stub_declare string "$@"; }
proto_config_add_int() { _stub_declare int "$@"; }
proto_config_add_boolean() { _stub_declare boolean "$@"; }
proto_config_add_array() { _stub_declare array "$@"; }

# The same four options the real helper declares.
proto_config_add_defaults() {
	proto_config_add_boolean defaultroute peerdns renew
	proto_config_add_int metric
}

# jshn stand-ins: the loaded document is kept as text; the two calls that look at or change
# a top-level key hand it to Python on stdin (values never on a command line).
json_load() { _stub_json="$1"; }
json_dump() { printf '%s\n' "$_stub_json"; }
_stub_py() { printf '%s' "$_stub_json" | "${STUB_PYTHON:-python3}" -c "$@"; }
json_get_type() {
	_stub_found=$(_stub_py 'import json, sys
doc = json.load(sys.stdin)
kinds = {str: "string", bool: "boolean", int: "int", float: "double", list: "array"}
kinds[type(None)] = "null"
print(kinds.get(type(doc[sys.argv[1]]), "object") if sys.argv[1] in doc else "")' "$2")
	eval "$1=\$_stub_found"
	[ -n "$_stub_found" ]
}
json_add_string() {
	_stub_json=$(_stub_py 'import json, sys
doc = json.load(sys.stdin)
doc[sys.argv[1]] = sys.argv[2]
print(json.dumps(doc))' "$1" "$2")
}

proto_export() { printf '%s\n' "$1" >> "$STUB_RECORD/export"; }
proto_run_command() { printf '%s\n' "$@" > "$STUB_RECORD/run_command"; }
proto_kill_command() { printf '%s\n' "$@" > "$STUB_RECORD/kill_command"; }

init_proto() {
	proto="$1"
	cmd="$2"
	shift 2
	case "$cmd" in
		dump)
			add_protocol() {
				available=0
				no_device=0
				echo "name $1"
				eval "proto_$1_init_config"
				echo "available $available"
				echo "no_device $no_device"
			}
			;;
		setup|teardown)
			interface="$1"
			data="$2"
			ifname="$3"
			add_protocol() {
				[ "$proto" = "$1" ] || return 0
				json_load "$data"
				eval "proto_$1_$cmd \"\$interface\" \"\$ifname\""
			}
			;;
	esac
}
