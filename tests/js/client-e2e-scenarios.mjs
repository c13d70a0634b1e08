// End-to-end scenarios of the REST client (`WooCommerceRestApi`) against the sandbox store, over
// HTTP (OAuth 1.0a) and HTTPS (Basic). One module for every runtime: client-e2e.test.mjs runs it
// in Node, client-e2e-browser.test.mjs in a page in headless Chromium, with the same `env`
// (client-e2e-env.mjs): the stores and the Node-side helpers.
//
// Where a browser cannot do what Node does (CORS hides `Date` and `Retry-After` from the page,
// a redirected preflight is a network error), the scenario says so and asserts what happens.

import { deepEqual, equal, ok } from './assert.mjs';

const SCHEMES = ['http', 'https'];
const AUTH = { http: 'oauth-header', https: 'basic' };
const QUERY_AUTH = { http: 'oauth-query', https: 'query-credentials' };

/**
 * @param {(name: string, fn: () => Promise<void>) => void} test
 * @param {typeof import('wc-keys')} wc
 * @param {{ runtime: 'node' | 'browser', stores: Record<string, { httpUrl: string, httpsUrl: string,
 *   homeUrl: string, keys: Record<string, { consumerKey: string, consumerSecret: string }> }>,
 *   silentUrl: string, closedUrl: string, state: (store: string) => Promise<any>,
 *   startReceiver: (secret: string) => Promise<{ id: number, url: string }>,
 *   receiverLog: (id: number) => Promise<{ deliveries: any[], events: any[] }> }} env
 */
