// The live key check (checkKeys) against real stores: each verdict with its exact report codes.
// Runtime-neutral: keys-e2e.test.mjs runs it in Node, keys-e2e-browser.test.mjs in a page in
// headless Chromium; both start the stores in Node (keys-e2e-stores.mjs) and pass `env` (JSON).
// Every report also goes through `hygiene()`: no secret in it, every step's URL redacted.

import { deepEqual, equal, ok } from './assert.mjs';

/** Well-formed, and on no store. */
const UNKNOWN_KEY = `ck_${'7e'.repeat(20)}`;
const WRONG_SECRET = `cs_${'3c'.repeat(20)}`;

const codes = (report) => ({
  ok: report.ok,
  errors: report.errors.map((f) => f.code),
  warnings: report.warnings.map((f) => f.code),
});

/** `purpose status code` per step: the whole conversation, without timings. */
const steps = (report) => report.steps.map((s) => `${s.purpose} ${s.status} ${s.code}`);

/**
 * In a page, a store answer without CORS headers (a 404 page, a server's redirect, a store behind
 * a CDN that strips them) is a TypeError and nothing else: every request made got no answer the
 * page could read.
 */
function allBlocked(report) {
  equal(report.steps[0]?.purpose, 'discover-root');
  deepEqual(
    report.steps.filter((s) => s.status !== 0 || s.code !== 'cors'),
    [],
    'every request was refused by the browser',
  );
}

/** The part of a `ck_`/`cs_` value that masking hides (all but the last 7 characters). */
const hidden = (credential) => credential.slice(3, -7);

function hygiene(report, options) {
  const text = JSON.stringify(report);
  const { consumerKey, consumerSecret } = options;
  ok(!text.includes(consumerSecret), 'the secret is not in the report');
  ok(!text.includes(hidden(consumerSecret)), 'no more of the secret than its masked form is in the report');
  ok(report.steps.length > 0, 'at least one request was made');
  for (const step of report.steps) {
    ok(/^(GET|POST) https?:\/\/127\.0\.0\.1:\d+\/\S*$/.test(step.request), `step request is METHOD URL: ${step.request}`);
    ok(!step.request.includes(hidden(consumerKey)), `the key is masked in ${step.request}`);
    ok(!step.request.includes(hidden(consumerSecret)), `the secret is masked in ${step.request}`);
  }
  for (const finding of [...report.errors, ...report.warnings]) {
    ok(!finding.message.includes(hidden(consumerKey)), `no key in ${finding.code}`);
  }
  ok(!report.summary.includes(hidden(consumerKey)), 'no key in the summary');
}

/**
 * @param {(name: string, fn: () => Promise<void>) => void} test
 * @param {typeof import('wc-keys')} wc
 * @param {{ runtime: 'node' | 'browser', stores: Record<string, { httpUrl: string, httpsUrl: string,
 *   homeUrl: string, stateUrl: string, keys: Record<string, { consumerKey: string, consumerSecret: string }> }>,
 *   revokedKeyId: number, notWordPressUrl: string, noWooCommerceUrl: string, corslessUrl: string,
 *   silentUrl: string, closedUrl: string }} env
 */
