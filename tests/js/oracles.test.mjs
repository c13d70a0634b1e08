// Other OAuth 1.0a implementations as oracles, on plain requests where RFC 5849 and WooCommerce
// agree (unreserved names that are not integers, no brackets, no repeated names, no `+` for a
// space, a form only on POST, the URL exactly the store's home plus the path):
// - the npm package oauth-1.0a computes the same base string and signature (HMAC from Node's
//   crypto) for the same timestamp and nonce;
// - the PyPI package oauthlib (tests/python/verify.py, in the virtualenv `cargo xtask setup`
//   makes) accepts what wc-keys signs and refuses it once changed;
// - the vector files they produced (`cargo xtask vectors`) are reproduced.
//
//   cd tests/js && node --test --test-reporter=spec oracles.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import OAuth from 'oauth-1.0a';
import { sign } from 'wc-keys';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED = process.env.WC_KEYS_SEED ? Number(process.env.WC_KEYS_SEED) : 20261127;
const ORACLE_RUNS = 400;
const OAUTHLIB_REQUESTS = 200;

const KEY = 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';
const SECRET = 'cs_13579bdf2468ace013579bdf2468ace013579bdf';

const readJson = (relative) => JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
const ORACLES = readJson('../vectors/oracles.json');
const PERCENT = readJson('../vectors/percent-encoding.json');

/** RFC 3986 percent-encoding of a string's UTF-8 (PHP's rawurlencode). */
const rfc3986 = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// ---------------------------------------------------------------------------------------------
// Plain requests.

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~';
// oauth-1.0a reads a query into a plain object, so names of Object.prototype ('toString',
// 'constructor', …) confuse it (it signs them twice); it is not an oracle for those.
const nameArb = fc
  .string({ unit: fc.constantFrom(...UNRESERVED), minLength: 1, maxLength: 8 })
  .filter((n) => !/^-?\d+$/.test(n) && !n.startsWith('oauth_') && !['rest_route', '_method'].includes(n) && !(n in {}));
const valueArb = fc.string({ unit: 'binary', maxLength: 12 }).filter((v) => v.isWellFormed());
const segmentArb = fc
  .string({ unit: fc.constantFrom(...UNRESERVED, '.'), minLength: 1, maxLength: 8 })
  .filter((s) => s !== '.' && s !== '..');

const plainArb = fc
  .record({
    origin: fc.constantFrom('http://shop.example', 'https://shop.example', 'http://localhost:8080', 'https://127.0.0.1:8443'),
    segments: fc.array(segmentArb, { maxLength: 3 }),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
    names: fc.uniqueArray(nameArb, { maxLength: 8 }),
    values: fc.array(valueArb, { minLength: 8, maxLength: 8 }),
    formShare: fc.integer({ min: 0, max: 8 }),
    signatureMethod: fc.constantFrom('HMAC-SHA1', 'HMAC-SHA256'),
    timestamp: fc.integer({ min: 1, max: 2 ** 31 }),
    nonce: fc.string({ unit: fc.constantFrom(...UNRESERVED.slice(0, 62)), minLength: 8, maxLength: 32 }),
  })
  .map((r) => {
    const pairs = r.names.map((name, i) => [name, r.values[i]]);
    // On POST some of the names go into the form; they are never repeated across the two.
    const cut = r.method === 'POST' ? Math.min(r.formShare, pairs.length) : 0;
    const form = cut > 0 ? Object.fromEntries(pairs.slice(0, cut)) : undefined;
    const query = pairs.slice(cut).map(([n, v]) => `${n}=${rfc3986(v)}`).join('&');
    const path = `/wp-json/wc/v3${r.segments.map((s) => `/${s}`).join('')}`;
    return {
      method: r.method,
      url: `${r.origin}${path}${query ? `?${query}` : ''}`,
      form,
      signatureMethod: r.signatureMethod,
      timestamp: r.timestamp,
      nonce: r.nonce,
    };
  });

