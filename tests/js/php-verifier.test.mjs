// An independent check of the signer: WooCommerce's server-side algorithm, rewritten in PHP
// (tests/php/verifier.php, no code shared with the Rust signer), judges real HTTP requests that
// wc-keys signed. PHP's built-in server parses each request itself, so `$_GET`, `$_POST` and
// REQUEST_URI are what a WordPress store would see.
//
//   cd tests/js && node --test --test-reporter=spec php-verifier.test.mjs
//
// The properties are seeded (WC_KEYS_SEED, default below) so that a failure reproduces; the seed
// is printed with every failure.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { sign, basicAuthHeader } from 'wc-keys';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED = process.env.WC_KEYS_SEED ? Number(process.env.WC_KEYS_SEED) : 20261127;
const PROPERTY_RUNS = 600;
const MUTATION_SAMPLE = 120;
const DIFFERENTIAL_RUNS = 300;

const KEY = 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';
const SECRET = 'cs_13579bdf2468ace013579bdf2468ace013579bdf';
const READ_KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
const READ_SECRET = 'cs_fedcba9876543210fedcba9876543210fedcba98';
const WRITE_KEY = 'ck_1111111111aaaaaaaaaa2222222222bbbbbbbbbb';
const WRITE_SECRET = 'cs_3333333333cccccccccc4444444444dddddddddd';

const MISMATCH = 'Invalid signature - provided signature does not match.';
const AUTH_ERROR = 'woocommerce_rest_authentication_error';

// ---------------------------------------------------------------------------------------------
// The PHP verifier, started on a free port of 127.0.0.1 for this file.

let php;
let phpLog = '';
let port;
let origin;
let workDir;

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port: p } = server.address();
  server.close();
  await once(server, 'close');
  return p;
}

function canConnect(p) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: p }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'wc-verifier-'));
  port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const config = join(workDir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      home: origin,
      nonceFile: join(workDir, 'nonces.ser'),
      keys: [
        { consumerKey: KEY, consumerSecret: SECRET, permissions: 'read_write', keyId: 1, userId: 1 },
        { consumerKey: READ_KEY, consumerSecret: READ_SECRET, permissions: 'read', keyId: 2, userId: 1 },
        { consumerKey: WRITE_KEY, consumerSecret: WRITE_SECRET, permissions: 'write', keyId: 3, userId: 1 },
      ],
    }),
  );
  php = spawn(
    'php',
    ['-d', 'display_errors=0', '-d', 'log_errors=1', '-S', `127.0.0.1:${port}`, join(ROOT, 'tests/php/verifier.php')],
    { cwd: workDir, env: { ...process.env, WC_VERIFIER_CONFIG: config }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // php -S logs every request on stderr: keep the tail for error messages, drop the rest.
  php.stderr.on('data', (chunk) => {
    phpLog = (phpLog + chunk).slice(-4000);
  });
  php.on('error', (e) => {
    phpLog += `\ncannot start php: ${e.message}`;
  });
  for (let i = 0; i < 100; i += 1) {
    if (php.exitCode !== null) break;
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`php -S did not start on port ${port}:\n${phpLog}`);
});

