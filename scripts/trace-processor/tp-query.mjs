// Run SQL queries over a trace with Perfetto's trace_processor built for WASM (the assets
// scripts/trace-processor/fetch unpacks), under Node, offline.
//   node tp-query.mjs ASSETS_DIR TRACE_FILE SQL...
// Prints one line of JSON per query: the rows as objects. Exit 1 on an error.
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import vm from 'node:vm';

const [dir, trace, ...queries] = process.argv.slice(2);
const g = globalThis;

// the glue expects a web worker: a self, a WorkerGlobalScope and a location
Object.defineProperty(g, 'self', { value: g, writable: true, configurable: true });
g.WorkerGlobalScope = function WorkerGlobalScope() {};
Object.defineProperty(g, 'location', {
	value: { href: url.pathToFileURL(dir).href + '/' }, writable: true, configurable: true,
});

// The glue is patched in three places so that it runs outside a worker: 32-bit memory,
// the wasm bytes handed over directly (no fetch), and the bridge made reachable.
function patch(src) {
	const edits = [
		['this.useMemory64 = hasMemory64Support();', 'this.useMemory64 = false;'],
		['locateFile: (s) => s,', 'locateFile: (s) => s, wasmBinary: globalThis.__tq_wasm,'],
		['const wasmBridge = new wasm_bridge_1.WasmBridge();',
		 'const wasmBridge = new wasm_bridge_1.WasmBridge(); globalThis.__tq_bridge = wasmBridge;'],
	];
	for (const [from, to] of edits) {
		if (!src.includes(from))
			throw new Error(`the trace_processor glue changed: no '${from}'`);
		src = src.replace(from, to);
	}
	return src;
}

async function main() {
	const { EngineBase } = await import(url.pathToFileURL(path.join(dir, 'engine.mjs')).href);
	g.__tq_wasm = new Uint8Array(fs.readFileSync(path.join(dir, 'trace_processor.wasm')));
	vm.runInThisContext(patch(fs.readFileSync(path.join(dir, 'engine_bundle.node.js'), 'utf8')),
			    { filename: 'engine_bundle.node.js' });
	const bridge = g.__tq_bridge;
	const channel = new MessageChannel();
	bridge.initialize(channel.port1);
	class Engine extends EngineBase {
		mode = 'WASM';
		id = 'tq';
		constructor(port) {
			super();
			this.port = port;
			port.onmessage = (m) => {
				if (m.data instanceof Uint8Array)
					this.onRpcResponseBytes(m.data);
			};
		}
		rpcSendRequestBytes(data) {
			this.port.postMessage(data);
		}
	}
	const engine = new Engine(channel.port2);
	const bytes = new Uint8Array(fs.readFileSync(trace));
	const chunk = 32 << 20;
	for (let off = 0; off < bytes.length; off += chunk)
		await engine.parse(bytes.subarray(off, off + chunk));
	await engine.notifyEof();
	for (const q of queries) {
		const r = await engine.query(q);
		if (r.error())
			throw new Error(`${q}: ${r.error()}`);
		const cols = r.columns(), rows = [];
		for (const it = r.iter({}); it.valid(); it.next()) {
			const row = {};
			for (const c of cols) {
				const v = it.get(c);
				row[c] = typeof v === 'bigint' ? Number(v) : v;
			}
			rows.push(row);
		}
		console.log(JSON.stringify(rows));
	}
	channel.port2.close();
}

main().then(() => process.exit(0), (e) => {
	console.error(`tp-query: ${e.message || e}`);
	process.exit(1);
});
