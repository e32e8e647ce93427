'use strict';
'require baseclass';
'require rpc';

/*
 * The modem's live status, as the pyqmi daemon reports it, for both LuCI pages: the
 * protocol page (a status section in the interface dialog) and the "Cellular" status page.
 *
 * Theory of operation: each interface's daemon publishes the ubus object 'pyqmi.<iface>'
 * with a method 'status' (src/pyqmi/netifd/status.py builds the reply; the rpcd ACL
 * luci-proto-pyqmi grants it). fetch() asks it once; the pages call fetch() from a poll
 * function (poll.add) and hand the reply to update(), which re-renders a container node in
 * place. Every field is optional: the daemon answers while it waits for the device, the SIM
 * or the network, and newer daemons add fields (serving cell, neighbours, SIM details) that
 * are shown when present. Nothing here carries a secret: the daemon never puts a PIN, PUK,
 * password or identifier in the reply (it masks such keys if one slips in).
 */

var calls = {};

function caller(iface) {
	if (!calls[iface])
		calls[iface] = rpc.declare({
			object: 'pyqmi.' + iface,
			method: 'status',
			expect: { '': {} }
		});
	return calls[iface];
}

function isObject(v) {
	return v != null && typeof v === 'object' && !Array.isArray(v);
}

function present(v) {
	return v != null && v !== '' && !(Array.isArray(v) && !v.length);
}

function text(value) {
	if (!present(value))
		return '-';
	if (Array.isArray(value))
		return value.map(text).join(', ');
	if (typeof value === 'object')
		return Object.keys(value).map(function(k) { return k + ' ' + text(value[k]); }).join(', ');
	return String(value);
}

/* First present value among the keys of one or more objects. */
function pick(objects, keys) {
	for (var i = 0; i < objects.length; i++)
		if (isObject(objects[i]))
			for (var j = 0; j < keys.length; j++)
				if (present(objects[i][keys[j]]))
					return objects[i][keys[j]];
	return null;
}

var STATE_WORDS = {
	registered: _('Registered'),
	searching: _('Searching'),
	not_registered: _('Not registered'),
	denied: _('Registration denied'),
	unknown: _('Unknown')
};

/* '5gnr' alone says NR without saying SA or NSA; technology() decides from the cells. */
var TECH_WORDS = {
	lte: 'LTE', '5gnr': _('5G NR'), nr5g: _('5G NR'), nr: _('5G NR'), '5g-sa': _('5G SA'),
	'5g-nsa': _('5G NSA'), nsa: _('5G NSA'), endc: _('5G NSA'), 'lte+5gnr': _('5G NSA'),
	umts: _('UMTS (3G)'), wcdma: _('UMTS (3G)'), hspa: _('HSPA (3G)'), gsm: _('GSM (2G)'),
	'td-scdma': 'TD-SCDMA', cdma: 'CDMA', none: '-'
};

/* The radio technology in words: LTE; 5G NSA when LTE carries an NR leg (the cell read
 * reports the LTE anchor as serving and the NR cell as cell.nr, or the registration lists
 * both radios); 5G SA when the NR cell itself serves; 5G NR until the cells are read. */
function technology(reg, cell) {
	var tech = String(reg.technology || 'none').toLowerCase();
	var radios = reg.technologies || reg.radios || reg.radio_interfaces;
	var serving = (isObject(cell) && isObject(cell.serving)) ? cell.serving : {};
	var lte = tech === 'lte' || serving.technology === 'lte' ||
		(Array.isArray(radios) && radios.indexOf('lte') >= 0);
	var nr = (isObject(cell) && isObject(cell.nr)) || reg.endc === true || reg.nsa === true ||
		(Array.isArray(radios) && (radios.indexOf('5gnr') >= 0 || radios.indexOf('nr5g') >= 0));
	if (lte && nr)
		return _('5G NSA');
	if (serving.technology === '5gnr')
		return _('5G SA');
	return TECH_WORDS.hasOwnProperty(tech) ? TECH_WORDS[tech] : tech.toUpperCase();
}