export function defineClientScenarios(test, wc, env) {
  const { WooCommerceRestApi, WooCommerceError } = wc;
  const inNode = env.runtime === 'node';

  const origin = (store, scheme) => (scheme === 'http' ? env.stores[store].httpUrl : env.stores[store].httpsUrl);
  const withScheme = (url, scheme) => url.replace(/^https?:/, `${scheme}:`);

  /** A client for one store, recording what its hooks see. */
  function client(store, scheme, { key = 'read_write', path = '', ...options } = {}) {
    const requests = [];
    const responses = [];
    const api = new WooCommerceRestApi({
      url: origin(store, scheme) + path,
      ...env.stores[store].keys[key],
      onRequest: (r) => requests.push(r),
      onResponse: (r) => responses.push(r),
      ...options,
    });
    return { api, requests, responses };
  }

  /** Every full key and secret of a store: none may appear in an error. */
  const secretsOf = (store) => Object.values(env.stores[store].keys).flatMap((k) => [k.consumerKey, k.consumerSecret]);

  /**
   * Awaits a call that must fail and checks the error: a `WooCommerceError` with `code`,
   * `status`, WooCommerce's `message` (text or pattern: the error's message is the store's own),
   * the hint (`null` or a pattern), `data.status` for store answers, and no key or secret.
   */
  async function rejects(promise, expected, store) {
    let error;
    try {
      await promise;
    } catch (e) {
      error = e;
    }
    ok(error !== undefined, `expected ${expected.code}, the call succeeded`);
    ok(error instanceof WooCommerceError, `expected a WooCommerceError, got ${error?.name}: ${error?.message}`);
    equal(error.name, 'WooCommerceError');
    equal(error.code, expected.code, 'code');
    equal(error.status, expected.status, 'status');
    const own = error.message;
    if (expected.hint === null) {
      equal(error.hint, null, 'hint');
    } else {
      ok(expected.hint.test(error.hint ?? ''), `hint ${JSON.stringify(error.hint)} should match ${expected.hint}`);
      ok(!own.includes(error.hint), `the message is the store's alone, without the hint: ${own}`);
    }
    if (expected.message instanceof RegExp) ok(expected.message.test(own), `message ${JSON.stringify(own)} should match ${expected.message}`);
    else equal(own, expected.message, 'message');
    if (expected.status >= 400 && expected.code !== 'ERR_HTTP_STATUS') equal(error.data?.status, expected.status, 'data.status');
    const visible = JSON.stringify({ message: error.message, hint: error.hint, data: error.data, request: error.request });
    for (const secret of secretsOf(store)) ok(!visible.includes(secret), `the error shows a key or secret: ${visible}`);
    return error;
  }

  /** Polls `read()` until `done(value)`, for up to 5 s. */
  async function waitFor(read, done, what) {
    for (let waited = 0; ; waited += 25) {
      const value = await read();
      if (done(value)) return value;
      if (waited > 5000) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** What a page gets when the browser refuses a cross-origin answer (or there was none). */
  const blocked = {
    code: 'ERR_HTTP_NETWORK',
    status: 0,
    message: 'The request did not reach the store, or the browser blocked its answer (CORS).',
    hint: /CORS/,
  };
  /**
   * A 404 from outside the REST API: Node reads it; in a page the preflight (the Authorization
   * header makes one) gets the 404 without CORS headers, and the browser blocks the request.
   */
  const notRest = (hint) =>
    inNode ? { code: 'ERR_HTTP_STATUS', status: 404, message: 'The store answered HTTP 404 without a WordPress error body.', hint } : blocked;

  const pick = (object, names) => Object.fromEntries(names.map((n) => [n, object[n]]));
  const idsOf = (response) => response.data.map((p) => p.id);
  const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  /**
   * The sandbox's log of REST calls (method, path, the query as it arrived with secrets
   * redacted, status, auth), without the CORS preflights a page sends before some of them.
   */
  const restLog = async (store) => (await env.state(store)).requests.filter((r) => r.kind === 'rest' && r.method !== 'OPTIONS');

  for (const scheme of SCHEMES) {
    test(`${scheme}: create, read, update, list, delete a product`, async () => {
      const { api, requests } = client('crud', scheme);
      const name = `Scarf (${scheme})`;
      const created = await api.post('products', { name, regular_price: '21.50', sku: `SCARF-${scheme}` });
      equal(created.status, 201);
      const { id } = created.data;
      ok(Number.isInteger(id) && id > 22, `a new id after the 12 seeded products: ${id}`);
      deepEqual(pick(created.data, ['name', 'slug', 'type', 'status', 'sku', 'regular_price', 'price', 'on_sale']), {
        name,
        slug: `scarf-${scheme}`,
        type: 'simple',
        status: 'publish',
        sku: `SCARF-${scheme}`,
        regular_price: '21.50',
        price: '21.50',
        on_sale: false,
      });
      equal(created.data._links.self[0].href, `${origin('crud', scheme)}/wp-json/wc/v3/products/${id}`);

      const read = await api.get(`products/${id}`);
      equal(read.status, 200);
      deepEqual(read.data, created.data, 'read gives what create answered');

      const updated = await api.put(`products/${id}`, { name: `Wool ${name}`, sale_price: '19.00' });
      equal(updated.status, 200);
      deepEqual(pick(updated.data, ['id', 'name', 'slug', 'regular_price', 'sale_price', 'price', 'on_sale']), {
        id,
        name: `Wool ${name}`,
        slug: `wool-scarf-${scheme}`,
        regular_price: '21.50',
        sale_price: '19.00',
        price: '19.00',
        on_sale: true,
      });

      const listed = await api.get('products', { search: `wool scarf (${scheme})` });
      deepEqual(idsOf(listed), [id]);
      equal(listed.headers['x-wp-total'], '1');

      const described = await api.options('products');
      equal(described.status, 200);
      deepEqual(pick(described.data, ['namespace', 'methods']), { namespace: 'wc/v3', methods: ['GET', 'POST'] });

      const removed = await api.delete(`products/${id}`, { force: true });
      equal(removed.status, 200);
      equal(removed.data.id, id);
      await rejects(api.get(`products/${id}`), { code: 'woocommerce_rest_product_invalid_id', status: 404, message: 'Invalid ID.', hint: null }, 'crud');

      deepEqual(
        requests.map((r) => [r.method, r.auth, r.attempt]),
        ['POST', 'GET', 'PUT', 'GET', 'OPTIONS', 'DELETE', 'GET'].map((m) => [m, AUTH[scheme], 0]),
      );
    });

    test(`${scheme}: paginate walks 3 pages by X-WP-TotalPages, then stops`, async () => {
      const { api, requests } = client('pages', scheme);
      const pages = [];
      for await (const page of api.paginate('products', { per_page: 5, orderby: 'id', order: 'asc' })) pages.push(page);
      deepEqual(pages.map(idsOf), [range(11, 15), range(16, 20), range(21, 22)]);
      deepEqual(
        pages.map((p) => [p.status, p.headers['x-wp-total'], p.headers['x-wp-totalpages']]),
        [[200, '12', '3'], [200, '12', '3'], [200, '12', '3']],
      );
      equal(pages[0].headers.link, `<${origin('pages', scheme)}/wp-json/wc/v3/products?per_page=5&orderby=id&order=asc&page=2>; rel="next"`);
      deepEqual(
        requests.map((r) => r.url),
        [1, 2, 3].map((n) => `${origin('pages', scheme)}/wp-json/wc/v3/products?per_page=5&orderby=id&order=asc&page=${n}`),
      );
      // Without per_page: 100 a page, so one request.
      const all = [];
      for await (const page of api.paginate('products', { orderby: 'id', order: 'asc' })) all.push(idsOf(page));
      deepEqual(all, [range(11, 22)]);
    });

    test(`${scheme}: nested and array parameters arrive as PHP reads them (and are signed so)`, async () => {
      const { api, requests } = client('params', scheme);
      const listed = await api.get('products', {
        include: [12, 14, 16],
        orderby: 'id',
        order: 'asc',
        meta: { color: 'red', size: ['s m', 'l&xl'], note: "o'clock + 5" },
        tag: 'ünï',
      });
      deepEqual(idsOf(listed), [12, 14, 16], 'include[] filtered the list');
      const query = 'include[]=12&include[]=14&include[]=16&orderby=id&order=asc&meta[color]=red&meta[size][]=s%20m&meta[size][]=l%26xl&meta[note]=o%27clock%20%2B%205&tag=%C3%BCn%C3%AF';
      equal(requests[0].url, `${origin('params', scheme)}/wp-json/wc/v3/products?${query}`);
      const log = await restLog('params');
      equal(log.at(-1).query, query, 'the query the store received');
      equal(log.at(-1).status, 200);
      equal(log.at(-1).outcome, 'authenticated');
      // A comma list is what WordPress also accepts for an array of ids.
      deepEqual(idsOf(await api.get('products', { include: '13,15', orderby: 'id', order: 'asc' })), [13, 15]);
      await rejects(
        api.get('products', { include: ['x'] }),
        { code: 'rest_invalid_param', status: 400, message: 'Invalid parameter(s): include', hint: null },
        'params',
      );
    });

    test(`${scheme}: plain permalinks (/?rest_route=) with permalinks: 'plain'`, async () => {
      const base = origin('plain', scheme);
      const pretty = client('plain', scheme).api;
      await rejects(pretty.get('products'), notRest(/permalinks: 'plain'/), 'plain');
      const { api, requests } = client('plain', scheme, { permalinks: 'plain' });
      const page = await api.get('products', { per_page: 5, page: 2, orderby: 'id', order: 'asc' });
      deepEqual(idsOf(page), range(16, 20));
      equal(requests[0].url, `${base}/?rest_route=/wc/v3/products&per_page=5&page=2&orderby=id&order=asc`);
      equal(page.data[0]._links.self[0].href, `${base}/?rest_route=/wc/v3/products/16`);
      equal(page.data[0].permalink, `${base}/?product=${page.data[0].slug}`);
      const walked = [];
      for await (const p of api.paginate('products', { per_page: 5 })) walked.push(p.data.length);
      deepEqual(walked, [5, 5, 2]);
      const created = await api.post('products', { name: `Plain ${scheme}` });
      equal(created.status, 201);
      equal((await api.get(`products/${created.data.id}`)).data.name, `Plain ${scheme}`);
      equal((await api.delete(`products/${created.data.id}`, { force: true })).status, 200);
      ok(requests.every((r) => r.auth === AUTH[scheme]));
    });

    test(`${scheme}: a store in a subdirectory (/shop)`, async () => {
      const base = origin('subdir', scheme);
      await rejects(client('subdir', scheme).api.get('products'), notRest(/store URL/), 'subdir');
      for (const path of ['/shop', '/shop/']) {
        const { api, requests } = client('subdir', scheme, { path });
        const listed = await api.get('products', { per_page: 3, orderby: 'id', order: 'asc' });
        deepEqual(idsOf(listed), [11, 12, 13]);
        equal(requests[0].url, `${base}/shop/wp-json/wc/v3/products?per_page=3&orderby=id&order=asc`);
        equal(listed.data[0].permalink, `${base}/shop/product/beanie/`);
        const created = await api.post('products', { name: `Shop ${scheme} ${path.length}` });
        equal(created.status, 201);
        equal(created.data._links.self[0].href, `${base}/shop/wp-json/wc/v3/products/${created.data.id}`);
        equal((await api.delete(`products/${created.data.id}`, { force: true })).status, 200);
      }
    });

    test(`${scheme}: a server that strips Authorization: refused, then fine with queryStringAuth`, async () => {
      const stripped = client('strip', scheme);
      await rejects(
        stripped.api.get('products'),
        { code: 'woocommerce_rest_cannot_view', status: 401, message: 'Sorry, you cannot list resources.', hint: /queryStringAuth: true/ },
        'strip',
      );
      await rejects(
        stripped.api.post('products', { name: 'Never made' }),
        { code: 'woocommerce_rest_cannot_create', status: 401, message: 'Sorry, you are not allowed to create resources.', hint: /queryStringAuth: true/ },
        'strip',
      );
      const { api, requests } = client('strip', scheme, { queryStringAuth: true });
      const listed = await api.get('products', { include: [11, 12], meta: { a: ['1', '2'] }, orderby: 'id', order: 'asc' });
      deepEqual(idsOf(listed), [11, 12]);
      if (scheme === 'http' && !inNode) {
        // A page sends a JSON POST after a CORS preflight, and the preflight carries the query:
        // the store checks the POST's OAuth signature against OPTIONS and refuses it, so the
        // browser blocks the POST. Over HTTP, such a store can only be read from a page.
        await rejects(api.post('products', { name: 'Never made' }), blocked, 'strip');
        const preflight = (await env.state('strip')).requests.filter((r) => r.method === 'OPTIONS').at(-1);
        deepEqual([preflight.status, preflight.message], [401, 'Invalid signature - provided signature does not match.']);
        equal((await api.get('products', { search: 'Never made' })).data.length, 0);
        return;
      }
      const created = await api.post('products', { name: `Query auth ${scheme}` });
      equal(created.status, 201);
      equal((await api.delete(`products/${created.data.id}`, { force: true })).status, 200);
      ok(requests.every((r) => r.auth === QUERY_AUTH[scheme]), JSON.stringify(requests.map((r) => r.auth)));
      const { consumerKey, consumerSecret } = env.stores.strip.keys.read_write;
      for (const r of requests) {
        ok(!r.url.includes(consumerKey) && !r.url.includes(consumerSecret), `hooks see the key or secret: ${r.url}`);
        ok(r.url.includes(`${scheme === 'http' ? 'oauth_consumer_key' : 'consumer_key'}=ck_…${consumerKey.slice(-7)}`), r.url);
      }
      const log = (await restLog('strip')).slice(-3);
      deepEqual(
        log.map((r) => [r.method, r.status, r.auth]),
        [['GET', 200], ['POST', 201], ['DELETE', 200]].map(([m, s]) => [m, s, scheme === 'http' ? 'oauth1' : 'query']),
      );
      ok(log[0].query.startsWith('include[]=11&include[]=12&meta[a][]=1&meta[a][]=2&orderby=id&order=asc&'), log[0].query);
    });

    test(`${scheme}: 429 is retried on GET, never on POST`, async () => {
      // The store answers its first 2 REST requests 429 with Retry-After: 1.
      const store = scheme === 'http' ? 'limitHttp' : 'limitHttps';
      const { api, requests, responses } = client(store, scheme);
      await rejects(
        api.post('products', { name: 'Posted once' }),
        { code: 'sandbox_rate_limited', status: 429, message: 'Too many requests. Please wait and try again.', hint: null },
        store,
      );
      equal(requests.length, 1, 'POST is not sent again');
      const started = Date.now();
      const listed = await api.get('products', { per_page: 1 });
      const waited = Date.now() - started;
      equal(listed.status, 200);
      deepEqual(requests.slice(1).map((r) => [r.method, r.attempt]), [['GET', 0], ['GET', 1]]);
      deepEqual(responses.map((r) => [r.method, r.status, r.code ?? null]), [
        ['POST', 429, 'sandbox_rate_limited'],
        ['GET', 429, 'sandbox_rate_limited'],
        ['GET', 200, null],
      ]);
      // Node reads Retry-After: 1. A page cannot (WordPress does not expose it to CORS), so the
      // client waits its own back-off, 500 ms.
      const least = inNode ? 1000 : 500;
      ok(waited >= least, `waited ${waited} ms before retrying, expected at least ${least}`);
      const log = await restLog(store);
      deepEqual(log.map((r) => [r.method, r.status]), [['POST', 429], ['GET', 429], ['GET', 200]]);
      equal(listed.headers['x-wp-total'], '12', 'the refused POST created nothing');
    });
  }

  for (const scheme of SCHEMES) {
    test(`${scheme}: homeUrl, HMAC-SHA1, PATCH and HEAD through request()`, async () => {
      // The store's Site Address is http://shop.test:8080; it is reached at 127.0.0.1.
      const home = `${scheme}://shop.test:8080`;
      const typed = client('home', scheme);
      if (scheme === 'http') {
        await rejects(
          typed.api.get('products'),
          { code: 'woocommerce_rest_authentication_error', status: 401, message: 'Invalid signature - provided signature does not match.', hint: /pass homeUrl/ },
          'home',
        );
      } else {
        equal((await typed.api.get('products')).status, 200, 'Basic does not depend on the home URL');
      }
      const { api, requests } = client('home', scheme, { homeUrl: home, signatureMethod: 'HMAC-SHA1' });
      const listed = await api.get('products', { per_page: 2, orderby: 'id', order: 'asc' });
      deepEqual(idsOf(listed), [11, 12]);
      equal(listed.data[0]._links.self[0].href, `${home}/wp-json/wc/v3/products/11`);
      const patched = await api.request({ method: 'PATCH', path: 'products/13', body: { name: `Patched (${scheme})` } });
      deepEqual([patched.status, patched.data.id, patched.data.name], [200, 13, `Patched (${scheme})`]);
      const head = await api.request({ method: 'HEAD', path: 'products', query: { per_page: 1 } });
      deepEqual([head.status, head.data, head.headers['x-wp-total']], [200, '', '12']);
      deepEqual(requests.map((r) => [r.method, r.auth]), [['GET', AUTH[scheme]], ['PATCH', AUTH[scheme]], ['HEAD', AUTH[scheme]]]);
      const log = (await restLog('home')).slice(-3);
      deepEqual(log.map((r) => [r.method, r.status, r.outcome]), [['GET', 200, 'authenticated'], ['PATCH', 200, 'authenticated'], ['HEAD', 200, 'authenticated']]);
    });
  }

  test('http: clock skew is measured from Date and the request signed again (store exposes Date)', async () => {
    // The store's clock is an hour behind; it exposes Date to pages (rest_exposed_cors_headers).
    const { api, requests, responses } = client('skewExposed', 'http');
    const listed = await api.get('products', { per_page: 2 });
    equal(listed.status, 200);
    deepEqual(responses.map((r) => [r.status, r.code ?? null]), [[401, 'woocommerce_rest_authentication_error'], [200, null]]);
    equal(requests.length, 2);
    // The offset is kept: the next calls are right the first time.
    equal((await api.post('products', { name: 'On store time' })).status, 201);
    equal(requests.length, 3);
    const log = await restLog('skewExposed');
    deepEqual(log.map((r) => [r.method, r.status, r.message]), [
      ['GET', 401, 'Invalid timestamp.'],
      ['GET', 200, null],
      ['POST', 201, null],
    ]);
  });

  test(`http: clock skew with WordPress's CORS headers (Date hidden from pages)`, async () => {
    // The store's clock is an hour ahead and, like WordPress, exposes only X-WP-Total,
    // X-WP-TotalPages and Link to pages. Node sees Date and recovers; a page cannot see it, so
    // the client tries +30 and -30 minutes, which cannot reach an hour, and reports the store's
    // answer after those two guesses.
    const { api, requests } = client('skew', 'http');
    if (inNode) {
      equal((await api.get('products', { per_page: 1 })).status, 200);
      equal(requests.length, 2);
    } else {
      await rejects(
        api.get('products', { per_page: 1 }),
        { code: 'woocommerce_rest_authentication_error', status: 401, message: 'Invalid timestamp.', hint: /clocks differ/ },
        'skew',
      );
      equal(requests.length, 3, 'two guessed retries without a Date to measure');
    }
    // Over HTTPS (Basic) there is no timestamp: the skew does not matter.
    const secure = client('skew', 'https');
    equal((await secure.api.get('products', { per_page: 1 })).status, 200);
    equal(secure.requests.length, 1);
  });

  test('http: Invalid timestamp beyond recovery (Date from a proxy with the right time)', async () => {
    // A CDN in front of a store whose clock is an hour ahead answers with its own, correct, Date:
    // the measured offset is 0, the one retry fails the same way, and the error surfaces.
    const cdnFetch = async (url, init) => {
      const response = await fetch(url, init);
      const headers = new Headers(response.headers);
      headers.set('Date', new Date().toUTCString());
      return new Response(await response.arrayBuffer(), { status: response.status, statusText: response.statusText, headers });
    };
    const { api, requests } = client('skew', 'http', { fetch: cdnFetch });
    await rejects(
      api.get('products'),
      { code: 'woocommerce_rest_authentication_error', status: 401, message: 'Invalid timestamp.', hint: /clocks differ/ },
      'skew',
    );
    equal(requests.length, 2, 'one retry after measuring, no more');
  });

  for (const scheme of SCHEMES) {
    test(`${scheme}: each WooCommerce error surfaces as WooCommerceError with its code`, async () => {
      const store = 'errors';
      const unknownKey = `ck_${'0123456789'.repeat(4)}`;
      const wrongSecret = `cs_${'fedcba9876'.repeat(4)}`;
      const auth = (message, hint) => ({ code: 'woocommerce_rest_authentication_error', status: 401, message, hint });

      const stranger = client(store, scheme, { consumerKey: unknownKey, consumerSecret: wrongSecret }).api;
      if (scheme === 'http') {
        await rejects(stranger.get('products'), auth('Consumer key is invalid.', /does not know this key/), store);
      } else {
        // WooCommerce ignores Basic credentials with an unknown key: the request goes on
        // without a user, and the route refuses it.
        await rejects(
          stranger.get('products'),
          { code: 'woocommerce_rest_cannot_view', status: 401, message: 'Sorry, you cannot list resources.', hint: /unknown or revoked consumer key this way/ },
          store,
        );
      }
      const wrong = client(store, scheme, { consumerSecret: wrongSecret }).api;
      await rejects(
        wrong.get('products'),
        scheme === 'http'
          ? auth('Invalid signature - provided signature does not match.', /another signature/)
          : auth('Consumer secret is invalid.', /secret is wrong/),
        store,
      );
      await rejects(
        client(store, scheme, { key: 'read' }).api.post('products', { name: 'Read-only' }),
        auth('The API key provided does not have write permissions.', /Read only/),
        store,
      );
      await rejects(
        client(store, scheme, { key: 'write' }).api.get('products'),
        auth('The API key provided does not have read permissions.', /Write only/),
        store,
      );

      const { api } = client(store, scheme);
      await rejects(
        api.get('no_such_route'),
        { code: 'rest_no_route', status: 404, message: 'No route was found matching the URL and request method.', hint: /No such endpoint/ },
        store,
      );
      const invalidId = (status) => ({ code: 'woocommerce_rest_product_invalid_id', status, message: 'Invalid ID.', hint: null });
      await rejects(api.get('products/9999'), invalidId(404), store);
      await rejects(api.put('products/9999', { name: 'x' }), invalidId(400), store);
      await rejects(api.delete('products/9999', { force: true }), invalidId(404), store);
      const trashedId = scheme === 'http' ? 11 : 12;
      equal((await api.delete(`products/${trashedId}`)).data.status, 'trash');
      await rejects(
        api.delete(`products/${trashedId}`),
        { code: 'woocommerce_rest_already_trashed', status: 410, message: 'The product has already been deleted.', hint: null },
        store,
      );
      const tooMany = await rejects(
        api.get('products', { per_page: 500 }),
        { code: 'rest_invalid_param', status: 400, message: 'Invalid parameter(s): per_page', hint: null },
        store,
      );
      deepEqual(tooMany.data.params, { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' });
      await rejects(
        api.post('products', { name: 'Twin', sku: 'SBX-13' }),
        { code: 'product_invalid_sku', status: 400, message: 'Invalid or duplicated SKU.', hint: null },
        store,
      );
      await rejects(
        api.post('products', { id: 13, name: 'Again' }),
        { code: 'woocommerce_rest_product_exists', status: 400, message: 'Cannot create existing product.', hint: null },
        store,
      );
      const badType = await rejects(
        api.post('products', { name: 7, status: 'sold' }),
        { code: 'rest_invalid_param', status: 400, message: 'Invalid parameter(s): name, status', hint: null },
        store,
      );
      deepEqual(Object.keys(badType.data.params), ['name', 'status']);
    });
  }

  test('http: a replayed nonce is refused (Invalid nonce)', async () => {
    // A fetch that sends the first request's Authorization header again, as a replay would.
    let first;
    const replaying = (url, init) => {
      first ??= init.headers.Authorization;
      return fetch(url, { ...init, headers: { ...init.headers, Authorization: first } });
    };
    const { api } = client('errors', 'http', { fetch: replaying });
    equal((await api.get('products/13')).status, 200);
    await rejects(
      api.get('products/13'),
      { code: 'woocommerce_rest_authentication_error', status: 401, message: 'Invalid nonce - nonce has already been used.', hint: null },
      'errors',
    );
  });

  for (const scheme of SCHEMES) {
    test(`${scheme}: no answer: timeout, abort, refused connection${scheme === 'https' ? ', untrusted certificate' : ''}`, async () => {
      const silent = withScheme(env.silentUrl, scheme);
      const slow = client('errors', scheme, { url: silent, timeout: 300 });
      const started = Date.now();
      await rejects(
        slow.api.get('products'),
        { code: 'ERR_HTTP_TIMEOUT', status: 0, message: 'The store did not answer in time.', hint: /raise the timeout option/ },
        'errors',
      );
      const waited = Date.now() - started;
      ok(waited >= 300 && waited < 5000, `timed out after ${waited} ms`);
      deepEqual(slow.responses, [], 'no answer, no onResponse');

      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const patient = client('errors', scheme, { url: silent, timeout: 0 }).api;
      await rejects(
        patient.request({ method: 'GET', path: 'products', signal: controller.signal }),
        { code: 'ERR_HTTP_ABORTED', status: 0, message: 'The request was aborted by its signal.', hint: null },
        'errors',
      );

      const refused = client('errors', scheme, { url: withScheme(env.closedUrl, scheme) }).api;
      await rejects(
        refused.get('products'),
        inNode
          ? { code: 'ERR_HTTP_NETWORK', status: 0, message: 'The store could not be reached (ECONNREFUSED).', hint: /the port/ }
          : blocked,
        'errors',
      );

      if (scheme === 'https') {
        // A certificate from a CA nobody was told to trust: Node says why; a page only sees a
        // failed fetch.
        await rejects(
          client('selfSigned', 'https').api.get('products'),
          inNode
            ? { code: 'ERR_HTTP_TLS', status: 0, message: /^The store's HTTPS certificate was not accepted \([A-Z_]+\)\.$/, hint: /NODE_EXTRA_CA_CERTS/ }
            : blocked,
          'selfSigned',
        );
      }
    });
  }

  test('http: a redirect to https is not followed', async () => {
    const https = env.stores.redirect.httpsUrl;
    const { api } = client('redirect', 'http');
    if (inNode) {
      await rejects(
        api.get('products'),
        { code: 'ERR_HTTP_REDIRECT', status: 301, message: `The store redirected the request to ${https}/wp-json/wc/v3/products.`, hint: /not followed/ },
        'redirect',
      );
    } else {
      // The OAuth header makes the page send a CORS preflight first; the store redirects that
      // too, and a redirected preflight is a network error to the page.
      await rejects(api.get('products'), blocked, 'redirect');
      // Without the header (OAuth in the query) there is no preflight, but the 301 carries no
      // CORS headers (a web server's redirect, not WordPress's), so the browser blocks it too.
      await rejects(client('redirect', 'http', { queryStringAuth: true }).api.get('products'), blocked, 'redirect');
    }
    // What the error says to do works.
    equal((await client('redirect', 'https').api.get('products', { per_page: 1 })).status, 200);
  });

  for (const scheme of SCHEMES) {
    test(`${scheme}: webhook deliveries the store signs verify; a tampered one does not; the ping is recognised`, async () => {
      const { api } = client('hooks', scheme);
      const secret = `e2e ${scheme} s3cret & more`;
      const receiver = await env.startReceiver(secret);
      const created = await api.post('webhooks', { name: `E2E ${scheme}`, topic: 'product.updated', delivery_url: receiver.url, secret });
      equal(created.status, 201);
      const hook = created.data;
      deepEqual(pick(hook, ['topic', 'resource', 'event', 'status', 'delivery_url']), {
        topic: 'product.updated',
        resource: 'product',
        event: 'updated',
        status: 'active',
        delivery_url: receiver.url,
      });

      // WooCommerce pings the delivery URL when the webhook is saved: unsigned, `webhook_id=N`.
      const [ping] = (await env.receiverLog(receiver.id)).deliveries;
      equal(ping.body, `webhook_id=${hook.id}`);
      equal(ping.headers['x-wc-webhook-signature'], undefined);
      equal(ping.status, 200, 'createWebhookHandler answered the ping');
      deepEqual(wc.verifyWebhook({ body: ping.body, signature: ping.headers['x-wc-webhook-signature'], secret }), { valid: false, ping: true, webhookId: hook.id });

      const productId = scheme === 'http' ? 13 : 14;
      const updated = await api.put(`products/${productId}`, { name: `Changed over ${scheme}` });
      const log = await waitFor(() => env.receiverLog(receiver.id), (l) => l.deliveries.length >= 2 && l.events.length >= 1, 'the delivery');
      equal(log.deliveries.length, 2, 'the ping and one delivery');
      const delivery = log.deliveries[1];
      const header = (name) => delivery.headers[`x-wc-webhook-${name}`];
      deepEqual([header('topic'), header('resource'), header('event'), header('id'), header('source')], [
        'product.updated',
        'product',
        'updated',
        String(hook.id),
        `${env.stores.hooks.httpUrl}/`,
      ]);
      ok(/^[0-9a-f]{16,}$/.test(header('delivery-id')), header('delivery-id'));
      deepEqual(JSON.parse(delivery.body), updated.data, 'the payload is the product as the API answered it');
      equal(delivery.status, 200, 'createWebhookHandler accepted the delivery');

      // Checked again here, in this runtime, from the raw body.
      const signature = header('signature');
      deepEqual(wc.verifyWebhook({ body: delivery.body, signature, secret }), { valid: true, ping: false, webhookId: null });
      deepEqual(wc.verifyWebhook({ body: new TextEncoder().encode(delivery.body), signature, secret }).valid, true);
      const tampered = delivery.body.replace(`Changed over ${scheme}`, 'Changed by someone else');
      ok(tampered !== delivery.body);
      equal(wc.verifyWebhook({ body: tampered, signature, secret }).valid, false, 'tampered body');
      equal(wc.verifyWebhook({ body: delivery.body, signature, secret: `${secret}!` }).valid, false, 'other secret');
      equal(wc.verifyWebhook({ body: delivery.body, signature: undefined, secret }).valid, false, 'unsigned delivery');

      const events = [];
      const handler = wc.createWebhookHandler({ secret, onEvent: (e) => events.push(e) });
      const headers = Object.fromEntries(Object.entries(delivery.headers).filter(([n]) => n.startsWith('x-wc-webhook-') || n === 'content-type'));
      const post = (body) => handler(new Request('http://127.0.0.1/wc-webhook', { method: 'POST', headers, body }));
      equal((await post(tampered)).status, 401);
      equal((await post(delivery.body)).status, 200);
      await waitFor(async () => events.length, (n) => n === 1, 'onEvent');
      const expectedEvent = {
        topic: 'product.updated',
        resource: 'product',
        event: 'updated',
        webhookId: String(hook.id),
        deliveryId: header('delivery-id'),
        source: `${env.stores.hooks.httpUrl}/`,
        payload: updated.data,
      };
      deepEqual(events[0], expectedEvent);
      deepEqual(log.events, [expectedEvent], 'the receiver passed on the same event');

      // The store records a delivery once it has read the receiver's answer.
      const deliveries = await waitFor(
        async () => (await env.state('hooks')).deliveries.filter((d) => d.webhook_id === hook.id),
        (list) => list.length >= 2,
        "the store's delivery log",
      );
      deepEqual(deliveries.map((d) => [d.kind, d.response_code]), [['ping', 200], ['delivery', 200]]);
      equal((await api.delete(`webhooks/${hook.id}`, { force: true })).status, 200);
    });
  }
}