after(async () => {
  if (php && php.exitCode === null) {
    php.kill();
    await once(php, 'exit');
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Sends a signed request exactly as `sign()` returned it; returns the verifier's verdict. */
async function send(signed, extraHeaders = {}) {
  const init = { method: signed.method, headers: { ...signed.headers, ...extraHeaders } };
  if (signed.body !== null && signed.body !== undefined) init.body = signed.body;
  const response = await fetch(signed.url, init);
  const text = await response.text();
  let verdict;
  try {
    verdict = JSON.parse(text);
  } catch {
    throw new Error(`the verifier answered ${response.status} with ${text.slice(0, 400)}\n${phpLog.slice(-800)}`);
  }
  assert.equal(response.status, verdict.status, 'HTTP status and verdict agree');
  return verdict;
}

// ---------------------------------------------------------------------------------------------
// Encoding helpers of the test's own (no code from the signer).

const utf8 = new TextEncoder();
const HEX = '0123456789ABCDEF';

function isUnreserved(b) {
  return (
    (b >= 0x30 && b <= 0x39) ||
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    b === 0x2d ||
    b === 0x2e ||
    b === 0x5f ||
    b === 0x7e
  );
}

function pct(b, lower = false) {
  const h = HEX[b >> 4] + HEX[b & 15];
  return `%${lower ? h.toLowerCase() : h}`;
}

/** RFC 3986 percent-encoding of bytes (PHP's rawurlencode). */
function encodeBytes(bytes) {
  let out = '';
  for (const b of bytes) out += isUnreserved(b) ? String.fromCharCode(b) : pct(b);
  return out;
}

/** How PHP decodes one `name` or `value` of a query: `+` is a space, `%XX` a byte. */
function decodeWire(text) {
  const out = [];
  const bytes = utf8.encode(text);
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i];
    const hex = (c) => /[0-9a-fA-F]/.test(String.fromCharCode(c));
    if (b === 0x2b) out.push(0x20);
    else if (b === 0x25 && i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
      i += 2;
    } else out.push(b);
  }
  return Uint8Array.from(out);
}

/** The parts of a URL as sent: everything before `?`, and the `&`-separated query segments. */
function splitUrl(url) {
  const q = url.indexOf('?');
  return q < 0 ? { head: url, segments: [] } : { head: url.slice(0, q), segments: url.slice(q + 1).split('&') };
}

function joinUrl({ head, segments }) {
  return segments.length ? `${head}?${segments.join('&')}` : head;
}

/** A small seeded generator for the choices the mutation phase makes. */
function prng(seed) {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

// ---------------------------------------------------------------------------------------------
// Requests as a person would write them, across everything WooCommerce parses.

// 'Q' and 'R' never appear in generated names, so a name mutated to contain one is new.
const LETTERS = 'abcdefghijklmnopstuvwxyzABCDEFGHIJKLMNOPSTUVWXYZ';
const DIGITS = '0123456789';
const UNICODE = ['é', 'ü', 'ß', '日', '本', '€', 'Ω', '😀'];
const SUB_DELIMS = ['!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', ':', '@'];

/** Every way a decoded character may be written in a query (`where`: name, sub or value). */
function spellings(ch, where) {
  const bytes = [...utf8.encode(ch)];
  const out = [bytes.map((b) => pct(b)).join(''), bytes.map((b) => pct(b, true)).join('')];
  if (ch === ' ') out.push('+', ' ');
  else if (!'&#+%'.includes(ch) && !(where !== 'value' && '=[]'.includes(ch))) out.push(ch);
  return out;
}

/** A decoded string and one of its spellings: `{ text, wire }`. */
function spelled(textArb, where) {
  return textArb.chain((text) =>
    fc
      .tuple(...[...text].map((ch) => fc.constantFrom(...spellings(ch, where))))
      .map((parts) => ({ text, wire: parts.join('') })),
  );
}

const charOf = (chars) => fc.constantFrom(...chars);
const nameChar = fc.oneof(
  { weight: 8, arbitrary: charOf([...LETTERS, ...DIGITS]) },
  { weight: 2, arbitrary: charOf(['-', '_', '~', '.', ' ', '+', '%', "'", '!', '*', '(', ')', ',', ';', ':', '@', '$', '/', '?', '=', '&', '#']) },
  { weight: 2, arbitrary: charOf(UNICODE) },
);
const valueChar = fc.oneof(
  { weight: 8, arbitrary: charOf([...LETTERS, 'Q', 'R', ...DIGITS]) },
  { weight: 3, arbitrary: charOf([' ', '+', '%', '~', "'", '"', '&', '=', '#', '[', ']', '<', '>', '\\', '^', '`', '{', '}', '|', '/', '?', ...SUB_DELIMS]) },
  { weight: 2, arbitrary: charOf(UNICODE) },
);

const RESERVED_NAMES = ['rest_route', '_method', 'consumer_key', 'consumer_secret'];
/** The top-level name PHP makes of a base name (leading spaces dropped, `.` and ` ` -> `_`). */
const phpTopName = (base) => base.replace(/^ +/, '').replace(/[. ]/g, '_');
const isOurs = (base) => {
  const n = phpTopName(base);
  return !n.startsWith('oauth_') && !RESERVED_NAMES.includes(n);
};

const textBase = fc
  .tuple(charOf([...LETTERS, ...UNICODE]), fc.array(nameChar, { maxLength: 5 }))
  .map(([first, rest]) => first + rest.join(''))
  .filter(isOurs);
const integerBase = fc.constantFrom('0', '1', '7', '12', '-5', '42', '007', '-0', '9223372036854775807', '9223372036854775808', '99999999999999999999');
const subKey = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom('0', '1', '5', '-3', '10') },
  { weight: 5, arbitrary: fc.array(fc.oneof(charOf([...LETTERS, ...DIGITS, '.', ' ', '-', '_', "'", '!', '(']), charOf(UNICODE)), { minLength: 1, maxLength: 4 }).map((a) => a.join('')) },
);
const bracket = (open) => fc.constantFrom(...(open ? ['[', '[', '%5B', '%5b'] : [']', ']', '%5D', '%5d']));

/** A parameter name: a base, then zero or more `[sub]`, spelled in any of PHP's ways. */
const nameArb = fc
  .record({
    base: fc.oneof({ weight: 4, arbitrary: spelled(textBase, 'name') }, { weight: 1, arbitrary: integerBase.map((t) => ({ text: t, wire: t })) }),
    subs: fc.array(fc.tuple(bracket(true), spelled(subKey, 'sub'), bracket(false)), { maxLength: 3 }),
  })
  .map(({ base, subs }) => ({
    text: base.text + subs.map(([, s]) => `[${s.text}]`).join(''),
    wire: base.wire + subs.map(([o, s, c]) => o + s.wire + c).join(''),
  }));

const valueArb = spelled(fc.array(valueChar, { maxLength: 8 }).map((a) => a.join('')), 'value');

/** A query string or form body: pairs over a few names (so names repeat), `&&` now and then. */
function pairsArb(names) {
  return fc
    .array(
      fc.record({
        which: fc.nat(),
        value: fc.option(valueArb, { freq: 10 }),
        emptyBefore: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      }),
      { maxLength: 7 },
    )
    .map((pairs) =>
      pairs
        .flatMap(({ which, value, emptyBefore }) => {
          const name = names[which % names.length].wire;
          const pair = value === null ? name : `${name}=${value.wire}`;
          return emptyBefore ? ['', pair] : [pair];
        })
        .join('&'),
    );
}

