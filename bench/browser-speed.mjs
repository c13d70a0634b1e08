// Signing speed in headless Chromium: the same cases as in Node (lib/cases.mjs), with wc-keys
// imported by name (import map to pkg/) and the peers from their esbuild bundles. The page
// sets `window.__bench` to a promise of the results. Query: ?rounds=N&probe=1
import * as wcKeys from 'wc-keys';
import * as wcKeysSigner from 'wc-keys/signer';
import { OAuth as OfficialOAuth, WooCommerceRestApi } from '/dist/official/official.js';
import { Base64, OAuth, hmacSHA256 } from '/dist/crypto-js/crypto-js.js';
import { buildCases, describeCase } from './lib/cases.mjs';
import { runCases } from './lib/harness.mjs';

const query = new URL(location.href).searchParams;

async function loadProbe() {
  if (query.get('probe') !== '1') return undefined;
  const glue = await import('/probe/probe.js');
  await glue.default({ module_or_path: '/probe/probe_bg.wasm' });
  return glue;
}

async function run() {
  const { cases } = await buildCases({
    wcKeys,
    wcKeysSigner,
    official: { WooCommerceRestApi, OAuth: OfficialOAuth },
    cryptoJs: { OAuth, hmacSHA256, Base64 },
    subtle: crypto.subtle,
    probe: await loadProbe(),
  });
  const results = await runCases(cases, {
    rounds: Number(query.get('rounds') ?? 31),
    log: (line) => console.log(line),
  });
  return { runtime: 'chromium', userAgent: navigator.userAgent, cases: cases.map(describeCase), results };
}

window.__bench = run().catch((error) => ({ error: String(error?.stack ?? error) }));
