'use strict';
'require view';
'require rpc';
'require poll';
'require pyqmi.schema as schema';
'require pyqmi.status as pyqmistatus';

/*
 * Status > Cellular: every interface with proto 'pyqmi', what netifd says of it (up, its
 * error code in words) and what its daemon says (ubus 'pyqmi.<iface>' 'status': signal,
 * operator, technology, registration, serving cell, SIM, addresses, the last call
 * attempts). Refreshed by LuCI's poll loop; the menu entry is
 * /usr/share/luci/menu.d/luci-proto-pyqmi.json, the grants the ACL luci-proto-pyqmi.
 */

var callInterfaces = rpc.declare({
	object: 'network.interface',
	method: 'dump',
	expect: { 'interface': [] }
});

/* netifd's view of the pyqmi interfaces: [{name, up, pending, errors: [code]}]. */
function pyqmiInterfaces() {
	return callInterfaces().then(function(list) {
		return (Array.isArray(list) ? list : []).filter(function(i) {
			return i && i.proto === 'pyqmi';
		}).map(function(i) {
			return {
				name: i.interface,
				up: !!i.up,
				pending: !!i.pending,
				errors: (Array.isArray(i.errors) ? i.errors : []).map(function(e) {
					return e && e.code;
				}).filter(Boolean)
			};
		});
	}).catch(function() {
		return [];
	});
}

function netifdLine(iface) {
	var state = iface.up ? _('up') : (iface.pending ? _('connecting') : _('down'));
	var errors = iface.errors.map(function(code) {
		return schema.errors[code] ? '%s (%s)'.format(_(schema.errors[code]), code) : code;
	});
	return E('p', { 'class': 'pyqmi-netifd', 'data-up': iface.up ? '1' : '0' }, [
		E('strong', {}, _('Interface: ')), state,
		errors.length ? E('span', { 'class': 'pyqmi-netifd-error' },
			' \u2014 ' + _('error: %s').format(errors.join(', '))) : ''
	]);
}

return view.extend({
	load: function() {
		return pyqmiInterfaces().then(function(ifaces) {
			return Promise.all(ifaces.map(function(i) {
				return pyqmistatus.fetch(i.name);
			})).then(function(replies) {
				return [ ifaces, replies ];
			});
		});
	},

	render: function(data) {
		var ifaces = data[0], replies = data[1];
		var page = E('div', { 'class': 'cbi-map', 'id': 'pyqmi-cellular' }, [
			E('h2', {}, _('Cellular')),
			E('div', { 'class': 'cbi-map-descr' },
				_('Live status of the cellular modems driven by pyqmi, as their daemons report it.'))
		]);
		if (!ifaces.length)
			page.appendChild(E('p', { 'class': 'pyqmi-none' },
				_('No interface uses the protocol "QMI Cellular (pyqmi)".')));

		var boxes = ifaces.map(function(iface, n) {
			var head = E('div', {}, netifdLine(iface));
			var box = E('div', { 'class': 'pyqmi-live', 'data-interface': iface.name });
			pyqmistatus.update(box, replies[n], schema.errors);
			page.appendChild(E('div', { 'class': 'cbi-section', 'data-interface': iface.name }, [
				E('h3', {}, _('Interface %s').format(iface.name)), head, box
			]));
			return { iface: iface, head: head, box: box };
		});

		if (boxes.length)
			poll.add(function() {
				return pyqmiInterfaces().then(function(now) {
					return Promise.all(boxes.map(function(b) {
						var fresh = now.filter(function(i) { return i.name === b.iface.name; })[0];
						if (fresh) {
							b.head.replaceChild(netifdLine(fresh), b.head.firstChild);
						}
						return pyqmistatus.fetch(b.iface.name).then(function(st) {
							pyqmistatus.update(b.box, st, schema.errors);
						});
					}));
				});
			}, 5);

		return page;
	},

	handleSave: null,
	handleSaveApply: null,
	handleReset: null
});
