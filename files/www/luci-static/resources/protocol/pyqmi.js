'use strict';
'require rpc';
'require form';
'require network';

/*
 * LuCI protocol page for proto 'pyqmi'.
 *
 * Every option here is an option of src/pyqmi/config/schema.py, with the same limits
 * (tests/files/test_luci_js.py holds the two together). Options LuCI's interface page
 * renders for every protocol (metric, ip4table, ip6table, delegate) are left to it.
 *
 * The status block asks the daemon itself: ubus object 'pyqmi.<interface>', method
 * 'status'. It is read once when the form loads; the daemon answers even while it waits
 * for the SIM, the network or the device, so the page says why a link is not up.
 */

var CONTROL_DEVICE = /^(cdc-wdm[0-9]+|wwan[0-9]+qmi[0-9]+)$/;
var DEV_PATH = /^\/dev\/[A-Za-z0-9._\/:+@-]+$/;
var SYS_PATH = /^\/sys\/[A-Za-z0-9._\/:+@-]*$/;
var APN = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/* Accepted spellings of the choice options, as the daemon reads them (schema aliases). */
var ALIASES = {
	pdptype: { ip: 'IP', ipv4: 'IP', ipv6: 'IPV6', ipv4v6: 'IPV4V6', dual: 'IPV4V6',
		dualstack: 'IPV4V6', 'ipv4+ipv6': 'IPV4V6' },
	auth: { 'pap/chap': 'both', 'pap+chap': 'both', 'chap/pap': 'both' },
	data_format: { rawip: 'raw-ip', raw_ip: 'raw-ip', raw: 'raw-ip', '802-3': '802.3',
		ethernet: '802.3' }
};

var MODES = [ 'all', 'lte', 'umts', 'gsm', 'cdma', 'td-scdma', '5gnr' ];
var MODE_ALIASES = { nr5g: '5gnr', nr: '5gnr', '5g': '5gnr', '4g': 'lte', '3g': 'umts',
	wcdma: 'umts', '2g': 'gsm', tdscdma: 'td-scdma' };

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

function statusCall(iface) {
	return rpc.declare({
		object: 'pyqmi.' + iface,
		method: 'status',
		expect: { '': {} }
	});
}

/* The canonical spelling of a stored choice, so an old 'ipv4v6' shows as IPV4V6. */
function canonical(name, value) {
	if (value == null || value === '')
		return value;
	var map = ALIASES[name] || {};
	var lower = String(value).toLowerCase();
	return map[lower] || (name === 'pdptype' ? String(value).toUpperCase() : lower);
}

function checkModes(value) {
	if (value == null || value === '')
		return true;
	var words = String(value).split(',');
	for (var i = 0; i < words.length; i++) {
		var word = words[i].trim().toLowerCase();
		if (MODES.indexOf(word) < 0 && !MODE_ALIASES.hasOwnProperty(word))
			return _('Unknown mode "%s"; use a comma-separated list of: %s')
				.format(words[i], MODES.join(', '));
	}
	return true;
}

function text(value) {
	if (value == null || value === '')
		return '-';
	if (typeof value === 'object')
		return JSON.stringify(value);
	return String(value);
}

function describeSignal(signal) {
	if (signal == null || typeof signal !== 'object')
		return text(signal);
	var parts = [];
	var units = { rssi: 'dBm', rsrp: 'dBm', rsrq: 'dB', snr: 'dB', sinr: 'dB', ecio: 'dB' };
	for (var key in units)
		if (signal[key] != null)
			parts.push('%s %s %s'.format(key.toUpperCase(), signal[key], units[key]));
	return parts.length ? parts.join(', ') : '-';
}

/* addresses: [{family, address, gateway, dns, mtu}] as the daemon reports them. */
function describeAddresses(addresses) {
	if (!Array.isArray(addresses) || !addresses.length)
		return '-';
	return addresses.map(function(a) {
		if (a == null || typeof a !== 'object')
			return text(a);
		var line = [ a.family, a.address ].filter(Boolean).join(' ');
		if (a.gateway)
			line += ' ' + _('via %s').format(a.gateway);
		if (Array.isArray(a.dns) && a.dns.length)
			line += ', ' + _('DNS %s').format(a.dns.join(' '));
		return line;
	}).join('; ');
}

/* sim: {card, application, pin1, pin1_retries, puk1_retries}. */
function describeSim(sim) {
	if (sim == null || typeof sim !== 'object')
		return text(sim);
	var parts = [ sim.card, sim.application ].filter(Boolean);
	if (sim.pin1)
		parts.push(_('PIN %s').format(sim.pin1) +
			(sim.pin1_retries != null ? ' (' + _('%s tries left').format(sim.pin1_retries) + ')' : ''));
	if (sim.puk1_retries != null && sim.puk1_retries < 10)
		parts.push(_('PUK: %s tries left').format(sim.puk1_retries));
	return parts.length ? parts.join(', ') : '-';
}

