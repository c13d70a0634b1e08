// Prints the "Checking keys" reports of README.md: real checkKeys() runs against sandbox stores,
// on the ports and with the documented seed keys of `cargo xtask sandbox`, so a reader can
// repeat each call. The only trimming: `ms` is dropped from the steps (timings differ per run)
// and, for the broken keys, `store` (shown for the healthy one) and `summary` (it is "Problem: "
// and the first error's message). `--full` prints whole reports. Run from tests/js:
//
//   NODE_EXTRA_CA_CERTS=../../target/sandbox/test-ca.pem node keys-report-examples.mjs \
//     [--port 8081] [--https-port 8443] [--subdir-port 8082] [--full]
//
// (the sandbox binary and the test CA as for the tests; see tests/js/sandbox.mjs.)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { checkKeys } from 'wc-keys';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BIN = process.env.WC_SANDBOX_BIN ?? join(root, 'target/debug/wc-sandbox');
const CA_KEY = process.env.WC_SANDBOX_CA_KEY ?? join(root, 'target/sandbox/test-ca-key.pem');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const PORT = option('--port', 8081);
const HTTPS_PORT = option('--https-port', 8443);
const SUBDIR_PORT = option('--subdir-port', 8082);
const FULL = args.includes('--full');

/** Starts wc-sandbox with fixed seed keys on the given ports; resolves once it listens. */
async function sandbox(extra) {
  const dir = mkdtempSync(join(tmpdir(), 'wc-keys-examples-'));
  const stateFile = join(dir, 'state.json');
  const child = spawn(BIN, ['--seed-keys', 'fixed', '--quiet', '--state-out', stateFile, '--ca-key', CA_KEY, ...extra], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let waited = 0; ; waited += 50) {
    try {
      const text = readFileSync(stateFile, 'utf8');
      if (text.endsWith('}')) break;
    } catch {
      // Not written yet.
    }
    if (child.exitCode !== null) throw new Error(`wc-sandbox ${extra.join(' ')} exited (${child.exitCode}): is the port free?`);
    if (waited > 20_000) throw new Error('wc-sandbox did not start within 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return async () => {
    child.kill();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}

// The seed keys of `--seed-keys fixed` (sandbox/README.md).
const READ = { consumerKey: 'ck_5a4d0000000000000000000000000000000000a1', consumerSecret: 'cs_5a4d0000000000000000000000000000000000b1' };
const READ_WRITE = { consumerKey: 'ck_5a4d0000000000000000000000000000000000a3', consumerSecret: 'cs_5a4d0000000000000000000000000000000000b3' };

const EXAMPLES = [
  {
    title: 'A healthy key',
    options: { storeUrl: `https://127.0.0.1:${HTTPS_PORT}`, ...READ_WRITE, need: 'read_write' },
    healthy: true,
  },
  {
    title: 'A read-only key for an app that writes',
    options: { storeUrl: `https://127.0.0.1:${HTTPS_PORT}`, ...READ, need: 'read_write' },
  },
  {
    title: 'The wrong secret, over plain HTTP (OAuth 1.0a)',
    options: { storeUrl: `http://127.0.0.1:${PORT}`, consumerKey: READ_WRITE.consumerKey, consumerSecret: READ.consumerSecret, need: 'read_write' },
  },
  {
    title: 'A store installed in /shop, typed without the folder',
    options: { storeUrl: `http://127.0.0.1:${SUBDIR_PORT}`, ...READ_WRITE, need: 'read_write' },
  },
];

function trim(report, healthy) {
  if (FULL) return report;
  const { ok, summary, store, steps, ...rest } = report;
  const shown = { ...rest, steps: steps.map(({ ms, ...step }) => step) };
  return healthy ? { ok, summary, store, ...shown } : { ok, ...shown };
}

/** One member per line; arrays one element per line; everything deeper on one line. */
function format(report) {
  const one = (value) => inspect(value, { depth: null, breakLength: Infinity });
  const lines = ['{'];
  for (const [name, value] of Object.entries(report)) {
    if (Array.isArray(value) && value.length > 0) {
      lines.push(`  ${name}: [`, ...value.map((v) => `    ${one(v)},`), '  ],');
    } else {
      lines.push(`  ${name}: ${one(value)},`);
    }
  }
  lines.push('}');
  return lines;
}

function call(options) {
  const lines = Object.entries(options).map(([k, v]) => `  ${k}: ${inspect(v)},`);
  return `const report = await checkKeys({\n${lines.join('\n')}\n});`;
}

const stops = [];
try {
  stops.push(await sandbox(['--port', String(PORT), '--https-port', String(HTTPS_PORT)]));
  stops.push(await sandbox(['--port', String(SUBDIR_PORT), '--no-https', '--subdir', '/shop']));
  for (const { title, options, healthy } of EXAMPLES) {
    const report = await checkKeys(options);
    const text = JSON.stringify(report);
    if (text.includes(options.consumerSecret)) throw new Error(`${title}: the secret is in the report`);
    console.log(`#### ${title}\n`);
    console.log('```js');
    console.log(call(options));
    console.log(format(trim(report, healthy)).map((line) => `// ${line}`).join('\n'));
    console.log('```\n');
  }
} finally {
  for (const stop of stops) await stop();
}
