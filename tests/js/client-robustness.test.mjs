// The client, checkKeys and the handlers when they are handed something unusual: an aborted
// signal (before the call, during a retry wait), options of the wrong type or with a name no
// function reads, a port, a fetch failure in Node, webhook deliveries and callbacks larger than
// a cut-off, a body without Content-Length. Node only: each check stands up a store of its own
// on 127.0.0.1 (node:http) or hands the client a fetch that counts its calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import WooCommerceRestApi, {
  WooCommerceError,
  checkKeys,
  createCallbackHandler,
  createWebhookHandler,
  toNodeListener,
  verifyWebhook,
} from 'wc-keys';

const KEY = 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';
const SECRET = 'cs_13579bdf2468ace013579bdf2468ace013579bdf';
const CREDENTIALS = { consumerKey: KEY, consumerSecret: SECRET };

/**
 * A server on 127.0.0.1 that records each request (method, URL, body size) and answers it with
 * `respond(req, body, seen)` (`{ status, headers, body }`), or hands it to `listener` as is.
 */
async function serve({ respond, listener } = {}) {
  const seen = [];
  const server = createServer(listener ?? (async (req, res) => {
    let size = 0;
    for await (const chunk of req) size += chunk.length;
    seen.push({ method: req.method, url: req.url, size });
    const { status = 200, headers = {}, body = '[]' } = (await respond?.(req, size, seen)) ?? {};
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(body);
  }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/** A fetch that answers from `answers` in turn (the last one again when they run out), and counts. */
function scripted(answers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const { status = 200, headers = {}, body = '[]' } = answers[Math.min(calls.length, answers.length) - 1];
    return new Response(body, { status, headers: { 'Content-Type': 'application/json', ...headers } });
  };
  return { fetch, calls };
}

/** What a promise rejected with (it must reject). */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection, the promise resolved');
}

/** What a call threw (it must throw). */
function thrown(call) {
  try {
    call();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error, nothing was thrown');
}

/** An ERR_INPUT_INVALID whose message says `words`, and shows neither the key nor the secret. */
function assertInvalid(error, words) {
  assert.equal(error?.name, 'WcKeysError', `${error}`);
  assert.equal(error.code, 'ERR_INPUT_INVALID');
  for (const word of [].concat(words)) assert.ok(error.message.includes(word), `${JSON.stringify(error.message)} should say ${JSON.stringify(word)}`);
  assert.ok(!error.message.includes(SECRET.slice(3, 20)) && !error.message.includes(KEY.slice(3, 20)), error.message);
}

const base64Hmac = (body, secret) => createHmac('sha256', secret).update(body).digest('base64');

// 1. A signal aborted before the call.

test('an already-aborted signal rejects with ERR_HTTP_ABORTED at once, and nothing reaches the store', async () => {
  const store = await serve();
  try {
    const attempts = [];
    const api = new WooCommerceRestApi({ url: store.url, ...CREDENTIALS, onRequest: (r) => attempts.push(r) });
    const error = await rejection(api.request({ path: 'products', signal: AbortSignal.abort() }));
    assert.ok(error instanceof WooCommerceError, `${error}`);
    assert.deepEqual([error.code, error.status, error.message], ['ERR_HTTP_ABORTED', 0, 'The request was aborted by its signal.']);
    assert.deepEqual([error.request.method, error.request.auth], ['GET', 'oauth-header']);
    // A POST, with a reason of the caller's own.
    const controller = new AbortController();
    controller.abort(new Error('the user left the page'));
    assert.equal((await rejection(api.request({ method: 'POST', path: 'products', body: {}, signal: controller.signal }))).code, 'ERR_HTTP_ABORTED');
    assert.deepEqual(store.seen, [], 'no request reached the store');
    assert.deepEqual(attempts, [], 'no attempt was reported to onRequest');
    // A signal that is not aborted lets the request through.
    assert.equal((await api.request({ path: 'products', signal: new AbortController().signal })).status, 200);
    assert.equal(store.seen.length, 1);
  } finally {
    await store.close();
  }
});

test('checkKeys with an already-aborted signal rejects with its reason before any request; aborted mid-check, the same', async () => {
  let release;
  const store = await serve({
    respond: async () => {
      await new Promise((resolve) => {
        release = resolve;
      });
      return { body: '{}' };
    },
  });
  try {
    const reason = new Error('stopped by the caller');
    const options = { storeUrl: store.url, ...CREDENTIALS };
    assert.equal(await rejection(checkKeys({ ...options, signal: AbortSignal.abort(reason) })), reason);
    assert.deepEqual(store.seen, [], 'no request reached the store');
    const controller = new AbortController();
    const checking = checkKeys({ ...options, signal: controller.signal });
    while (!release) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(reason);
    assert.equal(await rejection(checking), reason);
    release();
  } finally {
    await store.close();
  }
});

test('checkKeys refuses a signal, timeout or fetch of the wrong type before any request', async () => {
  const seen = [];
  const fetch = async (url) => {
    seen.push(url);
    throw new TypeError('fetch failed');
  };
  const options = { storeUrl: 'https://shop.example', ...CREDENTIALS, fetch };
  assertInvalid(await rejection(checkKeys({ ...options, signal: 'x' })), ['signal option of checkKeys', 'AbortSignal', 'got a string']);
  assertInvalid(await rejection(checkKeys({ ...options, timeout: 'abc' })), ['timeout option of checkKeys', 'got a string']);
  assertInvalid(await rejection(checkKeys({ ...options, timeout: -5 })), ['timeout option of checkKeys', 'got -5']);
  assertInvalid(await rejection(checkKeys({ ...options, fetch: 'x' })), ['fetch option of checkKeys', 'must be a function']);
  assertInvalid(await rejection(checkKeys({ ...options, timout: 5 })), ["unknown option 'timout'; the options are storeUrl, consumerKey, consumerSecret, need, signal, fetch, timeout"]);
  assert.deepEqual(seen, [], 'nothing was requested');
});

// 2. A signal aborted while the client waits to retry.

test('aborting during a retry wait (503, Retry-After: 30) rejects with ERR_HTTP_ABORTED at once', async () => {
  const store = await serve({ respond: () => ({ status: 503, headers: { 'Retry-After': '30' }, body: '{}' }) });
  try {
    const controller = new AbortController();
    const api = new WooCommerceRestApi({
      url: store.url,
      ...CREDENTIALS,
      // The first answer is in: the client is about to wait 30 s before trying again.
      onResponse: () => setTimeout(() => controller.abort(), 20),
    });
    const started = Date.now();
    const error = await rejection(api.request({ path: 'products', signal: controller.signal }));
    assert.ok(error instanceof WooCommerceError, `the signal's own reason came through: ${error}`);
    assert.deepEqual([error.code, error.status, error.request.method], ['ERR_HTTP_ABORTED', 0, 'GET']);
    assert.ok(Date.now() - started < 5000, `rejected after ${Date.now() - started} ms, not after the wait`);
    assert.equal(store.seen.length, 1, 'no retry after the abort');
  } finally {
    await store.close();
  }
});

test('a request with retries leaves no listener on its signal', async () => {
  const busy = { status: 503, headers: { 'Retry-After': '0' }, body: '{}' };
  const { fetch, calls } = scripted([busy, busy, busy, { body: '[{"id":1}]' }]);
  const api = new WooCommerceRestApi({ url: 'https://shop.example', ...CREDENTIALS, retries: 3, fetch });
  const { signal } = new AbortController();
  assert.deepEqual((await api.request({ path: 'products', signal })).data, [{ id: 1 }]);
  assert.equal(calls.length, 4, 'three retries');
  assert.equal(getEventListeners(signal, 'abort').length, 0);
  // And when the retries run out.
  const failing = new WooCommerceRestApi({ url: 'https://shop.example', ...CREDENTIALS, retries: 2, fetch: scripted([busy]).fetch });
  assert.equal((await rejection(failing.request({ path: 'products', signal }))).status, 503);
  assert.equal(getEventListeners(signal, 'abort').length, 0);
});

// 3. toNodeListener reads what the handler accepts, and refuses more without calling it.

test('toNodeListener: a genuine 25 KB webhook delivery verifies (it was cut at 16 KiB and refused with 401)', async () => {
  const secret = 'hook secret';
  const events = [];
  const handler = createWebhookHandler({ secret, onEvent: (event) => events.push(event) });
  assert.equal(handler.maxBytes, 1024 * 1024);
  const store = await serve({ listener: toNodeListener(handler) });
  try {
    const order = { id: 93, line_items: Array.from({ length: 240 }, (_, i) => ({ id: i, name: `Mug with a long name, number ${i}`, sku: `MUG-${i}`, quantity: 1, total: '9.50', meta_data: [] })) };
    const body = JSON.stringify(order);
    assert.ok(body.length > 25_000, `${body.length} bytes`);
    const response = await fetch(`${store.url}/wc-webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-WC-Webhook-Signature': base64Hmac(body, secret), 'X-WC-Webhook-Topic': 'order.updated' },
      body,
    });
    assert.equal(response.status, 200, await response.text());
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(events.map((e) => [e.topic, e.payload]), [['order.updated', order]]);
  } finally {
    await store.close();
  }
});

test('toNodeListener: a body over the limit is answered 413 in JSON, the handler is not called, the connection goes on', async () => {
  const calls = [];
  const spy = async (request) => {
    calls.push(request.method);
    return new Response('OK');
  };
  const store = await serve({ listener: toNodeListener(spy, { maxBytes: 1000 }) });
  try {
    const post = (body, headers = {}) => fetch(store.url, { method: 'POST', headers, body, duplex: 'half' });
    const refused = async (response) => {
      assert.equal(response.status, 413);
      assert.match(response.headers.get('content-type'), /^application\/json/);
      assert.deepEqual(await response.json(), { code: 'ERR_BODY_TOO_LARGE', message: 'The body is larger than 1000 bytes; the handler was not called.' });
    };
    // Content-Length says so: refused without reading.
    await refused(await post('x'.repeat(1001)));
    // No Content-Length (chunked), 64 KiB chunks: refused once the limit is crossed.
    const chunks = (count) => new ReadableStream({
      start(controller) {
        for (let i = 0; i < count; i += 1) controller.enqueue(new Uint8Array(64 * 1024));
        controller.close();
      },
    });
    await refused(await post(chunks(32)));
    assert.deepEqual(calls, [], 'the handler saw neither');
    // The limit itself is fine, chunked or not.
    assert.equal((await post('x'.repeat(1000))).status, 200);
    assert.equal((await post(new ReadableStream({ start(c) { c.enqueue(new Uint8Array(1000)); c.close(); } }))).status, 200);
    assert.deepEqual(calls, ['POST', 'POST']);
  } finally {
    await store.close();
  }
});

test('toNodeListener: the limit is the handler\'s own unless maxBytes is given; 16 KiB for a handler without one', async () => {
  const kept = [];
  const callback = createCallbackHandler({ onKeys: (keys) => kept.push(keys), verifyUserId: () => true });
  assert.equal(callback.maxBytes, 16 * 1024);
  assert.equal(createCallbackHandler({ onKeys() {}, verifyUserId() {}, maxBytes: 2048 }).maxBytes, 2048);
  assert.equal(createCallbackHandler({ onKeys() {}, verifyUserId() {}, maxBytes: 1e6 }).maxBytes, 16 * 1024, 'at most 16 KiB');
  assert.equal(createWebhookHandler({ secret: 's', onEvent() {}, maxBytes: 4096 }).maxBytes, 4096);
  // maxBytes is the handler's to state, not the caller's to change.
  assert.throws(() => {
    callback.maxBytes = 1;
  }, TypeError);

  const sizes = [];
  const plain = async (request) => {
    sizes.push((await request.arrayBuffer()).byteLength);
    return new Response('OK');
  };
  const listeners = [
    ['callback', toNodeListener(callback), 16 * 1024],
    ['plain', toNodeListener(plain), 16 * 1024],
    ['plain, 64 KiB', toNodeListener(plain, { maxBytes: 64 * 1024 }), 64 * 1024],
    ['webhook, 2 KiB', toNodeListener(createWebhookHandler({ secret: 's', onEvent() {} }), { maxBytes: 2048 }), 2048],
  ];
  for (const [name, listener, limit] of listeners) {
    const store = await serve({ listener });
    try {
      const post = (size) => fetch(store.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: ' '.repeat(size) });
      const over = await post(limit + 1);
      assert.equal(over.status, 413, name);
      assert.equal((await over.json()).code, 'ERR_BODY_TOO_LARGE', name);
      assert.notEqual((await post(limit)).status, 413, `${name}: the limit itself is read`);
    } finally {
      await store.close();
    }
  }
  assert.deepEqual(sizes, [16 * 1024, 64 * 1024], 'the plain handler got whole bodies');
  assert.deepEqual(kept, []);
});

test('toNodeListener: a handler that throws is answered 500 in JSON, without its reason', async () => {
  const store = await serve({
    listener: toNodeListener(async () => {
      throw new Error(`lost ${SECRET}`);
    }),
  });
  try {
    const response = await fetch(store.url, { method: 'POST', body: '{}' });
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), { code: 'ERR_HANDLER_FAILED', message: 'The handler threw instead of answering.' });
  } finally {
    await store.close();
  }
});

// 4. Options read in JavaScript are checked, and unknown names refused (masked).

test('new WooCommerceRestApi refuses options of the wrong type, naming the option', () => {
  const make = (options) => thrown(() => new WooCommerceRestApi({ url: 'https://shop.example', ...CREDENTIALS, ...options }));
  assertInvalid(make({ fetch: 'x' }), ['fetch option', 'must be a function', 'got a string']);
  assertInvalid(make({ onRequest: 5 }), ['onRequest option', 'must be a function', 'got 5']);
  assertInvalid(make({ onResponse: {} }), ['onResponse option', 'must be a function', 'got an object']);
  assertInvalid(make({ timeout: 'abc' }), ['timeout option', 'whole number from 0 to 2147483647', 'milliseconds', 'got a string']);
  assertInvalid(make({ timeout: -1 }), ['timeout option', 'got -1']);
  assertInvalid(make({ timeout: 2 ** 31 }), ['timeout option', 'got 2147483648']);
  assertInvalid(make({ timeout: NaN }), ['timeout option', 'got NaN']);
  assertInvalid(make({ retries: -1 }), ['retries option', 'from 0 to 10', 'got -1']);
  assertInvalid(make({ retries: '2' }), ['retries option', 'got a string']);
  assertInvalid(make({ retries: 1.5 }), ['retries option', 'got 1.5']);
  // A typo's message lists every option, those read in JavaScript too.
  assertInvalid(make({ timout: 5 }), ["unknown option 'timout'", 'url, consumerKey', 'auth, port, timeout, fetch, retries, onRequest, onResponse']);
  // A key or secret passed by mistake as an option name is not quoted.
  assertInvalid(make({ [SECRET]: true }), ['unknown option (a name not shown: it may hold a key or a secret)']);
  assertInvalid(make({ [KEY]: true }), ['unknown option (a name not shown: it may hold a key or a secret)']);
  // What still works: null hooks and fetch, timeout 0, the official client's ignored options.
  const fine = new WooCommerceRestApi({ url: 'https://shop.example', ...CREDENTIALS, fetch: null, onRequest: null, onResponse: undefined, timeout: 0, retries: 0, encoding: 'utf8', axiosConfig: {}, classVersion: 'x' });
  assert.ok(fine instanceof WooCommerceRestApi);
});

test('request() refuses a signal that is not an AbortSignal and option names it does not read', async () => {
  const { fetch, calls } = scripted([{}]);
  const api = new WooCommerceRestApi({ url: 'https://shop.example', ...CREDENTIALS, fetch });
  assertInvalid(await rejection(api.request({ path: 'products', signal: 'x' })), ['signal option of request', 'AbortSignal', 'got a string']);
  assertInvalid(await rejection(api.request({ path: 'products', signal: {} })), ['signal option of request', 'got an object']);
  assertInvalid(await rejection(api.request({ path: 'products', timeout: 10 })), ["unknown option 'timeout'", 'the options are method, path, query, body, signal']);
  assertInvalid(await rejection(api.request({ path: 'products', params: { per_page: 1 } })), ["unknown option 'params'"]);
  const masked = await rejection(api.request({ path: 'products', [SECRET]: 1 }));
  assertInvalid(masked, ['unknown option (a name not shown: it may hold a key or a secret)']);
  assert.deepEqual(calls, [], 'nothing was sent');
  // null is no signal, as for fetch.
  assert.equal((await api.request({ path: 'products', signal: null })).status, 200);
});

test('verifyWebhook, createWebhookHandler, createCallbackHandler and toNodeListener refuse option names they do not read', () => {
  assertInvalid(thrown(() => verifyWebhook({ body: '{}', secret: 's', sig: 'x' })), ["unknown option 'sig'", 'the options are body, signature, secret']);
  assertInvalid(thrown(() => verifyWebhook({ body: '{}', secret: 's', [SECRET]: 'x' })), ['unknown option (a name not shown: it may hold a key or a secret)']);
  assertInvalid(thrown(() => createWebhookHandler({ secret: 's', onEvent() {}, onerror() {} })), ["unknown option 'onerror'", 'the options are secret, onEvent, onError, maxBytes']);
  assertInvalid(thrown(() => createWebhookHandler({ secret: 's', onEvent() {}, onError: 'log' })), ['onError option', 'must be a function']);
  assertInvalid(thrown(() => createWebhookHandler({ secret: 's', onEvent() {}, maxBytes: 'big' })), ['maxBytes option of createWebhookHandler', 'got a string']);
  assertInvalid(thrown(() => createWebhookHandler({ secret: 's', onEvent() {}, maxBytes: 0 })), ['maxBytes option', 'got 0']);
  assertInvalid(thrown(() => createCallbackHandler({ onKeys() {}, verifyUserId() {}, expectedUserId: 'u42' })), ["unknown option 'expectedUserId'", 'the options are onKeys, verifyUserId, expectedScope, maxBytes']);
  assertInvalid(thrown(() => createCallbackHandler({ onKeys() {}, verifyUserId() {}, maxBytes: NaN })), ['maxBytes option of createCallbackHandler', 'got NaN']);
  const handler = async () => new Response('OK');
  assertInvalid(thrown(() => toNodeListener(handler, { limit: 10 })), ["unknown option 'limit'", 'the options are maxBytes']);
  assertInvalid(thrown(() => toNodeListener(handler, { maxBytes: -5 })), ['maxBytes option of toNodeListener', 'got -5']);
});

// 5. port, as @woocommerce/woocommerce-rest-api takes it.

test('port is put into the URL, as the official client does; a wrong one is refused', async () => {
  const urlWith = async (options) => {
    const { fetch, calls } = scripted([{}]);
    await new WooCommerceRestApi({ ...CREDENTIALS, fetch, ...options }).get('products', { per_page: 1 });
    return calls[0].url;
  };
  assert.equal(await urlWith({ url: 'https://shop.example', port: '8443' }), 'https://shop.example:8443/wp-json/wc/v3/products?per_page=1');
  assert.equal(await urlWith({ url: 'https://shop.example/store/', port: 8443 }), 'https://shop.example:8443/store/wp-json/wc/v3/products?per_page=1');
  assert.equal(await urlWith({ url: 'https://shop.example:8443', port: '8443' }), 'https://shop.example:8443/wp-json/wc/v3/products?per_page=1');
  assert.equal(await urlWith({ url: 'https://shop.example', port: '' }), 'https://shop.example/wp-json/wc/v3/products?per_page=1', "'' is the official default: no port");
  // Over HTTP the port is part of what is signed.
  const signed = await urlWith({ url: 'http://127.0.0.1', port: 8081, queryStringAuth: true });
  assert.match(signed, /^http:\/\/127\.0\.0\.1:8081\/wp-json\/wc\/v3\/products\?per_page=1&oauth_consumer_key=/);
  const make = (options) => thrown(() => new WooCommerceRestApi({ url: 'https://shop.example', ...CREDENTIALS, ...options }));
  assertInvalid(make({ port: 'abc' }), ['port option', 'from 1 to 65535', 'got a string']);
  assertInvalid(make({ port: 0 }), ['port option', 'got 0']);
  assertInvalid(make({ port: 65536 }), ['port option', 'got 65536']);
  assertInvalid(make({ port: '80a' }), ['port option']);
  // Another port in url is refused, by the URL parser in WebAssembly, rather than replaced.
  const twice = make({ url: 'https://shop.example:8080', port: 8443 });
  assert.equal(twice.code, 'ERR_STORE_URL_INVALID');
  assert.match(twice.message, /names another port than the port option/);
  // Every form the parser reads gets the port (it used to be placed by a regular expression).
  for (const url of [' https://shop.example', 'https:\\shop.example', 'https:/shop.example']) {
    assert.equal(await urlWith({ url, port: 8443 }), 'https://shop.example:8443/wp-json/wc/v3/products?per_page=1', url);
  }
});

// 6. A fetch that fails in Node is not described as a browser's CORS refusal.

test('in Node, a fetch failure without a cause code is worded for Node, not for a browser', async () => {
  const api = new WooCommerceRestApi({
    url: 'https://shop.example',
    ...CREDENTIALS,
    fetch: async () => {
      throw new TypeError('fetch failed');
    },
  });
  const error = await rejection(api.get('products'));
  assert.equal(error.code, 'ERR_HTTP_NETWORK');
  assert.equal(error.message, 'The request did not reach the store: the fetch failed without saying why.');
  assert.doesNotMatch(`${error.message} ${error.hint}`, /browser|CORS|origin|preflight/i);
  assert.match(error.hint, /^Check the store URL \(scheme, host, port, folder\), that the store is up/);
  // With a cause code, Node's own words, as before: a port nobody listens on any more.
  const gone = await serve();
  await gone.close();
  const closed = await rejection(new WooCommerceRestApi({ url: gone.url, ...CREDENTIALS }).get('products'));
  assert.equal(closed.message, 'The store could not be reached (ECONNREFUSED).');
});

// 7. The callback's content type; webhook bodies read up to the limit.

test('createCallbackHandler takes application/json with or without parameters, and no other type', async () => {
  const handler = createCallbackHandler({ onKeys() {}, verifyUserId: () => true });
  const body = JSON.stringify({ key_id: 1, user_id: 'u42:s', consumer_key: KEY, consumer_secret: SECRET, key_permissions: 'read' });
  const status = async (type) => (await handler(new Request('https://app.example/cb', { method: 'POST', headers: { 'Content-Type': type }, body }))).status;
  for (const type of ['application/json', 'application/json; charset=UTF-8', 'APPLICATION/JSON;charset=utf-8', 'application/json ; charset=utf-8']) {
    assert.equal(await status(type), 200, type);
  }
  for (const type of ['application/json-patch+json', 'application/jsonx', 'application/json+ld', 'text/json', 'application/x-www-form-urlencoded']) {
    assert.equal(await status(type), 415, type);
  }
});

test('createWebhookHandler stops reading a body without Content-Length once it is over the limit', async () => {
  const secret = 'hook secret';
  const handler = createWebhookHandler({ secret, onEvent() {}, maxBytes: 256 * 1024 });
  let pulled = 0;
  const CHUNK = 64 * 1024;
  // 64 chunks of 64 KiB (4 MiB), made as they are read: the handler should take 5 and stop.
  const body = new ReadableStream({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new Uint8Array(CHUNK));
      if (pulled === 64) controller.close();
    },
  }, { highWaterMark: 0 });
  const request = new Request('https://app.example/hook', { method: 'POST', body, duplex: 'half', headers: { 'X-WC-Webhook-Signature': 'x' } });
  assert.equal(request.headers.get('content-length'), null);
  const response = await handler(request);
  assert.equal(response.status, 413);
  assert.ok(pulled <= 6, `read ${pulled} chunks of 64 KiB for a 256 KiB limit`);
  // Under the limit, the same kind of body is read whole and checked.
  const small = JSON.stringify({ id: 1 });
  const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(small)); c.close(); } });
  const ok = await handler(new Request('https://app.example/hook', { method: 'POST', body: stream, duplex: 'half', headers: { 'X-WC-Webhook-Signature': base64Hmac(small, secret) } }));
  assert.equal(ok.status, 200);
});

// 9. What the package README promises about the handlers' answers.

test('the package README lists every code the handlers answer with', () => {
  const readme = readFileSync(new URL('../../pkg-template/README.md', import.meta.url), 'utf8');
  const source = readFileSync(new URL('../../pkg-template/server.mjs', import.meta.url), 'utf8');
  const codes = new Set([...source.matchAll(/answer\(\d{3}, '(ERR_[A-Z_]+)'/g)].map((m) => m[1]));
  assert.ok(codes.size >= 7, [...codes].join(' '));
  for (const code of codes) assert.ok(readme.includes(`\`${code}\``), `pkg-template/README.md does not mention ${code}`);
});