/* Signal quality 0..4 from RSRP (LTE, NR) or else RSSI; null when nothing is reported. */
function bars(signal) {
	var steps, value;
	if (!isObject(signal))
		return null;
	if (typeof signal.rsrp === 'number') {
		value = signal.rsrp;
		steps = [ -115, -105, -95, -85 ];
	}
	else if (typeof signal.rssi === 'number') {
		value = signal.rssi;
		steps = [ -95, -85, -75, -65 ];
	}
	else
		return null;
	var n = 0;
	while (n < steps.length && value >= steps[n])
		n++;
	return n;
}

var UNITS = [ [ 'rssi', 'RSSI', 'dBm' ], [ 'rsrp', 'RSRP', 'dBm' ], [ 'rsrq', 'RSRQ', 'dB' ],
	[ 'snr', 'SNR', 'dB' ], [ 'sinr', 'SINR', 'dB' ], [ 'ecio', 'Ec/Io', 'dB' ] ];

function signalText(signal) {
	if (!isObject(signal))
		return '-';
	var parts = [];
	UNITS.forEach(function(u) {
		if (signal[u[0]] != null)
			parts.push('%s %s %s'.format(u[1], signal[u[0]], u[2]));
	});
	return parts.length ? parts.join(', ') : '-';
}

function barsNode(signal) {
	var n = bars(signal);
	var heights = [ 6, 10, 14, 18 ];
	var title = n == null ? _('No signal report') : _('Signal: %d of 4').format(n);
	return E('span', {
		'class': 'pyqmi-bars', 'data-bars': n == null ? 'none' : String(n), 'title': title,
		'style': 'display:inline-flex;align-items:flex-end;gap:2px;height:18px;margin-right:.5em'
	}, heights.map(function(h, i) {
		var on = n != null && i < n;
		return E('span', {
			'class': on ? 'pyqmi-bar on' : 'pyqmi-bar',
			'style': 'display:inline-block;width:5px;height:%dpx;background:%s'
				.format(h, on ? '#2a8f3a' : '#ccc')
		});
	}));
}

var SIM_WORDS = {
	ready: _('ready'), detected: _('detected'), personalization: _('locked to a network'),
	illegal: _('rejected by the network'), absent: _('no SIM card'), error: _('SIM card error'),
	unknown: _('unknown')
};

/* The SIM application's state in words; the daemon's names vary with the source (UIM or
 * DMS): pin_required, pin1_or_upin_pin_required, puk1_or_puk_required, pin_blocked, ... */
function simState(sim) {
	var state = String(sim.card === 'present' || sim.card == null ? sim.application : sim.card);
	if (SIM_WORDS.hasOwnProperty(state))
		return { key: state, text: SIM_WORDS[state] };
	if (/puk/.test(state) || state === 'pin_blocked')
		return { key: 'puk_required', text: _('PUK required (SIM blocked)') };
	if (/pin/.test(state) && /required/.test(state))
		return { key: 'pin_required', text: _('PIN required') };
	return { key: state, text: text(state) };
}

/* sim: {card, application, pin1, pin1_retries, puk1_retries}. */
function simText(sim) {
	if (!isObject(sim))
		return '-';
	var state = simState(sim);
	var parts = [ state.text ];
	if (sim.pin1 === 'enabled_not_verified' || sim.pin1 === 'enabled_verified')
		parts.push(_('PIN enabled'));
	else if (sim.pin1 === 'disabled')
		parts.push(_('PIN disabled'));
	if (sim.pin1_retries != null)
		parts.push(_('%d PIN tries left').format(sim.pin1_retries));
	if (sim.puk1_retries != null && (state.key === 'puk_required' || sim.puk1_retries < 10))
		parts.push(_('%d PUK tries left').format(sim.puk1_retries));
	return parts.join(', ');
}

var CELL_FIELDS = [ [ 'cell_id', _('Cell ID') ], [ 'tac', 'TAC' ], [ 'lac', 'LAC' ],
	[ 'earfcn', 'EARFCN' ], [ 'nr_arfcn', 'NR-ARFCN' ], [ 'uarfcn', 'UARFCN' ],
	[ 'arfcn', 'ARFCN' ], [ 'band', _('Band') ], [ 'pci', 'PCI' ], [ 'psc', 'PSC' ],
	[ 'bsic', 'BSIC' ], [ 'plmn', 'PLMN' ] ];

/* A cell's radio, not the registration's technology: an NR cell is NR, in SA or NSA alike. */
var CELL_RADIO = { lte: 'LTE', '5gnr': 'NR', nr5g: 'NR', umts: 'UMTS', wcdma: 'UMTS', gsm: 'GSM' };

