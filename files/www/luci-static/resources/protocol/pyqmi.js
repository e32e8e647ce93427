'use strict';
'require rpc';
'require form';
'require network';
'require poll';
'require pyqmi.schema as schema';
'require pyqmi.status as pyqmistatus';

/*
 * LuCI protocol page for proto 'pyqmi'.
 *
 * Every option here is an option of src/pyqmi/config/schema.py, with the same limits: the
 * patterns, accepted spellings, choices, ranges, lengths and defaults, and the words for
 * every error code the daemon reports, come from the generated module pyqmi/schema.js
 * (python -m pyqmi.config.lucigen writes it; tests/luci/test_lucigen.py fails when it is
 * stale or when a rule is written here by hand). Options LuCI's interface page renders for
 * every protocol (metric, ip4table, ip6table, delegate) are left to it.
 *
 * The status section asks the daemon itself (ubus object 'pyqmi.<interface>', method
 * 'status', through pyqmi/status.js) and is refreshed by LuCI's poll loop while the dialog
 * is open; the daemon answers even while it waits for the SIM, the network or the device,
 * so the page says why a link is not up.
 */

var OPTIONS = schema.options;

function whole(pattern) {
	return new RegExp('^(?:' + pattern + ')$');
}

var CONTROL_DEVICE = whole(schema.controlName);

/* The datatype of an integer option: its schema range. */
function range(name) {
	return 'range(%s,%s)'.format(OPTIONS[name].minimum, OPTIONS[name].maximum);
}

/* Empty, or within the option's length and of its pattern; else the reason (or 'message'). */
function checkText(name, value, message) {
	var rule = OPTIONS[name];
	if (value == null || value === '')
		return true;
	if (rule.max_length != null && value.length > rule.max_length)
		return _('Too long (at most %s characters)').format(rule.max_length);
	if (rule.pattern != null && !whole(rule.pattern).test(value))
		return message;
	return true;
}

/* A Flag's default, as the schema says. */
function flagDefault(o, name) {
	o.default = OPTIONS[name].default ? o.enabled : o.disabled;
}

/* The name netifd gives the link before the daemon reports the real one (getIfname). */
network.registerPatternVirtual(/^pyqmi-.+$/);
Object.keys(schema.errors).forEach(function(code) {
	network.registerErrorCode(code, _(schema.errors[code]));
});

var callFileList = rpc.declare({
	object: 'file',
	method: 'list',
	params: [ 'path' ],
	expect: { entries: [] },
	filter: function(entries, params) {
		var found = [];
		for (var i = 0; i < entries.length; i++)
			if (CONTROL_DEVICE.test(entries[i].name))
				found.push(params.path + entries[i].name);
		return found.sort();
	}
});

/* A word as the daemon reads it: its choice in any case, or the choice an alias names;
 * null when it is neither. */
function choose(name, word) {
	var rule = OPTIONS[name];
	var lower = String(word).toLowerCase();
	for (var i = 0; i < rule.choices.length; i++)
		if (rule.choices[i].toLowerCase() === lower)
			return rule.choices[i];
	return (rule.aliases && rule.aliases.hasOwnProperty(lower)) ? rule.aliases[lower] : null;
}

/* The canonical spelling of a stored choice, so an old 'ipv4v6' shows as IPV4V6. */
function canonical(name, value) {
	if (value == null || value === '')
		return value;
	var chosen = choose(name, value);
	return chosen != null ? chosen : value;
}

function checkModes(value) {
	if (value == null || value === '')
		return true;
	var words = String(value).split(',');
	for (var i = 0; i < words.length; i++)
		if (choose('modes', words[i].trim()) == null)
			return _('Unknown mode "%s"; use a comma-separated list of: %s')
				.format(words[i], OPTIONS.modes.choices.join(', '));
	return true;
}

