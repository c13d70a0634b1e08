// `cargo xtask bench` runs this after building pkg/ (and, when it can, target/bench/named and
// target/bench/probe): bundles, sizes, Node speed, Node CPU profile, Chromium speed and cold
// start; then writes bench/results.json, bench/chart.svg and BENCHMARKS.md.
// Usage: node bench/run.mjs [--named DIR] [--probe DIR] [--rounds N] [--cold N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { BUNDLES, browserFiles, buildBundles, esbuildVersion } from './lib/bundles.mjs';
import { barChartSvg } from './lib/chart.mjs';
import { runChromium } from './lib/chromium-run.mjs';
import { readInlineModule } from '../tests/js/inline-module.mjs';
import { summarizeProfile } from './lib/profile-summary.mjs';
import { REQUEST } from './lib/request.mjs';
import { renderMarkdown, SIGNERS, signerLabel, targets, us } from './lib/report.mjs';
import { sizeMap } from './lib/size-map.mjs';

const started = performance.now();
const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const PKG = join(ROOT, 'pkg');
const WORK = join(ROOT, 'target/bench');
const { values } = parseArgs({
  options: {
    named: { type: 'string' },
    probe: { type: 'string' },
    rounds: { type: 'string', default: '31' },
    cold: { type: 'string', default: '20' },
  },
});
const log = (line) => console.log(line);
const CHART_LABELS = {
  'wc-keys-authorization-sha256': 'wc-keys Signer (HMAC-SHA256)',
  'wc-keys-authorization-sha1': 'wc-keys Signer (HMAC-SHA1)',
  'wc-keys-signer-entry-sha256': 'wc-keys/signer Signer (HMAC-SHA256)',
  'wc-keys-sha256': 'wc-keys sign() (HMAC-SHA256)',
  'wc-keys-sha1': 'wc-keys sign() (HMAC-SHA1)',
  official: 'official library',
  'crypto-js': 'oauth-1.0a + crypto-js',
  webcrypto: 'WebCrypto, key cached',
  createhmac: 'Node createHmac',
};
const step = (title) => console.log(`\n==> ${title}`);
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const usable = (dir) => (dir && existsSync(dir) ? resolve(dir) : undefined);
const named = usable(values.named);
const probe = usable(values.probe);
mkdirSync(WORK, { recursive: true });

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(join(BENCH, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'n/a';
  }
}

function commandOutput(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'n/a';
  }
}

