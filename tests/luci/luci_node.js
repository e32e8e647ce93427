'use strict';
/*
 * Runs the LuCI protocol page under node with stand-ins for LuCI's globals and modules, the
 * way LuCI's loader hands them to a module: the file is the body of a function whose
 * arguments are its 'require'd modules ('require a.b as c' names the argument c; without
 * "as" the name is a_b). Modules under files/www/luci-static/resources (pyqmi.schema,
 * pyqmi.status) are loaded from disk the same way; rpc, form, network, poll and baseclass
 * are the stand-ins below. For the browser test see harness/.
 *
 * stdin: JSON {file, resources, formvalues, checks: [{option, value}], status, files, sid, uci}
 *   status: what ubus 'pyqmi.<sid>' 'status' answers; null = the object does not exist.
 *   files:  the names 'file' 'list' returns for /dev/.
 * stdout: JSON {protocol, i18n, methods, options, checks, device_choices, rpc, errors,
 *               virtual, status_object, render_text, polls}
 */

const fs = require('fs');
const path = require('path');

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const RESOURCES = request.resources || path.resolve(__dirname, '../../files/www/luci-static/resources');

String.prototype.format = function() {
	let i = 0;
	const args = arguments;
	return this.replace(/%[sdh]/g, () => String(args[i++]));
};

/* A node: what the pages do with DOM nodes (append, replace, empty), as plain data. */
const NodeProto = {
	get firstChild() { return this.children.length ? this.children[0] : null; },
	appendChild(c) { this.children.push(c); return c; },
	removeChild(c) { this.children.splice(this.children.indexOf(c), 1); return c; },
	replaceChild(n, o) { this.children[this.children.indexOf(o)] = n; return o; },
};

function E(tag, attrs, children) {
	if (children === undefined) children = [];
	if (!Array.isArray(children)) children = [children];
	const node = Object.create(NodeProto);
	return Object.assign(node, { tag, attrs: attrs || {},
		children: children.filter((c) => c != null && c !== '') });
}

function textOf(node) {
	if (node == null) return '';
	if (typeof node !== 'object') return String(node);
	return node.children.map(textOf).join(' ');
}

const L = {
	bind: (fn, self, ...args) => fn.bind(self, ...args),
};

const declared = [];
const rpc = {
	declare(spec) {
		declared.push(spec.object + '.' + spec.method);
		return function(...args) {
			const params = {};
			(spec.params || []).forEach((name, i) => { params[name] = args[i]; });
			if (spec.object === 'file' && spec.method === 'list') {
				const entries = (request.files || []).map((name) => ({ name, type: 'file' }));
				return Promise.resolve(spec.filter ? spec.filter(entries, params) : entries);
			}
			if (spec.object === 'pyqmi.' + request.sid && spec.method === 'status') {
				if (request.status == null)
					return Promise.reject(new Error('Object not found'));
				return Promise.resolve(request.status);
			}
			return Promise.reject(new Error('unexpected rpc ' + spec.object + '.' + spec.method));
		};
	},
};

function makeClass(type) {
	function Cls() {}
	Cls.prototype.type = type;
	Cls.prototype.load = function(sectionId) {
		return Promise.resolve((request.uci || {})[this.ucioption || this.option]);
	};
	Cls.prototype.cfgvalue = function(sectionId, value) {
		if (arguments.length === 2) {
			this.data = this.data || {};
			this.data[sectionId] = value;
		}
		return this.data ? this.data[sectionId] : null;
	};
	return Cls;
}

const form = {
	Value: makeClass('Value'),
	ListValue: makeClass('ListValue'),
	Flag: makeClass('Flag'),
	DummyValue: makeClass('DummyValue'),
};
form.Flag.prototype.enabled = '1';
form.Flag.prototype.disabled = '0';