const pathChar = fc.oneof(
  { weight: 8, arbitrary: charOf([...LETTERS, ...DIGITS]) },
  { weight: 2, arbitrary: charOf(['-', '.', '_', '~']) },
  { weight: 3, arbitrary: charOf(SUB_DELIMS) },
  { weight: 1, arbitrary: fc.constant("'") },
  { weight: 2, arbitrary: charOf(UNICODE) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([b, lower]) => pct(b, lower)) },
  { weight: 1, arbitrary: charOf([' ', '"', '<', '>', '`', '{', '}', '|', '^', '[', ']', '%', '\\']) },
);
// URL parsers read a backslash as '/' and drop '.' and '..' segments (also spelled %2e): such a
// segment could climb out of /wc/v3, so none is generated (the fixed tests below have some).
const isDotSegment = (part) => /^(?:\.|%2e){0,2}$/i.test(part) && part !== '';
const segmentArb = fc
  .array(pathChar, { minLength: 1, maxLength: 6 })
  .map((a) => a.join(''))
  .filter((s) => !s.split('\\').some(isDotSegment) && !/^(?:\.|%2e)*$/i.test(s));

const scalarArb = fc.oneof(
  { weight: 4, arbitrary: fc.array(valueChar, { maxLength: 6 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 100000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const objectKeyArb = fc
  .array(fc.oneof({ weight: 6, arbitrary: nameChar }, { weight: 1, arbitrary: charOf(['[', ']', '[]']) }), { minLength: 1, maxLength: 5 })
  .map((a) => a.join(''))
  .filter((k) => isOurs(k.split('[')[0]) && k.split('[')[0].trim() !== '');
const { formObject } = fc.letrec((tie) => ({
  formObject: fc.array(fc.tuple(objectKeyArb, tie('formValue')), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
  formValue: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    scalarArb,
    scalarArb,
    fc.array(tie('formValue'), { maxLength: 3 }),
    tie('formObject'),
  ),
}));

const SITES = {
  // The store at the verifier's own origin, at the root or in a folder.
  root: { home: () => origin, prefix: '' },
  subdir: { home: () => `${origin}/shop`, prefix: '/shop' },
  // The store's home is another name: the host the client used does not count.
  'other-host': { home: () => 'http://store.test', prefix: '' },
  'other-host-subdir': { home: () => 'http://Shop.Example:8080/wp/blog', prefix: '/wp/blog' },
};

const requestArb = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
    lowerCaseMethod: fc.boolean(),
    site: fc.constantFrom(...Object.keys(SITES)),
    permalinks: fc.constantFrom('pretty', 'pretty', 'index.php', 'plain', 'plain-no-slash'),
    segments: fc.array(segmentArb, { maxLength: 3 }),
    trailingSlash: fc.boolean(),
    names: fc.array(nameArb, { minLength: 1, maxLength: 5 }),
    formKind: fc.constantFrom('none', 'text', 'object'),
    formObject,
    placement: fc.constantFrom('header', 'query'),
    signatureMethod: fc.constantFrom('HMAC-SHA1', 'HMAC-SHA256'),
    passHomeUrl: fc.boolean(),
  })
  .chain((r) => fc.record({ query: pairsArb(r.names), formText: pairsArb(r.names) }).map((q) => ({ ...r, ...q })));

/** The `sign()` options for a generated request, and the home the verifier must use. */
function toSignOptions(r, secret = SECRET) {
  const site = SITES[r.site];
  const home = site.home();
  let path;
  const query = [];
  if (r.permalinks === 'plain' || r.permalinks === 'plain-no-slash') {
    path = r.permalinks === 'plain' || site.prefix === '' ? `${site.prefix}/` : site.prefix;
    const route = r.segments.map((s) => s.replace(/[^A-Za-z0-9]/g, '')).filter(Boolean);
    query.push(`rest_route=/wc/v3/${route.join('/')}`);
  } else {
    const index = r.permalinks === 'index.php' ? '/index.php' : '';
    const tail = r.segments.length ? `/${r.segments.join('/')}` : '';
    path = `${site.prefix}${index}/wp-json/wc/v3${tail}${r.trailingSlash ? '/' : ''}`;
  }
  if (r.query) query.push(r.query);
  const options = {
    method: r.lowerCaseMethod ? r.method.toLowerCase() : r.method,
    url: `${origin}${path}${query.length ? `?${query.join('&')}` : ''}`,
    consumerKey: KEY,
    consumerSecret: secret,
    signatureMethod: r.signatureMethod,
    placement: r.placement,
  };
  // fetch cannot send a body with GET.
  if (r.method !== 'GET' && r.formKind === 'text') options.form = r.formText;
  if (r.method !== 'GET' && r.formKind === 'object') options.form = r.formObject;
  const differs = home !== origin;
  if (differs || r.passHomeUrl) options.homeUrl = home;
  return { options, headers: differs ? { 'X-Verifier-Home': home } : {} };
}

/** What a generated request exercises, to check that the generator covers it all. */
function featuresOf(r, options) {
  const found = [`site ${r.site}`, `${r.permalinks} permalinks`, `placement ${r.placement}`, r.signatureMethod, r.method];
  const { head, segments } = splitUrl(options.url);
  const path = head.slice(origin.length);
  const checks = {
    "' in path": path.includes("'"),
    'unicode in path': /[^\x00-\x7f]/.test(path),
    '+ in path': path.includes('+'),
    '%XX in path': /%[0-9A-Fa-f]{2}/.test(path),
    '~ in path': path.includes('~'),
  };
  const pairs = segments.filter((p) => !p.startsWith('rest_route='));
  const names = pairs.map((p) => p.split('=')[0]);
  const bases = names.map((n) => n.split(/\[|%5b/i)[0]);
  Object.assign(checks, {
    '+ in query': pairs.some((p) => p.includes('+')),
    '%25 in query': pairs.some((p) => p.includes('%25')),
    "' in query": pairs.some((p) => p.includes("'")),
    'unicode in query': pairs.some((p) => /[^\x00-\x7f]|%[c-f][0-9a-f]/i.test(p)),
    'empty value': pairs.some((p) => p !== '' && (p.endsWith('=') || !p.includes('='))),
    'nested name': names.some((n) => /(?:\[|%5b)[^\]%]+(?:\]|%5d)/i.test(n)),
    'deep name': names.some((n) => (n.match(/\[|%5b/gi) ?? []).length >= 2),
    '[] name': names.some((n) => /(?:\[|%5b)(?:\]|%5d)/i.test(n)),
    'repeated name': new Set(names.filter(Boolean)).size < names.filter(Boolean).length,
    'dotted name': bases.some((b) => /\.|%2e/i.test(b)),
    'spaced name': bases.some((b) => / |\+|%20/.test(b)),
    'integer name': bases.some((b) => /^-?\d+$/.test(b)),
    'homeUrl given': options.homeUrl !== undefined,
  });
  if (options.form !== undefined) {
    checks[`${typeof options.form === 'string' ? 'text' : 'object'} form on ${r.method === 'POST' ? 'POST' : 'another method'}`] = true;
  }
  for (const [label, yes] of Object.entries(checks)) if (yes) found.push(label);
  return found;
}

function describe(options, signed, verdict) {
  return [
    `sign(${JSON.stringify(options)})`,
    `sent: ${signed.method} ${signed.url}`,
    `body: ${JSON.stringify(signed.body)}`,
    `verdict: ${verdict.code} ${verdict.message}`,
    `ours: ${signed.baseString}`,
    `PHP:  ${verdict.baseString}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// 0. The verifier itself against WooCommerce: the 24 requests whose parameters, base string and
// signature WooCommerce's own class computed (tests/vectors/woocommerce-server.json), sent as
// they went on the wire, with no help from wc-keys.

/** A PHP array given as nested [key, value] pairs, as PHP's json_encode would write it. */
function fromPairs(pairs) {
  const isList = pairs.every(([k], i) => k === i);
  const values = pairs.map(([k, v]) => [k, Array.isArray(v) ? fromPairs(v) : v]);
  return isList ? values.map(([, v]) => v) : Object.fromEntries(values);
}

test("the PHP verifier computes WooCommerce's own base string for its 24 recorded requests", async () => {
  const { vectors } = JSON.parse(readFileSync(join(ROOT, 'tests/vectors/woocommerce-server.json'), 'utf8'));
  assert.equal(vectors.length, 24);
  for (const v of vectors) {
    const wire = new URL(v.url);
    const quoted = (name, value) => `${name}="${encodeBytes(utf8.encode(value))}"`;
    const authorization = `OAuth ${[
      quoted('oauth_consumer_key', v.consumerKey),
      quoted('oauth_nonce', v.nonce),
      quoted('oauth_signature_method', v.signatureMethod),
      quoted('oauth_timestamp', String(v.timestamp)),
      quoted('oauth_signature', v.signature),
    ].join(', ')}`;
    const headers = { Authorization: authorization, 'X-Verifier-Home': v.homeUrl };
    if (wire.protocol === 'https:') headers['X-Verifier-Https'] = 'on';
    if (v.form !== null) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const request = { method: v.method, url: `${origin}${v.url.slice(wire.origin.length)}`, headers, body: v.form };
    const verdict = await send(request);
    assert.equal(verdict.baseString, v.baseString, v.name);
    assert.deepEqual(fromPairs(verdict.params), v.wooParams, v.name);
    // The signature matched: what stops the request is its timestamp, recorded long ago.
    assert.equal(verdict.message, 'Invalid timestamp.', v.name);
  }
});

// ---------------------------------------------------------------------------------------------
// 1. Every generated request is accepted, with WooCommerce's base string.

test(`WooCommerce (PHP) accepts ${PROPERTY_RUNS} generated signed requests, base string for base string`, async (t) => {
  const started = Date.now();
  let sent = 0;
  const seen = {};
  await fc.assert(
    fc.asyncProperty(requestArb, async (r) => {
      const { options, headers } = toSignOptions(r);
      const signed = sign(options);
      const verdict = await send(signed, headers);
      sent += 1;
      assert.ok(verdict.ok && verdict.baseString === signed.baseString, `seed ${SEED}\n${describe(options, signed, verdict)}`);
      for (const feature of featuresOf(r, options)) seen[feature] = (seen[feature] ?? 0) + 1;
    }),
    { seed: SEED, numRuns: PROPERTY_RUNS },
  );
  t.diagnostic(`seed ${SEED}: ${sent} requests in ${Date.now() - started} ms`);
  t.diagnostic(`covered: ${JSON.stringify(seen)}`);
  const wanted = [
    'site root', 'site subdir', 'site other-host', 'site other-host-subdir', 'pretty permalinks',
    'index.php permalinks', 'plain permalinks', 'plain-no-slash permalinks', 'placement header',
    'placement query', 'HMAC-SHA1', 'HMAC-SHA256', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE',
    "' in path", 'unicode in path', '+ in path', '%XX in path', '~ in path', '+ in query',
    '%25 in query', "' in query", 'unicode in query', 'empty value', 'nested name', 'deep name',
    '[] name', 'repeated name', 'dotted name', 'spaced name', 'integer name', 'homeUrl given',
    'text form on POST', 'object form on POST', 'text form on another method',
    'object form on another method',
  ];
  for (const feature of wanted) assert.ok((seen[feature] ?? 0) >= 5, `only ${seen[feature] ?? 0} requests with ${feature}`);
});

// ---------------------------------------------------------------------------------------------
// 2. Single-byte mutations are refused, each with WooCommerce's message.

function withOAuthParam(signed, name, value) {
  const encoded = encodeBytes(utf8.encode(value));
  if (signed.headers.Authorization) {
    const re = new RegExp(`${name}="[^"]*"`);
    assert.match(signed.headers.Authorization, re);
    return { ...signed, headers: { ...signed.headers, Authorization: signed.headers.Authorization.replace(re, `${name}="${encoded}"`) } };
  }
  const re = new RegExp(`([?&]${name}=)[^&]*`);
  assert.match(signed.url, re);
  return { ...signed, url: signed.url.replace(re, `$1${encoded}`) };
}

function changeChar(text, index, alphabet) {
  const current = text[index];
  const others = alphabet.replace(current, '');
  return text.slice(0, index) + others[index % others.length] + text.slice(index + 1);
}

/** `bytes` with the byte at `index` replaced by 'Q' (by 'R' if it was 'Q'); 'Q' added if empty. */
function mutateBytes(bytes, index) {
  if (bytes.length === 0) return Uint8Array.of(0x51);
  const out = Uint8Array.from(bytes);
  out[index % out.length] = out[index % out.length] === 0x51 ? 0x52 : 0x51;
  return out;
}

/**
 * Where a parameter mutation shows: the form body for POST when it has a named pair, else the
 * query's own pairs (not rest_route, not the OAuth parameters). The last named pair is the one
 * PHP keeps (a repeated name keeps its last value; `[]` appends).
 */
function mutationTarget(signed) {
  const named = (segment) => {
    const name = decodeWire(segment.split('=')[0]);
    const text = new TextDecoder().decode(name);
    const base = text.split('[')[0].replace(/^ +/, '');
    return base !== '' && !text.startsWith('[') && !text.startsWith('oauth_') && !text.startsWith('rest_route');
  };
  const pick = (segments) => {
    for (let i = segments.length - 1; i >= 0; i -= 1) if (named(segments[i])) return i;
    return -1;
  };
  if (signed.method === 'POST' && signed.body) {
    const segments = signed.body.split('&');
    const i = pick(segments);
    if (i >= 0) return { where: 'body', segments, index: i };
  }
  const url = splitUrl(signed.url);
  const i = pick(url.segments);
  return i >= 0 ? { where: 'query', url, segments: url.segments, index: i } : null;
}

function withSegment(signed, target, segment) {
  const segments = [...target.segments];
  segments[target.index] = segment;
  if (target.where === 'body') return { ...signed, body: segments.join('&') };
  return { ...signed, url: joinUrl({ head: target.url.head, segments }) };
}

function mutateValue(signed, target, choose) {
  const segment = target.segments[target.index];
  const eq = segment.indexOf('=');
  const name = eq < 0 ? segment : segment.slice(0, eq);
  const value = decodeWire(eq < 0 ? '' : segment.slice(eq + 1));
  return withSegment(signed, target, `${name}=${encodeBytes(mutateBytes(value, choose(Math.max(1, value.length))))}`);
}

function mutateName(signed, target, choose) {
  const segment = target.segments[target.index];
  const eq = segment.indexOf('=');
  const name = decodeWire(eq < 0 ? segment : segment.slice(0, eq));
  // Only the base name (before the first '['): PHP ignores what follows a closing bracket.
  let baseLength = name.indexOf(0x5b);
  if (baseLength < 0) baseLength = name.length;
  const mutated = mutateBytes(name, choose(baseLength));
  return withSegment(signed, target, encodeBytes(mutated) + (eq < 0 ? '' : segment.slice(eq)));
}

function mutatePath(signed, choose) {
  const url = splitUrl(signed.url);
  const at = url.head.indexOf('/wc/v3') + 1;
  assert.ok(at > 0, `no /wc/v3 in ${signed.url}`);
  const index = at + 4 + choose(url.head.length - at - 4);
  const ch = url.head[index] === 'Q' ? 'R' : 'Q';
  return { ...signed, url: joinUrl({ head: url.head.slice(0, index) + ch + url.head.slice(index + 1), segments: url.segments }) };
}

test(`single-byte mutations of ${MUTATION_SAMPLE} signed requests are refused with WooCommerce's messages`, async (t) => {
  const started = Date.now();
  const requests = fc.sample(requestArb, { seed: SEED + 1, numRuns: MUTATION_SAMPLE });
  const counts = {};
  const expectRefused = async (label, mutated, headers, original, message, baseMustDiffer) => {
    const verdict = await send(mutated, headers);
    const context = `seed ${SEED + 1}, ${label}\n${describe(original.options, mutated, verdict)}\noriginal: ${original.signed.url}`;
    assert.equal(verdict.ok, false, `accepted after a mutation: ${context}`);
    assert.equal(verdict.code, AUTH_ERROR, context);
    assert.equal(verdict.message, message, context);
    if (baseMustDiffer) {
      assert.notEqual(verdict.baseString, original.verdict.baseString, `the mutation did not change what PHP parsed: ${context}`);
    }
    counts[label] = (counts[label] ?? 0) + 1;
  };
  for (const [n, r] of requests.entries()) {
    const choose = prng(SEED * 31 + n);
    const { options, headers } = toSignOptions(r);
    const signed = sign(options);
    const verdict = await send(signed, headers);
    assert.ok(
      verdict.ok && verdict.baseString === signed.baseString,
      `seed ${SEED + 1}: the request to mutate was refused before any mutation\n${describe(options, signed, verdict)}`,
    );
    const original = { options, signed, verdict };

    // The signature: one byte of the HMAC changed.
    const mac = Buffer.from(signed.signature, 'base64');
    mac[choose(mac.length)] ^= 1 << choose(8);
    await expectRefused('signature', withOAuthParam(signed, 'oauth_signature', mac.toString('base64')), headers, original, MISMATCH);

    // The secret: signed with a secret one byte off.
    const badSecret = changeChar(SECRET, 3 + choose(SECRET.length - 3), '0123456789abcdef');
    await expectRefused('secret', sign({ ...options, consumerSecret: badSecret }), headers, original, MISMATCH);

    // The timestamp, the nonce and the key, one character each.
    const ts = signed.oauthParams.oauth_timestamp;
    await expectRefused('timestamp', withOAuthParam(signed, 'oauth_timestamp', changeChar(ts, choose(ts.length), DIGITS)), headers, original, MISMATCH);
    const nonce = signed.oauthParams.oauth_nonce;
    await expectRefused('nonce', withOAuthParam(signed, 'oauth_nonce', changeChar(nonce, choose(nonce.length), LETTERS + DIGITS)), headers, original, MISMATCH);
    const key = changeChar(KEY, 3 + choose(KEY.length - 3), '0123456789abcdef');
    await expectRefused('consumer key', withOAuthParam(signed, 'oauth_consumer_key', key), headers, original, 'Consumer key is invalid.');

    // The path, after /wc/v3.
    if (r.permalinks !== 'plain' && r.permalinks !== 'plain-no-slash') {
      await expectRefused('path', mutatePath(signed, choose), headers, original, MISMATCH);
    }

    // A parameter's value and name, decoded, changed by one byte and encoded again.
    const target = mutationTarget(signed);
    if (target) {
      await expectRefused('parameter value', mutateValue(signed, target, choose), headers, original, MISMATCH, true);
      await expectRefused('parameter name', mutateName(signed, target, choose), headers, original, MISMATCH, true);
    }
  }
  t.diagnostic(`seed ${SEED + 1}: ${JSON.stringify(counts)} in ${Date.now() - started} ms`);
  for (const label of ['signature', 'secret', 'timestamp', 'nonce', 'consumer key']) {
    assert.equal(counts[label], MUTATION_SAMPLE, label);
  }
  assert.ok(counts.path >= 40, `path mutations: ${counts.path}`);
  assert.ok(counts['parameter value'] >= 60, `value mutations: ${counts['parameter value']}`);
  assert.ok(counts['parameter name'] >= 60, `name mutations: ${counts['parameter name']}`);
});

// ---------------------------------------------------------------------------------------------
// 3. Replays, clocks, missing parameters, methods and permissions.

const simple = (extra = {}) => ({
  method: 'GET',
  url: `${origin}/wp-json/wc/v3/orders?status=processing&per_page=10`,
  consumerKey: KEY,
  consumerSecret: SECRET,
  ...extra,
});

test('a replayed nonce is refused', async () => {
  for (const placement of ['header', 'query']) {
    const signed = sign(simple({ placement }));
    assert.equal((await send(signed)).ok, true);
    const again = await send(signed);
    assert.deepEqual([again.ok, again.code, again.message], [false, AUTH_ERROR, 'Invalid nonce - nonce has already been used.'], placement);
  }
});

test('a timestamp 16 minutes off is refused, 14 minutes off is accepted', async () => {
  for (const minutes of [-16, 16]) {
    const v = await send(sign(simple({ clockOffset: minutes * 60 })));
    assert.deepEqual([v.ok, v.code, v.message], [false, AUTH_ERROR, 'Invalid timestamp.'], `${minutes} minutes`);
  }
  for (const minutes of [-14, 14]) {
    const v = await send(sign(simple({ clockOffset: minutes * 60 })));
    assert.equal(v.ok, true, `${minutes} minutes: ${v.message}`);
  }
});

test('missing OAuth parameters are named, in WooCommerce\'s words', async () => {
  const signed = sign(simple());
  const drop = (names) => {
    let header = signed.headers.Authorization;
    for (const name of names) header = header.replace(new RegExp(`,? ?${name}="[^"]*"`), '');
    return { ...signed, headers: { Authorization: header } };
  };
  const one = await send(drop(['oauth_nonce']));
  assert.deepEqual([one.code, one.message], ['woocommerce_rest_authentication_missing_parameter', 'Missing OAuth parameter oauth_nonce']);
  const two = await send(drop(['oauth_timestamp', 'oauth_signature_method']));
  assert.deepEqual([two.code, two.message], ['woocommerce_rest_authentication_missing_parameter', 'Missing OAuth parameters oauth_timestamp, oauth_signature_method']);
  const inQuery = sign(simple({ placement: 'query' }));
  const noSignature = { ...inQuery, url: inQuery.url.replace(/&oauth_signature=[^&]*/, '') };
  const three = await send(noSignature);
  assert.deepEqual([three.code, three.message], ['woocommerce_rest_authentication_missing_parameter', 'Missing OAuth parameter oauth_signature']);
  const none = await send({ ...signed, headers: {} });
  assert.equal(none.code, 'verifier_no_credentials');
});

test('another signature method is refused', async () => {
  const signed = sign(simple({ signatureMethod: 'HMAC-SHA256' }));
  const v = await send(withOAuthParam(signed, 'oauth_signature_method', 'HMAC-SHA512'));
  assert.deepEqual([v.ok, v.message], [false, 'Invalid signature - signature method is invalid.']);
});

test('key permissions are checked per method', async () => {
  const read = { consumerKey: READ_KEY, consumerSecret: READ_SECRET };
  const write = { consumerKey: WRITE_KEY, consumerSecret: WRITE_SECRET };
  assert.equal((await send(sign(simple(read)))).ok, true);
  const post = await send(sign(simple({ ...read, method: 'POST', form: { name: 'x' } })));
  assert.equal(post.message, 'The API key provided does not have write permissions.');
  assert.equal((await send(sign(simple({ ...write, method: 'DELETE' })))).ok, true);
  const get = await send(sign(simple(write)));
  assert.equal(get.message, 'The API key provided does not have read permissions.');
});

test('OAuth parameters in the header win over the same names in the query', async () => {
  const signed = sign(simple({ url: `${origin}/wp-json/wc/v3/orders?oauth_timestamp=1&oauth_nonce=x&page=2` }));
  const v = await send(signed);
  assert.equal(v.ok, true, v.message);
  assert.equal(v.baseString, signed.baseString);
});

test('behind a TLS proxy: https in the base string, and HTTP Basic', async () => {
  const signed = sign(simple({ url: `https://127.0.0.1:${port}/wp-json/wc/v3/orders?page=2`, homeUrl: `https://127.0.0.1:${port}` }));
  assert.match(signed.baseString, /^GET&https%3A/);
  const overHttp = { ...signed, url: signed.url.replace(/^https:/, 'http:') };
  const v = await send(overHttp, { 'X-Verifier-Https': 'on' });
  assert.equal(v.ok, true, v.message);
  assert.equal(v.baseString, signed.baseString);
  const basic = { method: 'GET', url: `${origin}/wp-json/wc/v3/orders`, headers: { Authorization: basicAuthHeader(KEY, SECRET) }, body: null };
  assert.equal((await send(basic, { 'X-Verifier-Https': 'on' })).ok, true);
  const wrong = { ...basic, headers: { Authorization: basicAuthHeader(KEY, READ_SECRET) } };
  assert.equal((await send(wrong, { 'X-Verifier-Https': 'on' })).message, 'Consumer secret is invalid.');
});

test('URLs are signed as they are sent: dot segments, backslashes, fragments, odd bytes', async () => {
  const paths = [
    '/wp-json/wc/v3/a/../b/./c/%2e%2E/d',
    '/wp-json/wc/v3/x\\y',
    '/wp-json/wc/v3/orders#section',
    '/wp-json/wc/v3/orders?',
    '/wp-json/wc/v3/orders?#',
    '/wp-json/wc/v3/products?search=a#b&c=d',
    "/wp-json/wc/v3/it's/\"quoted\"/a b",
    '/wp-json/wc/v3/%7euser/%41',
    '/wp-json//wc/v3/orders',
    '/wp-json/wc/v3/orders/%2F%2f',
    '/wp-json/wc/v3/a%00b/tab%09/%E9',
    '/wp-json/wc/v3/e\u0301/trail ',
    '/wp-json/wc/v3/a\tb\nc',
    '/index.php/wp-json/wc/v3/x',
  ];
  for (const path of paths) {
    for (const placement of ['header', 'query']) {
      const options = simple({ url: `${origin}${path}`, placement });
      const signed = sign(options);
      const verdict = await send(signed);
      assert.ok(verdict.ok && verdict.baseString === signed.baseString, describe(options, signed, verdict));
    }
  }
});

// ---------------------------------------------------------------------------------------------
// 4. PHP's parser against the signer's, on nasty query strings and form bodies.

/** Runs tests/php/parse-query.php over many `{ query, extra }` inputs at once. */
async function phpParse(inputs) {
  const child = spawn('php', ['-d', 'display_errors=0', '-d', 'log_errors=1', join(ROOT, 'tests/php/parse-query.php')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => { out += c; });
  child.stderr.on('data', (c) => { err += c; });
  child.stdin.end(inputs.map((input) => JSON.stringify(input)).join('\n') + '\n');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, `parse-query.php failed: ${err}`);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, inputs.length);
  return lines;
}

/** The parameter part of a base string (after the method and the URL). */
const paramsOf = (baseString) => baseString.split('&').slice(2).join('&');

const TOKENS = [
  'a', 'b', 'c', 'x', '7', '0', '-5', '12', '9223372036854775807', '9223372036854775808',
  '[', ']', '[]', '[0]', '[a]', '[ ]', '[-5]', '.', ' ', '+', '%20', '%00', '%5B', '%5D', '%5b',
  '%2E', '%2e', '_', 'é', '%C3%A9', '%FF', '%', '%zz', '%2', '=', '==', '~', "'", '"', '%26',
  '%3D', '%2B', '%25', '[[', ']]', '%0A', '%09', 'ü',
];
const nastyArb = fc
  .array(fc.array(fc.constantFrom(...TOKENS), { maxLength: 8 }).map((t) => t.join('')), { maxLength: 8 })
  .map((pairs) => pairs.join('&'));
const deepArb = fc.integer({ min: 1, max: 70 }).map((depth) => `d${'[k]'.repeat(depth)}=1&e=2`);

const NASTY = [
  'a[b=1', 'a[]=1&a=2', 'a=1&a[]=2', 'a[ ]=1', 'a[%20]=1', '%00=1', 'a%00b=1', 'a=%00',
  'a[b]c=1', 'a[b]c[d]=1', 'a[[b]]=1', 'a[b[c]=1', 'a]b=1', '[a]=1', '=1', '&&', 'a', 'a=', 'a==b',
  ' a=1', '  a b=1', 'a.b=1&a_b=2', 'a.b[c.d]=1', 'a[b.c=1', 'a[b][c=1', 'a%5Bb%5D=1', 'a%5bb%5d=1',
  '%61=1', '7=x', '7=x&8=y&a=z', '-5=x&7=y', 'a[-5]=x&a[]=y', 'a[7]=x&a[]=y&a[3]=z&a[]=w',
  'a[9223372036854775807]=1&a[]=2', 'a[007]=1&a[-0]=2&a[1.5]=3&a[ 1]=4&a[0x1]=5',
  'a[-9223372036854775808]=1&a[]=2', '99999999999999999999=1', 'a[b]=1&a[b][c]=2', 'a[b][c]=1&a[b]=2',
  '0[a]=1', '5[b][c]=2', '0[0][x]=1', 'x=1&0[a]=2&3[b]=4', 'a+b=c+d', 'a%20b=c%20d', '+a=1',
  'a[]=1&a[]=2&a[5]=3&a[]=4', `d${'[k]'.repeat(63)}=1`, `d${'[k]'.repeat(64)}=1`,
  `d${'[k]'.repeat(65)}=1`, `d${'[]'.repeat(70)}=1`, 'a=%zz&b=%&c=%2', 'a=%ff%fe', 'é=ü&%C3%A9=x',
  Array.from({ length: 1001 }, (_, i) => `k${i}=1`).join('&'),
  Array.from({ length: 1005 }, (_, i) => `k${i}=1`).join('&'),
];

test(`PHP's parse_str and the signer agree on ${DIFFERENTIAL_RUNS} generated and ${NASTY.length} hand-written query strings and form bodies`, async (t) => {
  const started = Date.now();
  const generated = fc.sample(fc.oneof({ weight: 6, arbitrary: nastyArb }, { weight: 1, arbitrary: deepArb }), { seed: SEED + 2, numRuns: DIFFERENTIAL_RUNS });
  const inputs = [...NASTY, ...generated];
  const cases = inputs.map((input, i) => {
    const inBody = i % 3 === 2;
    const options = inBody
      ? { method: 'POST', url: `${origin}/wp-json/wc/v3/parse`, form: input }
      : { method: 'GET', url: `${origin}/wp-json/wc/v3/parse?${input}` };
    return { input, inBody, options };
  });
  const failures = [];
  for (const c of cases) {
    try {
      c.signed = sign({ ...c.options, consumerKey: KEY, consumerSecret: SECRET });
    } catch (e) {
      failures.push(`sign() threw ${e.code} for ${JSON.stringify(c.input)}: ${e.message}`);
    }
  }
  const signedCases = cases.filter((c) => c.signed);
  // The text as typed, parsed by PHP, with the same OAuth header parameters merged over it. A URL
  // parser drops white space at the end of a URL, so a query loses its trailing spaces.
  const php = await phpParse(
    signedCases.map((c) => {
      const { oauth_signature: _, ...extra } = c.signed.oauthParams;
      return { query: c.inBody ? c.input : c.input.replace(/[\x00-\x20]+$/, ''), extra };
    }),
  );
  for (const [i, c] of signedCases.entries()) {
    const where = c.inBody ? 'form body' : 'query';
    // What the signer parsed from the text as typed = what PHP's parse_str makes of it, joined
    // as WooCommerce joins it (`woo`: with join_with_equals_sign()'s `if ( $key )` quirk).
    const ours = paramsOf(c.signed.baseString);
    if (ours !== php[i].woo) {
      failures.push(
        `parse of the ${where} ${JSON.stringify(c.input)}\n  PHP parse_str: ${JSON.stringify(php[i].parsed)}\n  PHP:  ${php[i].woo}\n  ours: ${ours}`,
      );
    }
    // What WooCommerce computes from the request as sent = what the signer signed.
    const verdict = await send(c.signed);
    if (!verdict.ok || verdict.baseString !== c.signed.baseString) {
      failures.push(`request with the ${where} ${JSON.stringify(c.input)}\n${describe(c.options, c.signed, verdict)}`);
    }
  }
  t.diagnostic(`seed ${SEED + 2}: ${cases.length} inputs in ${Date.now() - started} ms`);
  assert.equal(failures.length, 0, `${failures.length} disagreements (seed ${SEED + 2}):\n\n${failures.slice(0, 15).join('\n\n')}`);
});