export function defineKeyScenarios(test, wc, env) {
  const { stores } = env;
  const browser = env.runtime === 'browser';

  async function check(options) {
    const report = await wc.checkKeys(options);
    hygiene(report, options);
    return report;
  }

  // --- Healthy keys -------------------------------------------------------------------------

  test('healthy read_write key over HTTPS: ok, Basic, read and write, no findings', async () => {
    const { httpsUrl, keys } = stores.main;
    const r = await check({ storeUrl: httpsUrl, ...keys.read_write, need: 'read_write' });
    deepEqual(codes(r), { ok: true, errors: [], warnings: [] });
    equal(r.summary, 'The key works (read and write, via basic).');
    deepEqual(r.store, {
      apiFound: true,
      apiRoot: `${httpsUrl}/wp-json/`,
      permalinks: 'pretty',
      homeUrl: httpsUrl,
      homeDiffers: false,
      woocommerce: true,
      https: true,
      clockOffset: null,
    });
    deepEqual(r.key, { masked: `…${keys.read_write.consumerKey.slice(-7)}`, valid: true, method: 'basic', baseString: null });
    deepEqual(r.permissions, { read: true, write: true });
    deepEqual(steps(r), ['discover-root 200 null', 'check-read 200 null', 'check-write 404 rest_no_route']);
    deepEqual(
      r.steps.map((s) => s.request),
      [
        `GET ${httpsUrl}/wp-json/`,
        `GET ${httpsUrl}/wp-json/wc/v3/products?per_page=1&_fields=id`,
        `POST ${httpsUrl}/wp-json/wc/v3/wc-keys-permission-probe`,
      ],
    );
  });

  test('healthy read_write key over plain HTTP: ok, OAuth header, NOT_HTTPS warning', async () => {
    const { httpUrl, keys } = stores.main;
    const r = await check({ storeUrl: httpUrl, ...keys.read_write, need: 'read_write' });
    deepEqual(codes(r), { ok: true, errors: [], warnings: ['NOT_HTTPS'] });
    equal(r.summary, 'The key works (read and write, via oauth-header); 1 warning.');
    equal(r.key.method, 'oauth-header');
    equal(r.store.https, false);
    deepEqual(r.permissions, { read: true, write: true });
    deepEqual(steps(r), ['discover-root 200 null', 'check-read 200 null', 'check-write 404 rest_no_route']);
  });

  // --- Permissions --------------------------------------------------------------------------

  test('read-only key for an app that writes: WRITE_MISSING', async () => {
    const { httpsUrl, keys } = stores.main;
    const r = await check({ storeUrl: httpsUrl, ...keys.read, need: 'read_write' });
    deepEqual(codes(r), { ok: false, errors: ['WRITE_MISSING'], warnings: [] });
    deepEqual(r.permissions, { read: true, write: false });
    equal(r.key.valid, true);
    deepEqual(steps(r), ['discover-root 200 null', 'check-read 200 null', 'check-write 401 woocommerce_rest_authentication_error']);
    ok(/has Read permission/.test(r.errors[0].message), r.errors[0].message);
  });

  test('read-only key for an app that only reads: ok, nothing to say', async () => {
    const { httpsUrl, keys } = stores.main;
    const r = await check({ storeUrl: httpsUrl, ...keys.read, need: 'read' });
    deepEqual(codes(r), { ok: true, errors: [], warnings: [] });
    equal(r.summary, 'The key works (read only, via basic).');
  });

  test('write-only key: read false, READ_MISSING when the app reads, ok when it only writes', async () => {
    const { httpsUrl, keys } = stores.main;
    const both = await check({ storeUrl: httpsUrl, ...keys.write, need: 'read_write' });
    deepEqual(codes(both), { ok: false, errors: ['READ_MISSING'], warnings: [] });
    deepEqual(both.permissions, { read: false, write: true });
    equal(both.key.valid, true);
    deepEqual(steps(both), ['discover-root 200 null', 'check-read 401 woocommerce_rest_authentication_error', 'check-write 404 rest_no_route']);
    const write = await check({ storeUrl: httpsUrl, ...keys.write, need: 'write' });
    deepEqual(codes(write), { ok: true, errors: [], warnings: [] });
    equal(write.summary, 'The key works (write only, via basic).');
  });

  test('key more powerful than needed: MORE_THAN_NEEDED warning', async () => {
    const { httpsUrl, keys } = stores.main;
    for (const need of ['read', 'write']) {
      const r = await check({ storeUrl: httpsUrl, ...keys.read_write, need });
      deepEqual(codes(r), { ok: true, errors: [], warnings: ['MORE_THAN_NEEDED'] }, `need ${need}`);
      deepEqual(r.permissions, { read: true, write: true });
    }
    const readForWrite = await check({ storeUrl: httpsUrl, ...stores.main.keys.read, need: 'write' });
    deepEqual(codes(readForWrite), { ok: false, errors: ['WRITE_MISSING'], warnings: ['MORE_THAN_NEEDED'] }, 'a read key for a write-only app');
  });

  // --- Wrong credentials --------------------------------------------------------------------

  test('unknown key over HTTP: KEY_INVALID', async () => {
    const { httpUrl, keys } = stores.main;
    const r = await check({ storeUrl: httpUrl, consumerKey: UNKNOWN_KEY, consumerSecret: keys.read.consumerSecret });
    deepEqual(codes(r), { ok: false, errors: ['KEY_INVALID'], warnings: ['NOT_HTTPS'] });
    equal(r.key.valid, false);
    deepEqual(r.permissions, { read: null, write: null });
    deepEqual(steps(r), ['discover-root 200 null', 'check-read 401 woocommerce_rest_authentication_error']);
  });

  test('unknown key over HTTPS: KEY_INVALID', async () => {
    const { httpsUrl, keys } = stores.main;
    const r = await check({ storeUrl: httpsUrl, consumerKey: UNKNOWN_KEY, consumerSecret: keys.read.consumerSecret });
    deepEqual(codes(r), { ok: false, errors: ['KEY_INVALID'], warnings: [] });
    equal(r.key.valid, false);
  });

  test('wrong secret over HTTPS: SECRET_INVALID', async () => {
    const { httpsUrl, keys } = stores.main;
    const r = await check({ storeUrl: httpsUrl, consumerKey: keys.read_write.consumerKey, consumerSecret: WRONG_SECRET });
    deepEqual(codes(r), { ok: false, errors: ['SECRET_INVALID'], warnings: [] });
    equal(r.key.valid, false);
    equal(r.key.baseString, null);
    deepEqual(steps(r), ['discover-root 200 null', 'check-read 401 woocommerce_rest_authentication_error']);
  });

  test('wrong secret over HTTP: SIGNATURE_REJECTED with the base string a correct signer builds', async () => {
    const { httpUrl, keys } = stores.main;
    const { consumerKey, consumerSecret } = keys.read_write;
    const r = await check({ storeUrl: httpUrl, consumerKey, consumerSecret: WRONG_SECRET });
    deepEqual(codes(r), { ok: false, errors: ['SIGNATURE_REJECTED'], warnings: ['NOT_HTTPS'] });
    equal(r.key.valid, false);
    const base = r.key.baseString;
    ok(typeof base === 'string', 'the base string is reported');
    const [method, url, pairs] = base.split('&');
    equal(method, 'GET');
    equal(decodeURIComponent(url), `${httpUrl}/wp-json/wc/v3/products`);
    const params = new URLSearchParams(decodeURIComponent(pairs));
    deepEqual([...params.keys()], ['_fields', 'oauth_consumer_key', 'oauth_nonce', 'oauth_signature_method', 'oauth_timestamp', 'per_page']);
    equal(params.get('oauth_consumer_key'), consumerKey);
    // The base string does not depend on the secret: the right secret with the same nonce and
    // timestamp gives the same one, so the secret is what differs.
    const right = wc.sign({
      method: 'GET',
      url: `${httpUrl}/wp-json/wc/v3/products?per_page=1&_fields=id`,
      consumerKey,
      consumerSecret,
      signatureMethod: params.get('oauth_signature_method'),
      timestamp: Number(params.get('oauth_timestamp')),
      nonce: params.get('oauth_nonce'),
    });
    equal(base, right.baseString);
  });

  test('key revoked on the admin page, over HTTP: KEY_INVALID (the store\'s other keys still work)', async () => {
    const { httpUrl, stateUrl, keys } = stores.revoked;
    const state = await (await fetch(stateUrl)).json();
    ok(!state.keys.some((k) => k.key_id === env.revokedKeyId), 'the key is gone from the key table');
    const r = await check({ storeUrl: httpUrl, ...keys.read_write, need: 'read_write' });
    deepEqual(codes(r), { ok: false, errors: ['KEY_INVALID'], warnings: ['NOT_HTTPS'] });
    equal(r.key.valid, false);
    const other = await check({ storeUrl: httpUrl, ...keys.read, need: 'read' });
    deepEqual(codes(other), { ok: true, errors: [], warnings: ['NOT_HTTPS'] });
  });

  test('key revoked on the admin page, over HTTPS: KEY_INVALID', async () => {
    const { httpsUrl, keys } = stores.revoked;
    const r = await check({ storeUrl: httpsUrl, ...keys.read_write, need: 'read_write' });
    deepEqual(codes(r), { ok: false, errors: ['KEY_INVALID'], warnings: [] });
    equal(r.key.valid, false);
  });

  // --- Server quirks ------------------------------------------------------------------------

  test('Authorization header stripped, HTTPS: query credentials, AUTHORIZATION_STRIPPED', async () => {
    const { httpsUrl, keys } = stores.strip;
    const { consumerKey, consumerSecret } = keys.read_write;
    const r = await check({ storeUrl: httpsUrl, consumerKey, consumerSecret, need: 'read_write' });
    deepEqual(codes(r), { ok: true, errors: [], warnings: ['AUTHORIZATION_STRIPPED'] });
    equal(r.key.method, 'query-credentials');
    equal(r.summary, 'The key works (read and write, via query-credentials); 1 warning.');
    deepEqual(steps(r), [
      'discover-root 200 null',
      'check-read 401 woocommerce_rest_cannot_view',
      'check-read 200 null',
      'check-write 404 rest_no_route',
    ]);
    const masked = `consumer_key=ck_…${consumerKey.slice(-7)}&consumer_secret=cs_…${consumerSecret.slice(-7)}`;
    equal(r.steps[2].request, `GET ${httpsUrl}/wp-json/wc/v3/products?per_page=1&_fields=id&${masked}`);
    equal(r.steps[3].request, `POST ${httpsUrl}/wp-json/wc/v3/wc-keys-permission-probe?${masked}`);
  });

  test('Authorization header stripped, HTTP: OAuth in the query, AUTHORIZATION_STRIPPED', async () => {
    const { httpUrl, keys } = stores.strip;
    const r = await check({ storeUrl: httpUrl, ...keys.read_write, need: 'read_write' });
    deepEqual(codes(r), { ok: true, errors: [], warnings: ['NOT_HTTPS', 'AUTHORIZATION_STRIPPED'] });
    equal(r.key.method, 'oauth-query');
    deepEqual(r.permissions, { read: true, write: true });
    deepEqual(steps(r), [
      'discover-root 200 null',
      'check-read 401 woocommerce_rest_cannot_view',
      'check-read 200 null',
      'check-write 404 rest_no_route',
    ]);
  });

  for (const [name, skew, key, need] of [
    ['skewAhead', 1200, 'read_write', 'read_write'],
    ['skewBehind', -1200, 'read', 'read'],
  ]) {
    test(`store clock ${skew > 0 ? '+' : ''}${skew / 60} minutes, HTTP: CLOCK_SKEW, offset measured (Node) or guessed (page), then accepted`, async () => {
      const { httpUrl, keys } = stores[name];
      const r = await check({ storeUrl: httpUrl, ...keys[key], need });
      deepEqual(codes(r), { ok: true, errors: [], warnings: ['NOT_HTTPS', 'CLOCK_SKEW'] });
      // Node reads the Date header. A page cannot (WordPress exposes only X-WP-Total,
      // X-WP-TotalPages and Link to other origins), so there the offset need only be close
      // enough for WooCommerce's 15-minute window.
      const tolerance = browser ? 900 : 5;
      ok(Number.isInteger(r.store.clockOffset) && Math.abs(r.store.clockOffset - skew) <= tolerance, `clockOffset ${r.store.clockOffset} ≈ ${skew}`);
      // Node retries once, with the measured offset. A page tries +30 minutes, then -30: a store
      // behind by 20 minutes refuses the first guess.
      const refusedGuesses = browser && skew < 0 ? 1 : 0;
      deepEqual(steps(r), [
        'discover-root 200 null',
        'check-read 401 woocommerce_rest_authentication_error',
        ...Array(refusedGuesses).fill('check-read 401 woocommerce_rest_authentication_error'),
        'check-read 200 null',
        `check-write ${key === 'read' ? '401 woocommerce_rest_authentication_error' : '404 rest_no_route'}`,
      ]);
    });
  }

  test('store clock +20 minutes, HTTPS: Basic has no timestamp, nothing to say', async () => {
    const { httpsUrl, keys } = stores.skewAhead;
    const r = await check({ storeUrl: httpsUrl, ...keys.read_write, need: 'read_write' });
    deepEqual(codes(r), { ok: true, errors: [], warnings: [] });
    equal(r.store.clockOffset, null);
  });

  test('plain permalinks: found at ?rest_route=/, permalinks "plain", over HTTPS and HTTP', async () => {
    const { httpsUrl, httpUrl, keys } = stores.plain;
    for (const url of [httpsUrl, httpUrl]) {
      const r = await check({ storeUrl: url, ...keys.read_write, need: 'read_write' });
      deepEqual(codes(r), { ok: true, errors: [], warnings: url === httpUrl ? ['NOT_HTTPS'] : [] }, url);
      equal(r.store.permalinks, 'plain');
      equal(r.store.apiRoot, `${url}/?rest_route=/`);
      equal(r.store.homeUrl, url);
      // /wp-json/ is the web server's 404 page, which carries no CORS headers: a page cannot
      // read it, and goes on to ?rest_route=/ as Node does after the 404.
      const first = browser ? 'discover-root 0 cors' : 'discover-root 404 null';
      deepEqual(steps(r), [first, 'discover-root-plain 200 null', 'check-read 200 null', 'check-write 404 rest_no_route']);
      equal(r.steps[2].request, `GET ${url}/?rest_route=/wc/v3/products&per_page=1&_fields=id`);
    }
  });

  test('subdirectory install typed with its folder: ok at /shop, over HTTPS and HTTP', async () => {
    const { httpsUrl, httpUrl, keys } = stores.subdir;
    for (const url of [httpsUrl, httpUrl]) {
      const r = await check({ storeUrl: `${url}/shop/`, ...keys.read_write, need: 'read_write' });
      deepEqual(codes(r), { ok: true, errors: [], warnings: url === httpUrl ? ['NOT_HTTPS'] : [] }, url);
      equal(r.store.apiRoot, `${url}/shop/wp-json/`);
      equal(r.store.homeUrl, `${url}/shop`);
      equal(r.store.homeDiffers, false);
      equal(r.store.permalinks, 'pretty');
    }
  });

  test('subdirectory install typed without its folder: API_NOT_FOUND (in a page: CORS_BLOCKED)', async () => {
    const { httpsUrl, keys } = stores.subdir;
    const r = await check({ storeUrl: httpsUrl, ...keys.read_write, need: 'read_write' });
    equal(r.store.apiFound, false);
    if (browser) {
      // The 404s outside the install carry no CORS headers: a page cannot tell this from a
      // store that blocks it.
      deepEqual(codes(r), { ok: false, errors: ['CORS_BLOCKED'], warnings: [] });
      allBlocked(r);
    } else {
      deepEqual(codes(r), { ok: false, errors: ['API_NOT_FOUND'], warnings: [] });
      deepEqual(steps(r), ['discover-root 404 null', 'discover-root-plain 404 null', 'discover-home-link 404 null']);
    }
  });

  test('home URL on another host: HOME_DIFFERS, signed with the store\'s home so it still works', async () => {
    const { httpUrl, httpsUrl, keys } = stores.otherHost;
    const http = await check({ storeUrl: httpUrl, ...keys.read_write, need: 'read_write' });
    deepEqual(codes(http), { ok: true, errors: [], warnings: ['HOME_DIFFERS', 'NOT_HTTPS'] });
    equal(http.store.homeUrl, 'http://shop.test');
    equal(http.store.homeDiffers, true);
    equal(http.key.method, 'oauth-header');
    ok(http.warnings[0].message.includes('http://shop.test'), http.warnings[0].message);
    const https = await check({ storeUrl: httpsUrl, ...keys.read_write, need: 'read_write' });
    deepEqual(codes(https), { ok: true, errors: [], warnings: ['HOME_DIFFERS'] });
    equal(https.store.homeUrl, 'https://shop.test');
  });

  test('store that redirects http:// to https://, typed http://: REDIRECTED (in a page: CORS_BLOCKED)', async () => {
    const { httpUrl, httpsUrl, keys } = stores.redirect;
    const r = await check({ storeUrl: httpUrl, ...keys.read_write, need: 'read_write' });
    if (browser) {
      // The web server's 301 carries no CORS headers, so the browser refuses it before any
      // redirect handling: a page sees what a CORS refusal looks like.
      deepEqual(codes(r), { ok: false, errors: ['CORS_BLOCKED'], warnings: [] });
      allBlocked(r);
    } else {
      deepEqual(codes(r), { ok: false, errors: ['REDIRECTED'], warnings: [] });
      equal(r.steps[0].status, 301);
      ok(r.errors[0].message.includes(`${httpsUrl}/`), `the message names where it goes: ${r.errors[0].message}`);
    }
  });

  test('store that redirects http:// to https://, typed https://: ok', async () => {
    const { httpsUrl, keys } = stores.redirect;
    const r = await check({ storeUrl: httpsUrl, ...keys.read_write, need: 'read_write' });
    deepEqual(codes(r), { ok: true, errors: [], warnings: [] });
  });

  // --- Not a (reachable) WooCommerce store --------------------------------------------------

  test('not WordPress: API_NOT_FOUND after /wp-json/, ?rest_route=/ and the home page', async () => {
    const r = await check({ storeUrl: env.notWordPressUrl, ...stores.main.keys.read });
    deepEqual(codes(r), { ok: false, errors: ['API_NOT_FOUND'], warnings: [] });
    deepEqual(steps(r), ['discover-root 404 null', 'discover-root-plain 404 null', 'discover-home-link 200 null']);
  });

  test('WordPress without WooCommerce: WOOCOMMERCE_NOT_FOUND', async () => {
    const r = await check({ storeUrl: env.noWooCommerceUrl, ...stores.main.keys.read });
    deepEqual(codes(r), { ok: false, errors: ['WOOCOMMERCE_NOT_FOUND'], warnings: [] });
    equal(r.store.apiFound, true);
    equal(r.store.woocommerce, false);
    deepEqual(steps(r), ['discover-root 200 null']);
  });

  test('closed port: STORE_UNREACHABLE', async () => {
    const r = await check({ storeUrl: env.closedUrl, ...stores.main.keys.read });
    deepEqual(codes(r), { ok: false, errors: ['STORE_UNREACHABLE'], warnings: [] });
    if (browser) deepEqual(r.steps.filter((s) => s.status !== 0), [], 'no answer');
    else deepEqual(steps(r), ['discover-root 0 network']);
  });

  test('store that never answers: STORE_TIMEOUT after the timeout', async () => {
    const started = Date.now();
    const r = await check({ storeUrl: env.silentUrl, ...stores.main.keys.read, timeout: 300 });
    deepEqual(codes(r), { ok: false, errors: ['STORE_TIMEOUT'], warnings: [] });
    deepEqual(steps(r), ['discover-root 0 timeout']);
    ok(Date.now() - started < 5000, 'gave up in time');
  });

  if (browser) {
    test('store whose answers carry no CORS headers, from a page: CORS_BLOCKED', async () => {
      const r = await check({ storeUrl: env.corslessUrl, ...stores.main.keys.read_write, need: 'read_write' });
      deepEqual(codes(r), { ok: false, errors: ['CORS_BLOCKED'], warnings: [] });
      allBlocked(r);
      deepEqual(r.permissions, { read: null, write: null });
    });
  } else {
    test('store whose answers carry no CORS headers, from Node (no CORS): works through the proxy', async () => {
      const r = await check({ storeUrl: env.corslessUrl, ...stores.main.keys.read_write, need: 'read_write' });
      deepEqual(codes(r), { ok: true, errors: [], warnings: ['HOME_DIFFERS', 'NOT_HTTPS'] });
      equal(r.store.homeUrl, stores.main.httpUrl);
    });
  }

  // --- Safety -------------------------------------------------------------------------------

  test('the write probe changes nothing: products, keys and webhooks are the same after every check', async () => {
    const store = stores.probe;
    const admin = store.keys.read_write;
    const snapshot = async () => {
      const state = await (await fetch(store.stateUrl)).json();
      const answer = await fetch(`${store.httpsUrl}/wp-json/wc/v3/products?per_page=100&status=any`, {
        headers: { Authorization: wc.basicAuthHeader(admin.consumerKey, admin.consumerSecret) },
      });
      equal(answer.status, 200, 'the product list');
      return {
        total: answer.headers.get('x-wp-total'),
        products: await answer.json(),
        keys: state.keys.map((k) => [k.key_id, k.user_id, k.description, k.permissions, k.consumer_key, k.consumer_secret]),
        webhooks: state.webhooks,
        deliveries: state.deliveries,
        logged: state.requests.length,
      };
    };
    const before = await snapshot();
    ok(before.products.length > 0 && before.total === String(before.products.length), 'the store has products');
    const runs = [
      [store.httpsUrl, store.keys.read_write, 'read_write', '404'],
      [store.httpUrl, store.keys.read_write, 'read_write', '404'],
      [store.httpsUrl, store.keys.read, 'read_write', '401'],
      [store.httpUrl, store.keys.write, 'write', '404'],
    ];
    for (const [url, key, need] of runs) await check({ storeUrl: url, ...key, need });
    const after = await snapshot();
    const { logged: loggedBefore, ...same } = before;
    const { logged: loggedAfter, ...now } = after;
    deepEqual(now, same, 'the store is unchanged');
    // What the store saw: only GETs, preflights, and the POSTs of the probe, which found no route
    // (or no write permission).
    const state = await (await fetch(store.stateUrl)).json();
    const seen = state.requests.slice(loggedBefore, loggedAfter).filter((e) => !(e.method === 'GET' && e.path === '/wp-json/wc/v3/products' && e.query.includes('status=any')));
    ok(seen.length >= 3 * runs.length, `the checks' requests are logged (${seen.length})`);
    for (const e of seen) {
      ok(e.method === 'GET' || e.method === 'OPTIONS' || (e.method === 'POST' && e.path === '/wp-json/wc/v3/wc-keys-permission-probe'), `only safe requests: ${e.method} ${e.path}`);
    }
    deepEqual(
      seen.filter((e) => e.method === 'POST').map((e) => String(e.status)),
      runs.map((run) => run[3]),
      'each probe: 404 rest_no_route with write permission, 401 without',
    );
  });

  test('an aborted signal stops the check with its reason (not a report)', async () => {
    const { httpUrl, keys } = stores.main;
    const before = new AbortController();
    const reason = new Error('the user left');
    before.abort(reason);
    let caught;
    await wc.checkKeys({ storeUrl: httpUrl, ...keys.read, signal: before.signal }).catch((e) => {
      caught = e;
    });
    equal(caught, reason, 'aborted before the first request');
    const during = new AbortController();
    setTimeout(() => during.abort(reason), 100);
    caught = undefined;
    await wc.checkKeys({ storeUrl: env.silentUrl, ...keys.read, signal: during.signal }).catch((e) => {
      caught = e;
    });
    equal(caught, reason, 'aborted while waiting for the store');
  });
}