function describeModem(st) {
	var id = (st.identity && typeof st.identity === 'object') ? st.identity : {};
	var name = [ id.manufacturer, id.model ].filter(Boolean).join(' ');
	return [ name, st.device ].filter(Boolean).join(', ') || '-';
}

function describeError(error) {
	if (error == null || error === '')
		return null;
	if (typeof error === 'object')
		return [ error.code, error.message ].filter(Boolean).join(': ') || text(error);
	return String(error);
}

function describeTime(seconds) {
	if (typeof seconds !== 'number')
		return text(seconds);
	var d = new Date(seconds * 1000);
	var pad = function(n) { return (n < 10 ? '0' : '') + n; };
	return '%s-%s-%s %s:%s:%s'.format(d.getFullYear(), pad(d.getMonth() + 1), pad(d.getDate()),
		pad(d.getHours()), pad(d.getMinutes()), pad(d.getSeconds()));
}

/* Key/value rows of the status, in a fixed order; absent facts show as '-'. */
function statusRows(st) {
	var reg = (st.registration && typeof st.registration === 'object') ? st.registration : {};
	var operator = reg.operator ||
		((reg.mcc || reg.mnc) ? '%s%s'.format(reg.mcc || '', reg.mnc || '') : null);
	var rows = [
		[ _('State'), text(st.state) ],
		[ _('Modem'), describeModem(st) ],
		[ _('SIM'), describeSim(st.sim) ],
		[ _('Registration'), text(reg.state) ],
		[ _('Operator'), text(operator) + (reg.roaming ? ' (%s)'.format(_('roaming')) : '') ],
		[ _('Technology'), text(reg.technology) ],
		[ _('Signal'), describeSignal(reg.signal) ],
		[ _('Call'), [ st.pdptype, st.apn ? 'APN ' + st.apn : null, st.data_format ]
			.filter(Boolean).join(', ') || '-' ],
		[ _('Addresses'), describeAddresses(st.addresses) ]
	];
	var error = describeError(st.error);
	if (error)
		rows.push([ _('Last error'), error ]);
	if (Array.isArray(st.notes) && st.notes.length)
		rows.push([ _('Notes'), st.notes.map(text).join('; ') ]);
	return rows;
}

/* attempts: [{family, auth, result, reason, time}]; the newest first, at most five. */
function attemptRows(st) {
	var list = Array.isArray(st.attempts) ? st.attempts : [];
	return list.slice(-5).reverse().map(function(a) {
		if (a == null || typeof a !== 'object')
			return [ '-', '-', '-', text(a) ];
		var call = [ a.family, a.auth ].filter(Boolean).join(' / ');
		return [ describeTime(a.time), text(call), text(a.result), text(a.reason) ];
	});
}

function renderStatus(st) {
	if (st == null || typeof st !== 'object' || Array.isArray(st))
		return E('em', {}, _('The pyqmi daemon is not running for this interface (is it up?).'));
	if (st.error === 'status unavailable' && st.state == null)
		return E('em', {}, _('The pyqmi daemon could not report its status; see the system log.'));

	var table = E('table', { 'class': 'table' }, statusRows(st).map(function(row) {
		return E('tr', { 'class': 'tr' }, [
			E('td', { 'class': 'td left', 'width': '33%' }, row[0]),
			E('td', { 'class': 'td left' }, row[1])
		]);
	}));

	var attempts = attemptRows(st);
	if (!attempts.length)
		return E('div', {}, [ table ]);

	var head = [ _('Time'), _('Call'), _('Result'), _('Reason') ];
	return E('div', {}, [
		table,
		E('strong', {}, _('Last call attempts')),
		E('table', { 'class': 'table' }, [
			E('tr', { 'class': 'tr table-titles' }, head.map(function(h) {
				return E('th', { 'class': 'th' }, h);
			}))
		].concat(attempts.map(function(row) {
			return E('tr', { 'class': 'tr' }, row.map(function(cell) {
				return E('td', { 'class': 'td left' }, cell);
			}));
		})))
	]);
}