function runNode(args, what) {
  const result = spawnSync(process.execPath, args, { cwd: BENCH, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (node ${args.join(' ')})`);
}

// --- machine -----------------------------------------------------------------------------
const machine = {
  nproc: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
  loadStart: loadavg(),
};
const versions = {
  node: process.version,
  'wc-keys': JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).version,
  rustc: commandOutput('rustc', ['--version']),
  'wasm-bindgen': commandOutput('wasm-bindgen', ['--version']).replace(/^wasm-bindgen /, ''),
  'wasm-opt': commandOutput(join(ROOT, 'tools/node_modules/.bin/wasm-opt'), ['--version']).replace(/^wasm-opt version /, ''),
  esbuild: esbuildVersion,
};
for (const p of ['@woocommerce/woocommerce-rest-api', 'oauth-1.0a', 'crypto-js', 'create-hmac', 'axios', 'url-parse', 'playwright-core', 'buffer', 'events', 'process', 'stream-browserify']) {
  versions[p] = versionOf(p);
}
log(`${machine.nproc} cores, ${machine.cpu}, load ${machine.loadStart.map((x) => x.toFixed(2)).join(' ')}; node ${versions.node}; wc-keys ${versions['wc-keys']}`);

// --- bundles and sizes -------------------------------------------------------------------
step('esbuild bundles and sizes');
const distDir = join(WORK, 'dist');
rmSync(distDir, { recursive: true, force: true });
const bundles = await buildBundles(distDir, PKG);
// The two entries' modules: the main entry's (`wc-keys`) and the signing entry's (`wc-keys/signer`).
// The signing entry's module is inline (wc_keys_signer_wasm.mjs, gzipped, in base64): that file counts as its wasm.
// The main entry's glue ships bundled with the entry's other modules, in api.mjs: that file counts as its glue.
const MODULES = {
  main: { wasm: 'wc_keys_bg.wasm', glue: 'api.mjs', specifier: 'wc-keys', glueNote: '`api.mjs` is wasm-bindgen\'s glue bundled with the rest of the entry\'s JavaScript by `cargo xtask build` (pkg-template/api.mjs says why): its row counts the client, wc-auth and key-check wrappers as well as the glue, which alone came to 7,907 bytes gzip as its own file (the runs in bench/runs before this layout).' },
  signer: { wasm: 'wc_keys_signer_wasm.mjs', glue: 'wc_keys_signer.js', specifier: 'wc-keys/signer', named: 'wc_keys_signer_bg.wasm' },
};
const inPkg = async (specifier) => (await browserFiles(specifier)).map((f) => resolve(BENCH, f)).filter((f) => f.startsWith(PKG)).sort();
const entryJs = { main: await inPkg('wc-keys'), signer: await inPkg('wc-keys/signer') };
const byteRow = (file, bytes) => ({ file, raw: bytes.length, gzip: gzip(bytes) });
const fileRow = (path) => byteRow(relative(ROOT, path), readFileSync(path));
// The signing entry's module as shipped: the base64 in pkg/, decoded and gunzipped.
const signerModule = readInlineModule(PKG);
const sum = (rows) => ({ raw: rows.reduce((a, r) => a + r.raw, 0), gzip: rows.reduce((a, r) => a + r.gzip, 0) });
const entrySizes = (m) => {
  const rows = [...new Set([join(PKG, MODULES[m].wasm), ...entryJs[m]])].map(fileRow);
  const glue = rows.filter((r) => r.file.endsWith(`/${MODULES[m].wasm}`) || r.file.endsWith(`/${MODULES[m].glue}`));
  // An inline module's bytes as a .wasm file would ship them, for comparison with the inline form.
  const asWasm = MODULES[m].named ? byteRow(MODULES[m].named, signerModule) : undefined;
  return { specifier: MODULES[m].specifier, module: MODULES[m].named ?? MODULES[m].wasm, wasm: MODULES[m].wasm, glue: MODULES[m].glue, glueNote: MODULES[m].glueNote, files: rows, asWasm, wasmPlusGlue: sum(glue), browser: sum(rows) };
};
const sizes = {
  entries: { main: entrySizes('main'), signer: entrySizes('signer') },
  bundles: BUNDLES.map((b) => {
    const bytes = bundles[b.id].bytes;
    const js = { raw: bytes.length, gzip: gzip(bytes) };
    const wasm = bundles[b.id].wasm ? gzip(readFileSync(bundles[b.id].wasm)) : undefined;
    return { id: b.id, label: b.label, ...js, wasmGzip: wasm, totalGzip: js.gzip + (wasm ?? 0), inputs: bundles[b.id].inputs.length };
  }),
};
// Each file once: the entries share signer-base.mjs and errors.mjs.
const packageRows = new Map([...sizes.entries.main.files, ...sizes.entries.signer.files].map((r) => [r.file, r])).values();
for (const r of packageRows) log(`  ${String(r.raw).padStart(8)} ${String(r.gzip).padStart(8)}  ${r.file}`);
for (const b of sizes.bundles) log(`  bundle ${b.id}: ${b.raw} bytes, ${b.gzip} gzip${b.wasmGzip ? ` + wasm ${b.wasmGzip} gzip` : ''}`);

let sizeMapResult = null;
if (named) {
  sizeMapResult = {
    main: sizeMap(readFileSync(join(named, MODULES.main.wasm)), readFileSync(join(PKG, MODULES.main.wasm))),
    signer: sizeMap(readFileSync(join(named, MODULES.signer.named)), signerModule),
  };
  for (const [m, map] of Object.entries(sizeMapResult)) {
    log(`  ${MODULES[m].wasm}:`);
    for (const c of map.crates.slice(0, 8)) log(`  ${String(c.bytes).padStart(7)}  ${c.crate}`);
    if (!map.sameCode) log('  note: the named build and pkg/ differ in code size (pkg/ was rebuilt meanwhile?)');
  }
}

// --- Node ----------------------------------------------------------------------------------
step('signing speed in Node');
const nodeOut = join(WORK, 'node-speed.json');
runNode(['node-speed.mjs', '--out', nodeOut, '--rounds', values.rounds, ...(probe ? ['--probe', probe] : [])], 'the Node benchmark');
const node = JSON.parse(readFileSync(nodeOut, 'utf8'));

let profile = null;
if (named) {
  step('CPU profile of sign() in Node');
  const profDir = join(WORK, 'cpuprofile');
  rmSync(profDir, { recursive: true, force: true });
  const profOut = join(WORK, 'profile.json');
  runNode(['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '100', 'profile.mjs', '--named', named, '--out', profOut], 'the CPU profile');
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  profile = JSON.parse(readFileSync(profOut, 'utf8'));
  profile.summary = summarizeProfile(JSON.parse(readFileSync(join(profDir, file), 'utf8')));
  profile.file = relative(ROOT, join(profDir, file));
  log(`  ${profile.summary.samples} samples; ${profile.importCalls.total} wasm→JS calls per sign()`);
  for (const e of profile.summary.tree.slice(0, 6)) log(`  ${(e.share * 100).toFixed(1).padStart(5)} %  ${e.name}`);
}

// --- Chromium ------------------------------------------------------------------------------
step('Chromium: signing speed and cold start');
const check = (id) => node.cases.find((c) => c.id === id)?.check?.signature;
const chromium = await runChromium({
  root: ROOT,
  pkgDir: PKG,
  distDir,
  probeDir: probe,
  siteDir: join(WORK, 'site'),
  modules: { main: entryJs.main.map((f) => relative(PKG, f)), signer: entryJs.signer.map((f) => relative(PKG, f)) },
  rounds: Number(values.rounds),
  coldRounds: Number(values.cold),
  log,
  expected: { plain: check('wc-keys-sha256'), versioned: check('official') },
});
versions.chromium = chromium.version;

// --- outputs -------------------------------------------------------------------------------
machine.loadEnd = loadavg();
const results = {
  generated: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  durationS: (performance.now() - started) / 1000,
  machine,
  versions,
  request: REQUEST,
  node,
  chromium,
  sizes,
  sizeMap: sizeMapResult,
  profile,
};
results.targets = targets(results);
writeFileSync(join(BENCH, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
writeFileSync(
  join(BENCH, 'chart.svg'),
  barChartSvg({
    title: `µs per signature, lower is better (medians, one run, ${results.generated.slice(0, 10)})`,
    unit: 'µs/op',
    series: ['Node', 'Chromium'],
    rows: SIGNERS.map((id) => ({
      label: CHART_LABELS[id] ?? signerLabel(results, id),
      values: [us(node, id), us(chromium.speed, id)],
      missing: id === 'createhmac' ? 'Node only' : 'n/a',
    })),
  }),
);
const markdown = renderMarkdown(results);
writeFileSync(join(ROOT, 'BENCHMARKS.md'), markdown);

step('summary (full tables in BENCHMARKS.md)');
const start = markdown.indexOf('## Signing speed');
log(markdown.slice(start, markdown.indexOf('![')).trim());
for (const t of results.targets) log(`  ${t.ok ? 'met    ' : 'NOT MET'}  ${t.what}: ${t.value.toFixed(2)} (target ${t.want})`);
log(`\nwrote BENCHMARKS.md, bench/results.json, bench/chart.svg in ${Math.round(results.durationS)} s`);