const options = [];
const section = {
	taboption(tab, Cls, name, title, description) {
		const o = new Cls();
		Object.assign(o, {
			tab, option: name, title, description, section: section,
			keylist: [], deplist: [],
			value(key) { this.keylist.push(key); },
			depends(key, value) { this.deplist.push([key, value]); },
		});
		options.push(o);
		return o;
	},
	formvalue(sectionId, name) {
		return (request.formvalues || {})[name];
	},
};

let registered = null;
const errors = {};
const virtual = [];
const network = {
	registerProtocol(name, methods) {
		registered = { name, methods };
		return registered;
	},
	registerPatternVirtual(pattern) { virtual.push(String(pattern)); },
	registerErrorCode(code, text) { errors[code] = text; },
	getIfnameOf() { return null; },
};

const polls = [];
const poll = {
	add(fn, interval) { polls.push({ fn, interval }); },
	remove(fn) { const i = polls.findIndex((p) => p.fn === fn); if (i >= 0) polls.splice(i, 1); },
};

const baseclass = {
	extend(props) {
		function Cls() {}
		Object.assign(Cls.prototype, props);
		return Cls;
	},
};

const builtins = { rpc, form, network, poll, baseclass };
const loaded = {};

/* Load a module as LuCI does: its 'require' lines become the function's arguments. */
function load(name, file) {
	if (builtins[name]) return builtins[name];
	if (loaded[name]) return loaded[name];
	const source = fs.readFileSync(file || path.join(RESOURCES, name.replace(/\./g, '/') + '.js'), 'utf8');
	const names = [], values = [];
	const directive = /^\s*'require\s+(\S+?)(?:\s+as\s+(\w+))?';/gm;
	let m;
	while ((m = directive.exec(source)) !== null) {
		names.push(m[2] || m[1].replace(/[^a-zA-Z0-9_]/g, '_'));
		values.push(load(m[1]));
	}
	const result = new Function('_', 'E', 'L', ...names, source)((s) => s, E, L, ...values);
	const instance = typeof result === 'function' ? new result() : result;
	loaded[name] = instance;
	return instance;
}

load('protocol.pyqmi', request.file);

async function main() {
	const proto = registered.methods;
	proto.sid = request.sid;
	proto.renderFormOptions.call(proto, section);

	const byName = {};
	for (const o of options) byName[o.ucioption || o.option] = o;

	const device = options.find((o) => o.ucioption === 'device');
	await device.load(request.sid);

	const status = options.find((o) => o.option === '_pyqmi_status');
	const got = await status.load(request.sid);
	status.cfgvalue(request.sid, got);
	const box = status.renderWidget(request.sid, 0, status.cfgvalue(request.sid));
	box.isConnected = true;

	const checks = (request.checks || []).map((c) => {
		const o = byName[c.option];
		if (!o) return 'no such option';
		return o.validate ? o.validate(request.sid, c.value) : true;
	});

	const methods = {};
	for (const key of ['getI18n', 'getPackageName', 'getOpkgPackage', 'isFloating', 'isVirtual',
		'getDevices'])
		methods[key] = proto[key].call(proto);
	methods.containsDevice = typeof proto.containsDevice === 'function';

	const out = {
		protocol: registered.name,
		i18n: proto.getI18n(),
		methods,
		options: options.map((o) => ({
			name: o.option,
			ucioption: o.ucioption || null,
			type: o.type,
			tab: o.tab,
			datatype: o.datatype || null,
			default: o.default === undefined ? null : o.default,
			values: o.keylist,
			depends: o.deplist,
			password: !!o.password,
			validates: typeof o.validate === 'function',
			canonical: (o.cfgvalue !== form[o.type].prototype.cfgvalue && request.uci)
				? o.cfgvalue(request.sid, request.uci[o.option]) : null,
		})),
		checks,
		device_choices: device.keylist,
		rpc: declared,
		errors,
		virtual,
		status_object: got,
		render_text: textOf(box),
		polls: polls.map((p) => p.interval),
	};
	process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
	process.stderr.write(String(err && err.stack || err));
	process.exit(1);
});
