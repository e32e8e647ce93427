'use strict';
/*
 * Runs the LuCI protocol file under node with stand-ins for LuCI's globals and the
 * 'require'd modules (rpc, form, network), the way LuCI hands them to a view: as the
 * arguments of a function whose body is the file.
 *
 * stdin: JSON {file, formvalues, checks: [{option, value}], status, files, sid}
 *   status: what ubus 'pyqmi.<sid>' 'status' answers; null = the object does not exist.
 *   files:  the names 'file' 'list' returns for /dev/.
 * stdout: JSON {protocol, i18n, options, checks, device_choices, status_object,
 *               status_text, render_text}
 */

const fs = require('fs');

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const source = fs.readFileSync(request.file, 'utf8');

String.prototype.format = function() {
	let i = 0;
	const args = arguments;
	return this.replace(/%[sdh]/g, () => String(args[i++]));
};

function E(tag, attrs, children) {
	if (children === undefined) children = [];
	if (!Array.isArray(children)) children = [children];
	return { tag, attrs: attrs || {}, children };
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
const network = {
	registerProtocol(name, methods) {
		registered = { name, methods };
		return registered;
	},
	registerPatternVirtual() {},
	registerErrorCode() {},
	getIfnameOf() { return null; },
};

const translate = (s) => s;
new Function('_', 'E', 'L', 'rpc', 'form', 'network', source)(translate, E, L, rpc, form, network);

async function main() {
	const proto = registered.methods;
	proto.sid = request.sid;
	proto.renderFormOptions.call(proto, section);

	const byName = {};
	for (const o of options) byName[o.ucioption || o.option] = o;

	const device = options.find((o) => o.ucioption === 'device');
	await device.load(request.sid);

	const status = options.find((o) => o.option === '_pyqmi_status');
	const loaded = await status.load(request.sid);
	status.cfgvalue(request.sid, loaded);
	const node = status.renderWidget(request.sid, 0, status.cfgvalue(request.sid));

	const checks = (request.checks || []).map((c) => {
		const o = byName[c.option];
		if (!o) return 'no such option';
		return o.validate ? o.validate(request.sid, c.value) : true;
	});

	const out = {
		protocol: registered.name,
		i18n: proto.getI18n(),
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
		status_object: loaded,
		render_text: textOf(node),
	};
	process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
	process.stderr.write(String(err && err.stack || err));
	process.exit(1);
});