function radioText(tech) {
	return CELL_RADIO[tech] || text(tech && String(tech).toUpperCase());
}

/* A cell: {technology, cell_id, tac|lac, earfcn|nr_arfcn|uarfcn|arfcn, band, pci, ...}. */
function cellText(cell) {
	if (!isObject(cell))
		return null;
	var parts = [];
	if (cell.technology)
		parts.push(radioText(cell.technology));
	CELL_FIELDS.forEach(function(f) {
		if (present(cell[f[0]]))
			parts.push('%s %s'.format(f[1], cell[f[0]]));
	});
	var levels = signalText(cell);
	if (levels !== '-')
		parts.push(levels);
	return parts.length ? parts.join(', ') : null;
}

function neighboursNode(list) {
	var head = [ _('Technology'), _('Band'), _('Channel'), 'PCI', 'RSRP', 'RSRQ' ];
	return E('table', { 'class': 'table pyqmi-neighbours' }, [
		E('tr', { 'class': 'tr table-titles' }, head.map(function(h) {
			return E('th', { 'class': 'th' }, h);
		}))
	].concat(list.slice(0, 8).map(function(n) {
		n = isObject(n) ? n : {};
		var cells = [ radioText(n.technology), text(n.band),
			text(pick([ n ], [ 'earfcn', 'nr_arfcn', 'uarfcn', 'arfcn' ])), text(pick([ n ], [ 'pci', 'psc', 'bsic' ])),
			n.rsrp != null ? '%s dBm'.format(n.rsrp) : (n.rssi != null ? 'RSSI %s dBm'.format(n.rssi) : '-'),
			n.rsrq != null ? '%s dB'.format(n.rsrq) : '-' ];
		return E('tr', { 'class': 'tr pyqmi-neighbour' }, cells.map(function(c) {
			return E('td', { 'class': 'td left' }, c);
		}));
	})));
}

function describeTime(seconds) {
	if (typeof seconds !== 'number' || seconds <= 0)
		return '-';
	var d = new Date(seconds * 1000);
	var pad = function(n) { return (n < 10 ? '0' : '') + n; };
	return '%s-%s-%s %s:%s:%s'.format(d.getFullYear(), pad(d.getMonth() + 1), pad(d.getDate()),
		pad(d.getHours()), pad(d.getMinutes()), pad(d.getSeconds()));
}

function addressesText(addresses) {
	if (!Array.isArray(addresses) || !addresses.length)
		return '-';
	return addresses.map(function(a) {
		if (!isObject(a))
			return text(a);
		var line = [ a.family, a.address ].filter(Boolean).join(' ');
		if (a.gateway)
			line += ' ' + _('via %s').format(a.gateway);
		if (Array.isArray(a.dns) && a.dns.length)
			line += ', ' + _('DNS %s').format(a.dns.join(' '));
		return line;
	}).join('; ');
}

function errorText(error, errors) {
	if (!present(error))
		return null;
	if (!isObject(error))
		return String(error);
	var known = (errors && error.code && errors[error.code]) ? _(errors[error.code]) : null;
	return [ error.code, known, error.message ].filter(Boolean).join(': ');
}

function row(key, label, value) {
	return E('tr', { 'class': 'tr', 'data-key': key }, [
		E('td', { 'class': 'td left', 'width': '33%' }, label),
		E('td', { 'class': 'td left' }, value)
	]);
}

