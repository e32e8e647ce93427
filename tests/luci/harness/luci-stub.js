'use strict';
/*
 * A minimal stand-in for the LuCI client API, written for the browser test of the pyqmi
 * pages (not LuCI's code): just what protocol/pyqmi.js, view/status/pyqmi.js and the
 * pyqmi/* modules use.
 *
 * - The loader fetches /luci-static/resources/<a/b>.js for 'require a.b', reads its
 *   'require X [as Y]' lines, and runs the file as the body of a function whose arguments
 *   are those modules (Y, or X with non-word characters as '_'), plus _, E and L; a module
 *   that returns a class is instantiated once, as LuCI does.
 * - rpc.declare POSTs {object, method, params} to /ubus (the test's server answers from its
 *   canned modems and refuses what the rpcd ACL does not grant) and applies expect/filter.
 * - form renders a section's tabs and options into the DOM (tab menu, text inputs, selects,
 *   checkboxes, DummyValue widgets), runs datatype and validate() on every input and shows
 *   the message under the field, and re-evaluates depends() after every change.
 * - poll keeps the added functions; harness.tick() runs them once (the test's clock).
 * - network keeps registerProtocol/registerPatternVirtual/registerErrorCode for inspection.
 *
 * The page to show is the query: ?page=protocol&iface=wwan or ?page=status.
 * window.harness.ready is a promise that settles when the page is rendered.
 */