return network.registerProtocol('pyqmi', {
	getI18n: function() {
		return _('QMI Cellular (pyqmi)');
	},

	getIfname: function() {
		return this._ubus('l3_device') || 'pyqmi-%s'.format(this.sid);
	},

	getOpkgPackage: function() {
		return 'pyqmi';
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

	renderStatus: renderStatus,

	renderFormOptions: function(s) {
		var iface = this.sid, o;

		/* --- status, read from the daemon ------------------------------------------ */
		o = s.taboption('general', form.DummyValue, '_pyqmi_status', _('Modem status'));
		o.modalonly = true;
		o.load = function(section_id) {
			return statusCall(iface)().then(function(reply) {
				return (reply && typeof reply === 'object') ? reply : null;
			}).catch(function() {
				return null;
			});
		};
		o.renderWidget = function(section_id, option_index, cfgvalue) {
			return renderStatus(cfgvalue);
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
			if (value.length > 255)
				return _('Too long (at most 255 characters)');
			if (CONTROL_DEVICE.test(value) || DEV_PATH.test(value))
				return true;
			return _('Write it like /dev/cdc-wdm0 or /dev/wwan0qmi0');
		};

		o = s.taboption('general', form.Value, 'apn', _('APN'),
			_('Empty keeps the APN of the modem profile.'));
		o.validate = function(section_id, value) {
			if (value == null || value === '')
				return true;
			if (value.length > 100)
				return _('Too long (at most 100 characters)');
			return APN.test(value) ? true
				: _('Only letters, digits, ".", "-" and "_" (no spaces)');
		};

		o = s.taboption('general', form.Value, 'pincode', _('PIN'),
			_('Used only when the SIM asks for it.'));
		o.password = true;
		o.validate = function(section_id, value) {
			if (value == null || value === '' || /^[0-9]{4,8}$/.test(value))
				return true;
			return _('The PIN is 4 to 8 digits');
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
			return (value == null || value.length <= 127) ? true
				: _('Too long (at most 127 characters)');
		};

		o = s.taboption('general', form.Value, 'password', _('PAP/CHAP password'));
		o.password = true;
		o.validate = function(section_id, value) {
			return (value == null || value.length <= 127) ? true
				: _('Too long (at most 127 characters)');
		};

		o = s.taboption('general', form.ListValue, 'pdptype', _('PDP type'));
		o.value('IP', _('IPv4'));
		o.value('IPV6', _('IPv6'));
		o.value('IPV4V6', _('IPv4/IPv6 (dual stack)'));
		o.default = 'IP';
		o.cfgvalue = function(section_id) {
			return canonical('pdptype', form.ListValue.prototype.cfgvalue.apply(this, arguments));
		};

		o = s.taboption('general', form.Value, 'v6apn', _('IPv6 APN'),
			_('APN of the IPv6 call; empty uses the APN above.'));
		o.depends('pdptype', 'IPV6');
		o.depends('pdptype', 'IPV4V6');
		o.validate = function(section_id, value) {
			if (value == null || value === '')
				return true;
			if (value.length > 100)
				return _('Too long (at most 100 characters)');
			return APN.test(value) ? true
				: _('Only letters, digits, ".", "-" and "_" (no spaces)');
		};

		o = s.taboption('general', form.Value, 'profile', _('Modem profile'),
			_('Profile index of the (IPv4 or dual-stack) call; empty uses the default.'));
		o.datatype = 'range(1,255)';

		o = s.taboption('general', form.Value, 'v6profile', _('IPv6 modem profile'),
			_('Profile index of the IPv6 call; empty uses the profile above.'));
		o.datatype = 'range(1,255)';
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
			if (value == null || value === '' || /^(0|[0-9]{5,6})$/.test(value))
				return true;
			return _('5 or 6 digits (MCC+MNC), or 0 for automatic');
		};

		/* --- advanced ----------------------------------------------------------------- */
		o = s.taboption('advanced', form.Value, 'devpath', _('Device path'),
			_('sysfs path of the modem (e.g. /sys/devices/.../usb1/1-2); its control device is found under it and wins over the modem device.'));
		o.validate = function(section_id, value) {
			if (value == null || value === '')
				return true;
			if (value.length > 1024)
				return _('Too long (at most 1024 characters)');
			return SYS_PATH.test(value) ? true : _('An absolute path under /sys');
		};

		o = s.taboption('advanced', form.Value, 'delay', _('Start delay'),
			_('Seconds to wait before talking to the modem.'));
		o.datatype = 'range(0,300)';
		o.placeholder = '0';

		o = s.taboption('advanced', form.Value, 'timeout', _('SIM and registration timeout'),
			_('Seconds to wait for the SIM and the network; 0 waits forever.'));
		o.datatype = 'range(0,3600)';
		o.placeholder = '10';

		o = s.taboption('advanced', form.Value, 'registration_timeout', _('Registration timeout'),
			_('Seconds to wait for network registration; empty uses the timeout above; 0 waits forever.'));
		o.datatype = 'range(0,3600)';

		o = s.taboption('advanced', form.Value, 'mtu', _('Override MTU'));
		o.datatype = 'range(68,9000)';
		o.placeholder = '1500';
		o.validate = function(section_id, value) {
			var pdptype = canonical('pdptype', this.section.formvalue(section_id, 'pdptype')) || 'IP';
			if (value != null && value !== '' && +value < 1280 && pdptype !== 'IP')
				return _('IPv6 needs an MTU of at least 1280');
			return true;
		};

		o = s.taboption('advanced', form.Flag, 'dhcp', _('Use DHCP for IPv4'),
			_('Off: the address the modem reports is set directly (works with every modem).'));
		o.default = o.disabled;

		o = s.taboption('advanced', form.Flag, 'dhcpv6', _('Use DHCPv6/RA for IPv6'));
		o.default = o.disabled;
		o.depends('pdptype', 'IPV6');
		o.depends('pdptype', 'IPV4V6');

		o = s.taboption('advanced', form.Flag, 'sourcefilter', _('IPv6 source routing'));
		o.default = o.enabled;
		o.depends('dhcpv6', '1');

		o = s.taboption('advanced', form.ListValue, 'autoconnect', _('Modem autoconnect'),
			_('Let the modem redial by itself.'));
		o.value('', _('automatic (on for IPv4 only)'));
		o.value('1', _('on'));
		o.value('0', _('off'));
		o.default = '';

		o = s.taboption('advanced', form.Flag, 'defaultroute', _('Use default gateway'),
			_('If unchecked, no default route is configured'));
		o.default = o.enabled;

		o = s.taboption('advanced', form.Flag, 'peerdns', _('Use DNS servers advertised by peer'),
			_('If unchecked, the advertised DNS server addresses are ignored'));
		o.default = o.enabled;

		o = s.taboption('advanced', form.ListValue, 'data_format', _('Data format'));
		o.value('auto', _('automatic (raw IP when supported)'));
		o.value('raw-ip', _('raw IP'));
		o.value('802.3', _('Ethernet (802.3)'));
		o.default = 'auto';
		o.cfgvalue = function(section_id) {
			return canonical('data_format', form.ListValue.prototype.cfgvalue.apply(this, arguments));
		};

		o = s.taboption('advanced', form.Flag, 'fallback', _('Automatic fallbacks'),
			_('Retry a rejected call with settings the network accepts.'));
		o.default = o.enabled;

		o = s.taboption('advanced', form.Flag, 'fallback_pdp', _('PDP type fallback'),
			_('If the network rejects IPv4/IPv6, retry as IPv4 (then IPv6).'));
		o.default = o.enabled;
		o.depends('fallback', '1');

		o = s.taboption('advanced', form.Flag, 'fallback_auth', _('Authentication fallback'),
			_('If the network rejects the authentication, retry with the other methods.'));
		o.default = o.enabled;
		o.depends('fallback', '1');

		o = s.taboption('advanced', form.Value, 'retry_backoff_min', _('First retry delay'),
			_('Seconds before retrying a failed connection.'));
		o.datatype = 'range(1,3600)';
		o.placeholder = '5';

		o = s.taboption('advanced', form.Value, 'retry_backoff_max', _('Longest retry delay'),
			_('Cap, in seconds, of the doubling retry delay.'));
		o.datatype = 'range(1,86400)';
		o.placeholder = '300';
		o.validate = function(section_id, value) {
			var low = this.section.formvalue(section_id, 'retry_backoff_min');
			low = (low == null || low === '') ? 5 : +low;
			var high = (value == null || value === '') ? 300 : +value;
			return (high >= low) ? true : _('Must not be below the first retry delay');
		};

		o = s.taboption('advanced', form.Value, 'max_attempts', _('Maximum attempts'),
			_('Failed connection attempts before giving up; 0 never gives up.'));
		o.datatype = 'range(0,10000)';
		o.placeholder = '0';

		o = s.taboption('advanced', form.Flag, 'proxy', _('Share through qmi-proxy'),
			_('Open the modem through libqmi\'s qmi-proxy, so qmicli -p or ModemManager can share it.'));
		o.default = o.disabled;

		o = s.taboption('advanced', form.Flag, 'ubus_status', _('Publish status on ubus'),
			_('Needed for the status shown on this page.'));
		o.default = o.enabled;

		o = s.taboption('advanced', form.Flag, 'debug', _('Debug logging'),
			_('Log every QMI exchange (secrets are redacted).'));
		o.default = o.disabled;
	}
});