/* The rows of the status table, as [key, label, value]; absent facts show as '-'. */
function rows(st, errors) {
	var reg = isObject(st.registration) ? st.registration : {};
	var signal = isObject(st.signal) ? st.signal : reg.signal;
	var operator = reg.operator || ((reg.mcc || reg.mnc) ? '%s %s'.format(reg.mcc || '', reg.mnc || '') : null);
	var id = isObject(st.identity) ? st.identity : {};
	var modem = [ [ id.manufacturer, id.model ].filter(Boolean).join(' '), id.revision, st.device ]
		.filter(Boolean).join(', ');
	var cell = isObject(st.cell) ? st.cell : null;
	var serving = cell && isObject(cell.serving) ? cell.serving : null;
	var out = [
		[ 'state', _('State'), text(st.state) ],
		[ 'modem', _('Modem'), modem || '-' ],
		[ 'sim', _('SIM'), simText(st.sim) ],
		[ 'registration', _('Registration'), (STATE_WORDS[reg.state] || text(reg.state)) +
			(reg.roaming ? ' (%s)'.format(_('roaming')) : '') ],
		[ 'operator', _('Operator'), text(operator) ],
		[ 'technology', _('Technology'), (present(reg.technology) || serving) ? technology(reg, cell) : '-' ],
		[ 'signal', _('Signal'), E('span', {}, [ barsNode(signal), signalText(signal) ]) ]
	];
	var servingLine = cellText(serving);
	if (servingLine && cell && typeof cell.age === 'number')
		servingLine += ' (%s)'.format(_('read %s s ago').format(Math.round(cell.age)));
	else if (!servingLine && cell && cell.reading)
		servingLine = _('reading the cells\u2026');
	if (servingLine)
		out.push([ 'cell', _('Serving cell'), servingLine ]);
	var nrLine = cell ? cellText(cell.nr) : null;
	if (nrLine)
		out.push([ 'nr', _('5G NR cell'), nrLine ]);
	var neighbours = cell && Array.isArray(cell.neighbours) ? cell.neighbours : [];
	if (neighbours.length)
		out.push([ 'neighbours', _('Neighbour cells'), neighboursNode(neighbours) ]);
	out.push([ 'call', _('Call'), [ st.pdptype, st.apn ? 'APN ' + st.apn : null, st.data_format ]
		.filter(Boolean).join(', ') || '-' ]);
	out.push([ 'addresses', _('Addresses'), addressesText(st.addresses) ]);
	var error = errorText(st.error, errors);
	if (error)
		out.push([ 'error', _('Last error'), error ]);
	if (Array.isArray(st.notes) && st.notes.length)
		out.push([ 'notes', _('Notes'), st.notes.map(text).join('; ') ]);
	return out;
}

/* attempts: [{family, auth, result, reason, time}]; the newest first, at most five. */
function attemptsNode(st) {
	var list = Array.isArray(st.attempts) ? st.attempts.slice(-5).reverse() : [];
	if (!list.length)
		return null;
	var head = [ _('Time'), _('Call'), _('Result'), _('Reason') ];
	return E('div', { 'class': 'pyqmi-attempts' }, [
		E('h4', {}, _('Last call attempts')),
		E('table', { 'class': 'table' }, [
			E('tr', { 'class': 'tr table-titles' }, head.map(function(h) {
				return E('th', { 'class': 'th' }, h);
			}))
		].concat(list.map(function(a) {
			var cells = isObject(a)
				? [ describeTime(a.time), [ a.family, a.auth ].filter(Boolean).join(' / ') || '-',
					text(a.result), text(a.reason) ]
				: [ '-', '-', '-', text(a) ];
			return E('tr', { 'class': 'tr pyqmi-attempt' }, cells.map(function(c) {
				return E('td', { 'class': 'td left' }, c);
			}));
		})))
	]);
}

/* One interface's status as a node; st null = no daemon answers for it. */
function render(st, errors) {
	if (!isObject(st))
		return E('div', { 'class': 'pyqmi-status', 'data-state': 'absent' },
			E('em', {}, _('The pyqmi daemon is not running for this interface (is it up?).')));
	if (st.error === 'status unavailable' && st.state == null)
		return E('div', { 'class': 'pyqmi-status', 'data-state': 'unavailable' },
			E('em', {}, _('The pyqmi daemon could not report its status; see the system log.')));
	var table = E('table', { 'class': 'table pyqmi-facts' }, rows(st, errors).map(function(r) {
		return row(r[0], r[1], r[2]);
	}));
	return E('div', { 'class': 'pyqmi-status', 'data-state': String(st.state || 'unknown') },
		[ table, attemptsNode(st) ].filter(Boolean));
}

return baseclass.extend({
	/* The daemon's reply for iface, or null when no daemon answers. */
	fetch: function(iface) {
		return caller(iface)().then(function(reply) {
			return isObject(reply) && Object.keys(reply).length ? reply : null;
		}).catch(function() {
			return null;
		});
	},

	render: render,

	/* Replace the content of container with the rendering of st. */
	update: function(container, st, errors) {
		while (container.firstChild)
			container.removeChild(container.firstChild);
		container.appendChild(render(st, errors));
		return container;
	},

	bars: bars,
	technology: technology
});