(function() {
	var harness = window.harness = { errors: {}, virtual: [], polls: [], failures: [] };

	String.prototype.format = function() {
		var args = arguments, i = 0;
		return this.replace(/%([sdh])/g, function(m, kind) {
			var v = args[i++];
			if (kind === 'd')
				return String(Math.floor(+v || 0));
			return String(v);
		});
	};

	window._ = function(s) { return s; };

	function append(node, child) {
		if (child == null || child === false)
			return;
		if (Array.isArray(child))
			return child.forEach(function(c) { append(node, c); });
		node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
	}

	window.E = function(tag, attrs, children) {
		var node = document.createElement(tag);
		if (attrs != null && (Array.isArray(attrs) || typeof attrs !== 'object' ||
				attrs instanceof Node)) {
			children = attrs;
			attrs = null;
		}
		for (var k in (attrs || {})) {
			var v = attrs[k];
			if (v == null)
				continue;
			if (typeof v === 'function')
				node.addEventListener(k.replace(/^on/, ''), v);
			else
				node.setAttribute(k, v);
		}
		append(node, children);
		return node;
	};

	var baseclass = {
		extend: function(props) {
			var parent = this.prototype ? this : null;
			var Cls = function() {
				if (typeof this.__init__ === 'function')
					this.__init__.apply(this, arguments);
			};
			Cls.prototype = Object.create(parent ? parent.prototype : Object.prototype);
			Object.assign(Cls.prototype, props);
			Cls.extend = baseclass.extend;
			return Cls;
		}
	};

	var L = window.L = {
		bind: function(fn, self) {
			var args = Array.prototype.slice.call(arguments, 2);
			return function() { return fn.apply(self, args.concat(Array.prototype.slice.call(arguments))); };
		},
		resolveDefault: function(p, d) { return Promise.resolve(p).catch(function() { return d; }); },
		resource: function(path) { return '/luci-static/resources/' + path; }
	};

	/* --- rpc ---------------------------------------------------------------------------- */
	var rpc = {
		declare: function(spec) {
			return function() {
				var params = {}, args = arguments;
				(spec.params || []).forEach(function(name, i) { params[name] = args[i]; });
				return fetch('/ubus', {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ object: spec.object, method: spec.method, params: params })
				}).then(function(res) { return res.json(); }).then(function(reply) {
					if (reply.error)
						throw new Error(reply.error);
					var result = reply.result;
					if (spec.expect) {
						var key = Object.keys(spec.expect)[0];
						if (key !== '')
							result = (result != null && result[key] != null) ? result[key] : spec.expect[key];
					}
					return spec.filter ? spec.filter(result, params) : result;
				});
			};
		}
	};

	/* --- poll --------------------------------------------------------------------------- */
	var poll = {
		add: function(fn, interval) { harness.polls.push({ fn: fn, interval: interval }); },
		remove: function(fn) {
			harness.polls = harness.polls.filter(function(p) { return p.fn !== fn; });
		}
	};
	L.Poll = poll;
	harness.tick = function() {
		return Promise.all(harness.polls.map(function(p) { return Promise.resolve(p.fn()); }))
			.then(function() { return harness.polls.length; });
	};

	/* --- network ------------------------------------------------------------------------ */
	var network = {
		registerProtocol: function(name, methods) {
			var Proto = baseclass.extend(methods);
			Proto.prototype.protoName = name;
			harness.protocols = harness.protocols || {};
			harness.protocols[name] = Proto;
			return Proto;
		},
		registerPatternVirtual: function(re) { harness.virtual.push(String(re)); },
		registerErrorCode: function(code, text) { harness.errors[code] = text; },
		getIfnameOf: function(x) { return typeof x === 'string' ? x : null; }
	};

	/* --- view --------------------------------------------------------------------------- */
	var view = baseclass.extend({
		load: function() { return Promise.resolve(); },
		render: function() { return E('div'); }
	});

	/* --- form --------------------------------------------------------------------------- */
	function optionClass(type) {
		return baseclass.extend({
			type: type,
			__init__: function(section, option, title, description) {
				this.section = section;
				this.option = option;
				this.title = title;
				this.description = description;
				this.keylist = [];
				this.vallist = [];
				this.deps = [];
				this.data = {};
			},
			value: function(key, label) {
				this.keylist.push(String(key));
				this.vallist.push(label != null ? label : key);
			},
			depends: function(field, value) {
				if (typeof field === 'object')
					this.deps.push(field);
				else {
					var d = {};
					d[field] = value;
					this.deps.push(d);
				}
			},
			load: function(sid) {
				return Promise.resolve(this.section.uci[this.ucioption || this.option]);
			},
			cfgvalue: function(sid, value) {
				if (arguments.length >= 2)
					this.data[sid] = value;
				return this.data[sid];
			},
			formvalue: function(sid) {
				return this.widget ? this.widget.get() : null;
			}
		});
	}

	var form = {
		Value: optionClass('Value'),
		ListValue: optionClass('ListValue'),
		Flag: optionClass('Flag'),
		DummyValue: optionClass('DummyValue')
	};
	form.Flag.prototype.enabled = '1';
	form.Flag.prototype.disabled = '0';

	/* datatype 'range(a,b)' of an integer, as LuCI's validation reads it. */
	function checkDatatype(datatype, value) {
		var m = /^range\((-?\d+),(-?\d+)\)$/.exec(datatype || '');
		if (!m || value === '')
			return true;
		var n = Number(value);
		if (!/^-?\d+$/.test(value) || n < +m[1] || n > +m[2])
			return _('Expecting: %s').format(_('value between %s and %s').format(m[1], m[2]));
		return true;
	}

	function Section(sid, uci) {
		this.sid = sid;
		this.uci = uci;
		this.tabs = [];
		this.children = [];
	}

	Section.prototype.tab = function(name, title) {
		this.tabs.push({ name: name, title: title });
	};

	Section.prototype.taboption = function(tab, Cls, option, title, description) {
		var o = new Cls(this, option, title, description);
		o.tab = tab;
		this.children.push(o);
		return o;
	};

	Section.prototype.lookup = function(name) {
		return this.children.filter(function(o) { return (o.ucioption || o.option) === name; })[0];
	};

	Section.prototype.formvalue = function(sid, name) {
		var o = this.lookup(name);
		return o ? o.formvalue(sid) : null;
	};

	function depsMet(section, o) {
		if (!o.deps.length)
			return true;
		return o.deps.some(function(d) {
			var reverse = !!d['!reverse'], all = true;
			for (var k in d) {
				if (k.charAt(0) === '!')
					continue;
				var v = section.formvalue(section.sid, k);
				if (String(v == null ? '' : v) !== String(d[k]))
					all = false;
			}
			return reverse ? !all : all;
		});
	}

	function widgetFor(section, o, value) {
		var sid = section.sid, input;
		if (o.type === 'DummyValue') {
			var node = o.renderWidget ? o.renderWidget(sid, 0, value) : E('span', {}, value == null ? '-' : value);
			return { node: node, get: function() { return null; } };
		}
		if (o.type === 'Flag') {
			input = E('input', { 'type': 'checkbox', 'class': 'cbi-input-checkbox', 'name': o.option });
			var stored = value == null ? o.default : value;
			input.checked = String(stored) === o.enabled;
			return { node: input, input: input, get: function() { return input.checked ? o.enabled : o.disabled; } };
		}
		if (o.type === 'ListValue') {
			input = E('select', { 'class': 'cbi-input-select', 'name': o.option },
				o.keylist.map(function(k, i) { return E('option', { 'value': k }, o.vallist[i]); }));
			input.value = value != null ? value : (o.default != null ? o.default : (o.keylist[0] || ''));
			return { node: input, input: input, get: function() { return input.value; } };
		}
		input = E('input', { 'type': o.password ? 'password' : 'text', 'class': 'cbi-input-text',
			'name': o.option, 'placeholder': o.placeholder != null ? o.placeholder : null });
		input.value = value != null ? value : '';
		var box = E('span', { 'class': 'cbi-value-widget' }, [ input ]);
		if (o.keylist.length) {
			var list = E('datalist', { 'id': 'list-' + o.option },
				o.keylist.filter(Boolean).map(function(k) { return E('option', { 'value': k }); }));
			input.setAttribute('list', 'list-' + o.option);
			box.appendChild(list);
		}
		return { node: box, input: input, get: function() { return input.value; } };
	}

	function validate(section, o) {
		if (!o.widget || !o.widget.input || o.type === 'Flag')
			return true;
		var value = o.widget.get();
		var verdict = checkDatatype(o.datatype, value);
		if (verdict === true && typeof o.validate === 'function')
			verdict = o.validate(section.sid, value);
		var row = o.row;
		var msg = row.querySelector('.cbi-value-error');
		if (verdict === true || verdict == null) {
			o.widget.input.classList.remove('cbi-input-invalid');
			msg.textContent = '';
			return true;
		}
		o.widget.input.classList.add('cbi-input-invalid');
		msg.textContent = typeof verdict === 'string' ? verdict : _('Invalid value');
		return false;
	}

	function refreshDepends(section) {
		section.children.forEach(function(o) {
			o.row.style.display = depsMet(section, o) ? '' : 'none';
			o.row.setAttribute('data-visible', o.row.style.display === 'none' ? '0' : '1');
		});
	}

	function showTab(root, name) {
		root.querySelectorAll('.cbi-tabmenu > li').forEach(function(li) {
			li.classList.toggle('cbi-tab', li.getAttribute('data-tab') === name);
			li.classList.toggle('cbi-tab-disabled', li.getAttribute('data-tab') !== name);
		});
		root.querySelectorAll('.cbi-tabcontainer').forEach(function(pane) {
			pane.style.display = pane.getAttribute('data-tab') === name ? '' : 'none';
		});
		root.setAttribute('data-active-tab', name);
	}

	/* Load every option of the section, then build its tabs and rows. */
	function renderSection(section) {
		return Promise.all(section.children.map(function(o) {
			return Promise.resolve(o.load(section.sid)).then(function(v) {
				o.cfgvalue(section.sid, v);
			});
		})).then(function() {
			var root = E('div', { 'class': 'cbi-section-node cbi-section-node-tabbed' });
			var menu = E('ul', { 'class': 'cbi-tabmenu' });
			root.appendChild(menu);
			section.tabs.forEach(function(t) {
				var rows = section.children.filter(function(o) { return o.tab === t.name; });
				if (!rows.length)
					return;
				menu.appendChild(E('li', { 'data-tab': t.name }, E('a', {
					'href': '#', 'click': function(ev) { ev.preventDefault(); showTab(root, t.name); }
				}, t.title)));
				var pane = E('div', { 'class': 'cbi-tabcontainer', 'data-tab': t.name });
				rows.forEach(function(o) {
					o.widget = widgetFor(section, o, o.cfgvalue(section.sid));
					o.row = E('div', { 'class': 'cbi-value', 'data-name': o.ucioption || o.option,
						'data-widget': o.type }, [
						E('label', { 'class': 'cbi-value-title' }, o.title || ''),
						E('div', { 'class': 'cbi-value-field' }, [
							o.widget.node,
							E('div', { 'class': 'cbi-value-error' }),
							o.description ? E('div', { 'class': 'cbi-value-description' }, o.description) : null
						])
					]);
					if (o.widget.input)
						[ 'input', 'change' ].forEach(function(ev) {
							o.widget.input.addEventListener(ev, function() {
								validate(section, o);
								refreshDepends(section);
							});
						});
					pane.appendChild(o.row);
				});
				root.appendChild(pane);
			});
			refreshDepends(section);
			showTab(root, section.tabs[0].name);
			return root;
		});
	}

	/* --- the loader --------------------------------------------------------------------- */
	var builtins = { baseclass: baseclass, rpc: rpc, poll: poll, network: network, view: view, form: form };
	var modules = {};

	L.require = function(name) {
		if (builtins[name])
			return Promise.resolve(builtins[name]);
		if (!modules[name])
			modules[name] = fetch(L.resource(name.replace(/\./g, '/') + '.js')).then(function(res) {
				if (!res.ok)
					throw new Error('cannot load ' + name + ': HTTP ' + res.status);
				return res.text();
			}).then(function(source) {
				var re = /^\s*'require\s+(\S+?)(?:\s+as\s+(\w+))?';/gm, m, deps = [], names = [];
				while ((m = re.exec(source)) !== null) {
					deps.push(m[1]);
					names.push(m[2] || m[1].replace(/[^a-zA-Z0-9_]/g, '_'));
				}
				return Promise.all(deps.map(L.require)).then(function(values) {
					var factory = new Function([ '_', 'E', 'L' ].concat(names).join(','),
						source + '\n//# sourceURL=' + name + '.js');
					var result = factory.apply(null, [ window._, window.E, L ].concat(values));
					return typeof result === 'function' ? new result() : result;
				});
			});
		return modules[name];
	};

	/* --- the two pages ------------------------------------------------------------------ */
	function bootProtocol(iface, uci) {
		return L.require('protocol.pyqmi').then(function() {
			var Proto = harness.protocols.pyqmi;
			var proto = new Proto();
			proto.sid = iface;
			proto._ubus = function(key) { return null; };
			harness.proto = proto;
			var section = new Section(iface, uci);
			section.tab('general', _('General Settings'));
			section.tab('advanced', _('Advanced Settings'));
			proto.renderFormOptions(section);
			harness.section = section;
			return renderSection(section).then(function(node) {
				document.getElementById('maincontent').appendChild(E('div', { 'class': 'modal' }, [
					E('h4', {}, _('Interfaces') + ' \u00bb ' + iface),
					E('p', { 'class': 'proto-name' }, _('Protocol') + ': ' + proto.getI18n()),
					node
				]));
			});
		});
	}

	function bootStatus() {
		return L.require('view.status.pyqmi').then(function(page) {
			return Promise.resolve(page.load()).then(function(data) {
				document.getElementById('maincontent').appendChild(page.render(data));
			});
		});
	}

	var query = new URLSearchParams(location.search);
	harness.ready = fetch('/harness-config').then(function(r) { return r.json(); }).then(function(cfg) {
		return query.get('page') === 'status' ? bootStatus()
			: bootProtocol(query.get('iface') || 'wwan', cfg.uci || {});
	}).then(function() {
		document.body.setAttribute('data-ready', '1');
		return true;
	}, function(err) {
		harness.failures.push(String(err && err.stack || err));
		document.body.setAttribute('data-ready', 'error');
		return false;
	});
	window.addEventListener('error', function(ev) { harness.failures.push(String(ev.message)); });
	window.addEventListener('unhandledrejection', function(ev) {
		harness.failures.push(String(ev.reason && ev.reason.stack || ev.reason));
	});
})();
