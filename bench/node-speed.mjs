// Signing speed in Node: every signer and every breakdown case in this one process, timed by
// lib/harness.mjs. Usage: node node-speed.mjs --out FILE [--probe DIR] [--rounds N]
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as wcKeys from 'wc-keys';
import * as wcKeysSigner from 'wc-keys/signer';
import officialModule from '@woocommerce/woocommerce-rest-api';
import OAuth from 'oauth-1.0a';
import hmacSHA256 from 'crypto-js/hmac-sha256.js';
import Base64 from 'crypto-js/enc-base64.js';
import { buildCases, describeCase } from './lib/cases.mjs';
import { runCases } from './lib/harness.mjs';

const { values } = parseArgs({
  options: { out: { type: 'string' }, probe: { type: 'string' }, rounds: { type: 'string' } },
});

async function loadProbe(dir) {
  if (!dir) return undefined;
  const glue = await import(pathToFileURL(join(dir, 'probe.js')).href);
  glue.initSync({ module: readFileSync(join(dir, 'probe_bg.wasm')) });
  return glue;
}

const { cases } = await buildCases({
  wcKeys,
  wcKeysSigner,
  official: { WooCommerceRestApi: officialModule, OAuth },
  cryptoJs: { OAuth, hmacSHA256, Base64 },
  subtle: globalThis.crypto.subtle,
  createHmac,
  probe: await loadProbe(values.probe),
});
console.log(`node: ${cases.length} cases, signatures cross-checked`);
const results = await runCases(cases, {
  rounds: Number(values.rounds ?? 31),
  log: (line) => console.log(line),
});
const output = { runtime: 'node', version: process.version, cases: cases.map(describeCase), results };
if (values.out) writeFileSync(values.out, JSON.stringify(output));
for (const c of cases) console.log(`  ${results[c.id].usPerOp.toFixed(2).padStart(8)} µs/op  ${c.label}`);