/** oauth-1.0a's base string and signature for a plain request, with WooCommerce's four parameters. */
function oauth10a(request, secret = SECRET) {
  const algorithm = request.signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  const oauth = OAuth({
    consumer: { key: KEY, secret },
    signature_method: request.signatureMethod,
    hash_function: (text, key) => createHmac(algorithm, key).update(text).digest('base64'),
  });
  // authorize() would add oauth_version, which WooCommerce's clients do not send: use the parts.
  const params = () => ({
    oauth_consumer_key: KEY,
    oauth_nonce: request.nonce,
    oauth_signature_method: request.signatureMethod,
    oauth_timestamp: String(request.timestamp),
  });
  const data = () => ({ method: request.method, url: request.url, data: request.form ? { ...request.form } : {} });
  return { baseString: oauth.getBaseString(data(), params()), signature: oauth.getSignature(data(), undefined, params()) };
}

const signPlain = (request, placement) => sign({ ...request, consumerKey: KEY, consumerSecret: SECRET, placement });

// ---------------------------------------------------------------------------------------------
// The vector files.

test('sign() reproduces every oracle vector (oauth-1.0a and oauthlib), in both placements', () => {
  assert.ok(ORACLES.vectors.length >= 15);
  assert.match(ORACLES.oracles['oauth-1.0a'], /^\d+\.\d+\.\d+$/);
  assert.match(ORACLES.oracles.oauthlib, /^\d+\.\d+\.\d+$/);
  for (const v of ORACLES.vectors) {
    assert.match(v.source, /oauth-1\.0a .* oauthlib /);
    for (const placement of ['header', 'query']) {
      const signed = sign({
        method: v.method,
        url: v.url,
        consumerKey: v.consumerKey,
        consumerSecret: v.consumerSecret,
        form: v.form ?? undefined,
        signatureMethod: v.signatureMethod,
        timestamp: v.timestamp,
        nonce: v.nonce,
        placement,
      });
      assert.equal(signed.baseString, v.baseString, `base string of ${v.name} (${placement})`);
      assert.equal(signed.signature, v.signature, `signature of ${v.name} (${placement})`);
    }
  }
});

test('the installed oauth-1.0a still computes the recorded vectors', () => {
  const installed = JSON.parse(readFileSync(new URL('./node_modules/oauth-1.0a/package.json', import.meta.url), 'utf8'));
  assert.equal(installed.version, ORACLES.oracles['oauth-1.0a'], 'vectors were recorded with the pinned oauth-1.0a');
  for (const v of ORACLES.vectors) {
    const request = { ...v, form: v.method.toUpperCase() === 'POST' && v.form ? v.form : undefined };
    assert.deepEqual(oauth10a(request, v.consumerSecret), { baseString: v.baseString, signature: v.signature }, v.name);
  }
});

test('every byte value is encoded in the base string as PHP rawurlencode encodes it', () => {
  assert.equal(PERCENT.vectors.length, 256);
  for (const v of PERCENT.vectors) {
    assert.match(v.source, /^PHP rawurlencode /);
    const hex = v.byte.toString(16).toUpperCase().padStart(2, '0');
    const signed = sign({ method: 'GET', url: `http://shop.example/wp-json/wc/v3/x?v=%${hex}`, consumerKey: KEY, consumerSecret: SECRET, timestamp: 1795000000, nonce: 'n' });
    // The value is encoded once, then the whole pair once more: `%` becomes `%25`.
    const pair = `v%3D${v.expected.replace(/%/g, '%25')}`;
    assert.ok(signed.baseString.split('&')[2].split('%26').includes(pair), `${v.name}: no ${pair} in ${signed.baseString}`);
  }
});

// ---------------------------------------------------------------------------------------------
// oauth-1.0a, live.

test(`oauth-1.0a computes the same base string and signature on ${ORACLE_RUNS} plain requests`, (t) => {
  fc.assert(
    fc.property(plainArb, fc.constantFrom('header', 'query'), (request, placement) => {
      const ours = signPlain(request, placement);
      const theirs = oauth10a(request);
      assert.equal(ours.baseString, theirs.baseString, `seed ${SEED}: ${JSON.stringify(request)}`);
      assert.equal(ours.signature, theirs.signature, `seed ${SEED}: ${JSON.stringify(request)}`);
    }),
    { seed: SEED, numRuns: ORACLE_RUNS },
  );
  t.diagnostic(`seed ${SEED}: ${ORACLE_RUNS} requests`);
});