return network.registerProtocol('pyqmi', {
	getI18n: function() {
		return _('QMI Cellular (pyqmi)');
	},

	getIfname: function() {
		return this._ubus('l3_device') || 'pyqmi-%s'.format(this.sid);
	},

	getPackageName: function() {
		return 'pyqmi';
	},

	getOpkgPackage: function() {
		return this.getPackageName();
	},

	isFloating: function() {
		return true;
	},

	isVirtual: function() {
		return true;
	},

	getDevices: function() {
		return null;
	},

	containsDevice: function(ifname) {
		return (network.getIfnameOf(ifname) == this.getIfname());
	},

	renderFormOptions: function(s) {
		var iface = this.sid, o;

		/* --- status, read from the daemon, refreshed while the dialog is open ---------- */
		o = s.taboption('general', form.DummyValue, '_pyqmi_status', _('Modem status'));
		o.modalonly = true;
		o.load = function(section_id) {
			return pyqmistatus.fetch(iface);
		};
		o.renderWidget = function(section_id, option_index, cfgvalue) {
			var box = E('div', { 'class': 'pyqmi-live', 'data-interface': iface });
			pyqmistatus.update(box, cfgvalue, schema.errors);
			var step = function() {
				if (!box.isConnected)
					return poll.remove(step);
				return pyqmistatus.fetch(iface).then(function(st) {
					pyqmistatus.update(box, st, schema.errors);
				});
			};
			poll.add(step, 5);
			return box;
		};
		o.write = function() {};
		o.remove = function() {};

		/* --- general ---------------------------------------------------------------- */
		o = s.taboption('general', form.Value, '_modem_device', _('Modem device'),
			_('QMI control device: /dev/cdc-wdmN (USB) or /dev/wwanNqmiN (PCIe).'));
		o.ucioption = 'device';
		o.load = function(section_id) {
			return callFileList('/dev/').then(L.bind(function(devices) {
				for (var i = 0; i < devices.length; i++)
					this.value(devices[i]);
				return form.Value.prototype.load.apply(this, [ section_id ]);
			}, this));
		};
		o.validate = function(section_id, value) {
			if (value == null || value === '') {
				var devpath = this.section.formvalue(section_id, 'devpath');
				return (devpath != null && devpath !== '') ? true
					: _('Choose the modem device (or set the sysfs device path)');
			}
			return checkText('device', value, _('Write it like /dev/cdc-wdm0 or /dev/wwan0qmi0'));
		};

		o = s.taboption('general', form.Value, 'apn', _('APN'),
			_('Empty keeps the APN of the modem profile.'));
		o.validate = function(section_id, value) {
			return checkText('apn', value, _('Only letters, digits, ".", "-" and "_" (no spaces)'));
		};

		o = s.taboption('general', form.Value, 'pincode', _('PIN'),
			_('Used only when the SIM asks for it.'));
		o.password = true;
		o.validate = function(section_id, value) {
			return checkText('pincode', value, _('The PIN is 4 to 8 digits'));
		};

		o = s.taboption('general', form.ListValue, 'auth', _('Authentication'));
		o.value('', _('automatic (PAP/CHAP when credentials are set)'));
		o.value('none', _('none'));
		o.value('pap', 'PAP');
		o.value('chap', 'CHAP');
		o.value('both', 'PAP/CHAP');
		o.default = '';
		o.cfgvalue = function(section_id) {
			return canonical('auth', form.ListValue.prototype.cfgvalue.apply(this, arguments));
		};

		o = s.taboption('general', form.Value, 'username', _('PAP/CHAP username'));
		o.validate = function(section_id, value) {
			return checkText('username', value);
		};

		o = s.taboption('general', form.Value, 'password', _('PAP/CHAP password'));
		o.password = true;
		o.validate = function(section_id, value) {
			return checkText('password', value);
		};

		o = s.taboption('general', form.ListValue, 'pdptype', _('PDP type'));
		o.value('IP', _('IPv4'));
		o.value('IPV6', _('IPv6'));
		o.value('IPV4V6', _('IPv4/IPv6 (dual stack)'));
		o.default = OPTIONS.pdptype.default;
		o.cfgvalue = function(section_id) {
			return canonical('pdptype', form.ListValue.prototype.cfgvalue.apply(this, arguments));
		};

		o = s.taboption('general', form.Value, 'v6apn', _('IPv6 APN'),
			_('APN of the IPv6 call; empty uses the APN above.'));
		o.depends('pdptype', 'IPV6');
		o.depends('pdptype', 'IPV4V6');
		o.validate = function(section_id, value) {
			return checkText('v6apn', value, _('Only letters, digits, ".", "-" and "_" (no spaces)'));
		};

		o = s.taboption('general', form.Value, 'profile', _('Modem profile'),
			_('Profile index of the (IPv4 or dual-stack) call; empty uses the default.'));
		o.datatype = range('profile');

		o = s.taboption('general', form.Value, 'v6profile', _('IPv6 modem profile'),
			_('Profile index of the IPv6 call; empty uses the profile above.'));
		o.datatype = range('v6profile');
		o.depends('pdptype', 'IPV6');
		o.depends('pdptype', 'IPV4V6');

		o = s.taboption('general', form.Value, 'modes', _('Allowed network modes'),
			_('Comma-separated, e.g. "lte,umts"; empty leaves the modem setting alone.'));
		o.value('', _('modem setting'));
		o.value('all', _('all'));
		o.value('5gnr,lte', _('5G and LTE'));
		o.value('lte', _('LTE only'));
		o.value('lte,umts', _('LTE and UMTS'));
		o.value('umts', _('UMTS only'));
		o.value('gsm', _('GSM only'));
		o.validate = function(section_id, value) {
			return checkModes(value);
		};

		o = s.taboption('general', form.Value, 'plmn', _('PLMN'),
			_('Network to register on as MCC+MNC (e.g. 26201); 0 is automatic; empty leaves it alone.'));
		o.validate = function(section_id, value) {
			return checkText('plmn', value, _('5 or 6 digits (MCC+MNC), or 0 for automatic'));
		};

		o = s.taboption('general', form.Flag, 'roaming', _('Allow roaming'),
			_('Off: a roaming registration is refused (error ROAMING_DENIED).'));
		flagDefault(o, 'roaming');

		/* --- advanced ----------------------------------------------------------------- */
		o = s.taboption('advanced', form.Value, 'devpath', _('Device path'),
			_('sysfs path of the modem (e.g. /sys/devices/.../usb1/1-2); its control device is found under it and wins over the modem device.'));
		o.validate = function(section_id, value) {
			return checkText('devpath', value, _('An absolute path under /sys'));
		};

		o = s.taboption('advanced', form.Value, 'delay', _('Start delay'),
			_('Seconds to wait before talking to the modem.'));
		o.datatype = range('delay');
		o.placeholder = String(OPTIONS.delay.default);

		o = s.taboption('advanced', form.Value, 'timeout', _('SIM and registration timeout'),
			_('Seconds to wait for the SIM and the network; 0 waits forever.'));
		o.datatype = range('timeout');
		o.placeholder = String(OPTIONS.timeout.default);

		o = s.taboption('advanced', form.Value, 'registration_timeout', _('Registration timeout'),
			_('Seconds to wait for network registration; empty uses the timeout above; 0 waits forever.'));
		o.datatype = range('registration_timeout');

		o = s.taboption('advanced', form.Value, 'mtu', _('Override MTU'));
		o.datatype = range('mtu');
		o.placeholder = '1500';
		o.validate = function(section_id, value) {
			var pdptype = canonical('pdptype', this.section.formvalue(section_id, 'pdptype')) ||
				OPTIONS.pdptype.default;
			if (value != null && value !== '' && +value < schema.ipv6MinMtu && pdptype !== 'IP')
				return _('IPv6 needs an MTU of at least %s').format(schema.ipv6MinMtu);
			return true;
		};

		o = s.taboption('advanced', form.Flag, 'dhcp', _('Use DHCP for IPv4'),
			_('Off: the address the modem reports is set directly (works with every modem).'));
		flagDefault(o, 'dhcp');

		o = s.taboption('advanced', form.Flag, 'dhcpv6', _('Use DHCPv6/RA for IPv6'));
		flagDefault(o, 'dhcpv6');
		o.depends('pdptype', 'IPV6');
		o.depends('pdptype', 'IPV4V6');

		o = s.taboption('advanced', form.Flag, 'sourcefilter', _('IPv6 source routing'));
		flagDefault(o, 'sourcefilter');
		o.depends('dhcpv6', '1');

		o = s.taboption('advanced', form.ListValue, 'autoconnect', _('Modem autoconnect'),
			_('Let the modem redial by itself.'));
		o.value('', _('automatic (on for IPv4 only)'));
		o.value('1', _('on'));
		o.value('0', _('off'));
		o.default = '';

		o = s.taboption('advanced', form.Flag, 'defaultroute', _('Use default gateway'),
			_('If unchecked, no default route is configured'));
		flagDefault(o, 'defaultroute');

		o = s.taboption('advanced', form.Flag, 'peerdns', _('Use DNS servers advertised by peer'),
			_('If unchecked, the advertised DNS server addresses are ignored'));
		flagDefault(o, 'peerdns');

		o = s.taboption('advanced', form.ListValue, 'data_format', _('Data format'));
		o.value('auto', _('automatic (raw IP when supported)'));
		o.value('raw-ip', _('raw IP'));
		o.value('802.3', _('Ethernet (802.3)'));
		o.default = OPTIONS.data_format.default;
		o.cfgvalue = function(section_id) {
			return canonical('data_format', form.ListValue.prototype.cfgvalue.apply(this, arguments));
		};

		o = s.taboption('advanced', form.Flag, 'fallback', _('Automatic fallbacks'),
			_('Retry a rejected call with settings the network accepts.'));
		flagDefault(o, 'fallback');

		o = s.taboption('advanced', form.Flag, 'fallback_pdp', _('PDP type fallback'),
			_('If the network rejects IPv4/IPv6, retry as IPv4 (then IPv6).'));
		flagDefault(o, 'fallback_pdp');
		o.depends('fallback', '1');

		o = s.taboption('advanced', form.Flag, 'fallback_auth', _('Authentication fallback'),
			_('If the network rejects the authentication, retry with the other methods.'));
		flagDefault(o, 'fallback_auth');
		o.depends('fallback', '1');

		o = s.taboption('advanced', form.Value, 'retry_backoff_min', _('First retry delay'),
			_('Seconds before retrying a failed connection.'));
		o.datatype = range('retry_backoff_min');
		o.placeholder = String(OPTIONS.retry_backoff_min.default);

		o = s.taboption('advanced', form.Value, 'retry_backoff_max', _('Longest retry delay'),
			_('Cap, in seconds, of the doubling retry delay.'));
		o.datatype = range('retry_backoff_max');
		o.placeholder = String(OPTIONS.retry_backoff_max.default);
		o.validate = function(section_id, value) {
			var low = this.section.formvalue(section_id, 'retry_backoff_min');
			low = (low == null || low === '') ? OPTIONS.retry_backoff_min.default : +low;
			var high = (value == null || value === '') ? OPTIONS.retry_backoff_max.default : +value;
			return (high >= low) ? true : _('Must not be below the first retry delay');
		};

		o = s.taboption('advanced', form.Value, 'max_attempts', _('Maximum attempts'),
			_('Failed connection attempts before giving up; 0 never gives up.'));
		o.datatype = range('max_attempts');
		o.placeholder = String(OPTIONS.max_attempts.default);

		o = s.taboption('advanced', form.Value, 'stall_check', _('Data-stall check interval'),
			_('Seconds between two reads of the packet counters while connected; 0 turns the watchdog off.'));
		o.datatype = range('stall_check');
		o.placeholder = String(OPTIONS.stall_check.default);

		o = s.taboption('advanced', form.Value, 'stall_quiet', _('Data-stall quiet time'),
			_('Seconds without a packet received, while packets are sent, before the link counts as stalled.'));
		o.datatype = range('stall_quiet');
		o.placeholder = String(OPTIONS.stall_quiet.default);
		o.depends({ stall_check: '0', '!reverse': true });

		o = s.taboption('advanced', form.Value, 'stall_probe', _('Data-stall probe host'),
			_('Host to ping through the link to confirm a suspected stall; empty: no probe.'));
		o.validate = function(section_id, value) {
			return checkText('stall_probe', value, _('A host name or an IP address'));
		};
		o.depends({ stall_check: '0', '!reverse': true });

		o = s.taboption('advanced', form.Flag, 'recover_redial', _('Recover by redialling'),
			_('Stalled link, first step: stop and re-dial the data call.'));
		flagDefault(o, 'recover_redial');

		o = s.taboption('advanced', form.Flag, 'recover_reregister', _('Recover by re-registering'),
			_('Stalled link, second step: radio to low power and back online.'));
		flagDefault(o, 'recover_reregister');

		o = s.taboption('advanced', form.Flag, 'recover_reset', _('Recover by resetting the modem'),
			_('Stalled link, third step: reset the modem and wait for it to come back.'));
		flagDefault(o, 'recover_reset');

		o = s.taboption('advanced', form.Flag, 'proxy', _('Share through qmi-proxy'),
			_('Open the modem through libqmi\'s qmi-proxy, so qmicli -p or ModemManager can share it.'));
		flagDefault(o, 'proxy');

		o = s.taboption('advanced', form.Flag, 'ubus_status', _('Publish status on ubus'),
			_('Needed for the status shown on this page.'));
		flagDefault(o, 'ubus_status');

		o = s.taboption('advanced', form.Flag, 'debug', _('Debug logging'),
			_('Log every QMI exchange (secrets are redacted).'));
		flagDefault(o, 'debug');
	}
});