// ---------------------------------------------------------------------------------------------
// oauthlib, as a verifier.

const PYTHON = fileURLToPath(new URL('../python/.venv/bin/python', import.meta.url));

/** Runs tests/python/verify.py over signed requests; its verdicts, in order. */
async function oauthlibVerdicts(items) {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run \`cargo xtask setup\` (it installs tests/python/requirements.txt)`);
  const child = spawn(PYTHON, [`${ROOT}tests/python/verify.py`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => { out += c; });
  child.stderr.on('data', (c) => { err += c; });
  child.stdin.end(items.map((item, id) => JSON.stringify({ id, ...item })).join('\n') + '\n');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, `verify.py failed: ${err}`);
  const verdicts = out.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(verdicts.map((v) => v.id), items.map((_, id) => id));
  return verdicts;
}

const asItem = (signed, secret = SECRET) => ({
  method: signed.method,
  url: signed.url,
  headers: signed.headers,
  body: signed.body,
  consumerSecret: secret,
});

test(`oauthlib accepts ${OAUTHLIB_REQUESTS} plain signed requests in both placements, and refuses them changed`, async (t) => {
  const requests = fc.sample(plainArb, { seed: SEED + 3, numRuns: OAUTHLIB_REQUESTS });
  const signed = requests.flatMap((r) => [signPlain(r, 'header'), signPlain(r, 'query')]);
  const good = await oauthlibVerdicts(signed.map((s) => asItem(s)));
  for (const [i, verdict] of good.entries()) {
    const context = `seed ${SEED + 3}: ${JSON.stringify(requests[i >> 1])} (${i % 2 ? 'query' : 'header'})\n${verdict.error}`;
    assert.equal(verdict.ok, true, context);
    assert.equal(verdict.baseString, signed[i].baseString, context);
  }

  const bad = [];
  const labels = [];
  for (const [i, s] of signed.entries()) {
    // One byte of the signature.
    const mac = Buffer.from(s.signature, 'base64');
    mac[i % mac.length] ^= 0x10;
    const encoded = rfc3986(mac.toString('base64'));
    bad.push(
      s.headers.Authorization
        ? asItem({ ...s, headers: { ...s.headers, Authorization: s.headers.Authorization.replace(/oauth_signature="[^"]*"/, `oauth_signature="${encoded}"`) } })
        : asItem({ ...s, url: s.url.replace(/([?&]oauth_signature=)[^&]*/, `$1${encoded}`) }),
    );
    labels.push('signature');
    // The secret, one byte off.
    bad.push(asItem(s, SECRET.replace('cs_1', 'cs_0')));
    labels.push('secret');
    // The first parameter's value, one byte more.
    const request = requests[i >> 1];
    const [name] = Object.keys(request.form ?? {});
    if (name !== undefined) {
      bad.push(asItem({ ...s, body: s.body.replace(new RegExp(`(^|&)${name}=`), `$1${name}=Q`) }));
      labels.push('form value');
    } else if (request.url.includes('?')) {
      bad.push(asItem({ ...s, url: s.url.replace('?', '?x') }));
      labels.push('query name');
    }
  }
  const refused = await oauthlibVerdicts(bad);
  for (const [i, verdict] of refused.entries()) {
    assert.equal(verdict.ok, false, `oauthlib accepted a changed request (${labels[i]}): ${JSON.stringify(bad[i])}`);
  }
  const counts = labels.reduce((acc, l) => ({ ...acc, [l]: (acc[l] ?? 0) + 1 }), {});
  t.diagnostic(`seed ${SEED + 3}: ${signed.length} accepted, ${bad.length} changed ones refused ${JSON.stringify(counts)}`);
  assert.ok((counts['form value'] ?? 0) + (counts['query name'] ?? 0) >= OAUTHLIB_REQUESTS, JSON.stringify(counts));
});
