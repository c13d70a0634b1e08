// Compatibility with @woocommerce/woocommerce-rest-api 1.0.2 (Node only: it runs on axios):
// one script (list, create, read, update, search, trash, delete, errors, batch) with plain
// parameters, run with each client against a fresh sandbox store of its own, over HTTP (OAuth
// 1.0a: the official client puts it in the query, wc-keys in the header) and over HTTPS (Basic,
// both). Results are compared as `status` and `data`; what differs by construction is
// normalised: the store's origin (each store has its own ports) and the dates (each store seeds
// its products relative to when it started). Ids are not normalised: both stores number alike.
//
// Then every place where the official client fails and wc-keys does not, asserted as such.
import assert from 'node:assert/strict';
import Official from '@woocommerce/woocommerce-rest-api';
import WooCommerceRestApi, { WooCommerceError } from 'wc-keys';
import { startStore } from './client-e2e-env.mjs';

// The official package is CommonJS with `exports.default` (no "exports" map, so Node ignores its
// index.mjs): from an ES module its default import is the exports object, not the class.
const OfficialApi = Official.default;

const DATE_FIELDS = new Set(['date_created', 'date_created_gmt', 'date_modified', 'date_modified_gmt']);

/** `value` with the store's origin written `<store>` and the product dates `<date>`. */
function normalize(value, origin) {
  if (Array.isArray(value)) return value.map((v) => normalize(v, origin));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (DATE_FIELDS.has(k)) {
          assert.match(v, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, k);
          return [k, '<date>'];
        }
        return [k, normalize(v, origin)];
      }),
    );
  }
  return typeof value === 'string' ? value.replaceAll(origin, '<store>') : value;
}

/** What a failed call tells: status, WooCommerce's code and message, and its `data`. */
function failure(error, origin) {
  if (error instanceof WooCommerceError) {
    // wc-keys' message is WooCommerce's own; what to do is in `hint`.
    if (error.hint) assert.ok(!error.message.includes(error.hint), error.message);
    return normalize({ status: error.status, code: error.code, message: error.message, data: error.data }, origin);
  }
  // axios: the store's answer is on `response`; `code` is axios's own.
  assert.equal(error?.name, 'AxiosError', `${error}`);
  assert.equal(error.code, error.response.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST');
  const body = error.response.data;
  return normalize({ status: error.response.status, code: body.code, message: body.message, data: body.data }, origin);
}

async function outcome(call, origin) {
  try {
    const r = await call();
    return { status: r.status, total: r.headers['x-wp-total'] ?? null, data: normalize(r.data, origin) };
  } catch (error) {
    return { failed: failure(error, origin) };
  }
}

/** The script: each step's outcome by name. Plain parameters only. */
async function script(api, origin) {
  const steps = {};
  const run = async (name, call) => {
    steps[name] = await outcome(call, origin);
    return steps[name];
  };
  await run('list page 2', () => api.get('products', { per_page: 4, page: 2, orderby: 'id', order: 'asc' }));
  const { data: created } = await run('create', () =>
    api.post('products', { name: 'Compat Mug', regular_price: '9.50', sku: 'COMPAT-1', manage_stock: true, stock_quantity: 3 }),
  );
  const id = created?.id;
  await run('read', () => api.get(`products/${id}`));
  await run('read, query in the endpoint', () => api.get(`products/${id}?context=edit`));
  await run('update', () => api.put(`products/${id}`, { name: 'Compat Mug XL', sale_price: '7.00' }));
  await run('search', () => api.get('products', { search: 'compat mug', status: 'publish' }));
  await run('trash', () => api.delete(`products/${id}`));
  await run('trash again', () => api.delete(`products/${id}`));
  await run('delete', () => api.delete(`products/${id}`, { force: true }));
  await run('read deleted', () => api.get(`products/${id}`));
  await run('duplicate sku', () => api.post('products', { name: 'Twin', sku: 'SBX-13' }));
  await run('bad page size', () => api.get('products', { per_page: 0 }));
  await run('batch', () => api.post('products/batch', { create: [{ name: 'B1' }], update: [{ id: 12, regular_price: '1.00' }], delete: [13] }));
  await run('no route', () => api.get('no_such_route'));
  await run('options', () => api.options('products'));
  return steps;
}

const storeUrl = (store, scheme) => (scheme === 'http' ? store.info.httpUrl : store.info.httpsUrl);
const restLog = async (store) => (await store.state()).requests.filter((r) => r.kind === 'rest');

/** Runs `fn(store)` with a fresh store started with `args`. */
async function withStore(args, fn) {
  const store = await startStore(args);
  try {
    return await fn(store);
  } finally {
    await store.stop();
  }
}

/** A client of each kind for `store`. */
function clients(store, scheme, options = {}) {
  const config = { url: storeUrl(store, scheme), ...store.info.keys.read_write, ...options };
  return { official: new OfficialApi(config), ours: new WooCommerceRestApi(config) };
}

/** Awaits a call that must fail with a store answer; returns what `failure` reads from it. */
async function refused(promise, origin) {
  try {
    await promise;
  } catch (error) {
    return failure(error, origin);
  }
  assert.fail('the call succeeded');
}

export function defineCompatibility(test) {
  for (const scheme of ['http', 'https']) {
    test(`compat ${scheme}: the same script gives the same status and data with both clients`, async () => {
      const [theirs, ours] = await Promise.all(
        [OfficialApi, WooCommerceRestApi].map((Client) =>
          withStore([], async (store) => {
            const origin = storeUrl(store, scheme);
            const steps = await script(new Client({ url: origin, ...store.info.keys.read_write }), origin);
            return { steps, log: await restLog(store) };
          }),
        ),
      );
      assert.deepEqual(ours.steps, theirs.steps);

      // The results are the store's, not an agreement on nonsense.
      const s = ours.steps;
      assert.deepEqual(s['list page 2'].data.map((p) => p.id), [15, 16, 17, 18]);
      assert.equal(s['list page 2'].total, '12');
      assert.equal(s.create.status, 201);
      assert.deepEqual(s.read, { ...s.create, status: 200 });
      assert.deepEqual([s.update.data.name, s.update.data.price, s.update.data.on_sale], ['Compat Mug XL', '7.00', true]);
      assert.deepEqual(s.search.data.map((p) => p.id), [s.create.data.id]);
      assert.equal(s.trash.data.status, 'trash');
      assert.deepEqual(s['trash again'].failed.code, 'woocommerce_rest_already_trashed');
      assert.equal(s.delete.status, 200);
      assert.deepEqual(s['read deleted'].failed, { status: 404, code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
      assert.equal(s['duplicate sku'].failed.code, 'product_invalid_sku');
      assert.equal(s['bad page size'].failed.code, 'rest_invalid_param');
      assert.deepEqual(Object.keys(s.batch.data), ['create', 'update', 'delete']);
      assert.equal(s['no route'].failed.code, 'rest_no_route');
      assert.deepEqual(s.options.data.methods, ['GET', 'POST']);

      // Each authenticated as expected; over HTTP the official client signs in the query (and
      // sends the query twice: its own, then again from the OAuth parameters).
      const auth = scheme === 'http' ? 'oauth1' : 'basic';
      for (const { log } of [theirs, ours]) {
        assert.equal(log.length, Object.keys(s).length);
        assert.ok(log.every((r) => r.auth === auth), JSON.stringify(log.map((r) => r.auth)));
      }
      const listQuery = (log) => log[0].query;
      if (scheme === 'http') {
        assert.match(listQuery(theirs.log), /^order=asc&orderby=id&page=2&per_page=4&oauth_consumer_key=…[0-9a-f]{7}&oauth_nonce=\w+&oauth_signature_method=\[redacted\]&oauth_timestamp=\d+&oauth_version=1\.0&order=asc&orderby=id&page=2&per_page=4&oauth_signature=\[redacted\]$/);
      } else {
        assert.equal(listQuery(theirs.log), 'per_page=4&page=2&orderby=id&order=asc');
      }
      assert.equal(listQuery(ours.log), 'per_page=4&page=2&orderby=id&order=asc');
    });
  }

  test('compat: errors are AxiosError there, WooCommerceError here; the ES module default export', async () => {
    assert.equal(typeof Official, 'object', 'the official default import is not the class');
    assert.equal(typeof OfficialApi, 'function');
    assert.equal(typeof WooCommerceRestApi, 'function');
    await withStore([], async (store) => {
      const { official, ours } = clients(store, 'https');
      const theirs = await official.get('products/999').catch((e) => e);
      assert.equal(theirs.name, 'AxiosError');
      assert.equal(theirs.code, 'ERR_BAD_REQUEST');
      assert.equal(theirs.response.data.code, 'woocommerce_rest_product_invalid_id');
      const mine = await ours.get('products/999').catch((e) => e);
      assert.ok(mine instanceof WooCommerceError);
      assert.equal(mine.code, 'woocommerce_rest_product_invalid_id');
    });
  });

  test('compat: the port option goes into the URL with both clients, over HTTP (signed with it) and HTTPS', async () => {
    await withStore([], async (store) => {
      for (const scheme of ['http', 'https']) {
        const { protocol, hostname, port } = new URL(storeUrl(store, scheme));
        // As the official README writes it: the port apart, as a string.
        const config = { url: `${protocol}//${hostname}`, port, ...store.info.keys.read_write };
        const query = { per_page: 3, orderby: 'id', order: 'asc' };
        const theirs = await new OfficialApi(config).get('products', query);
        const ours = await new WooCommerceRestApi(config).get('products', query);
        assert.deepEqual([ours.status, ours.data.map((p) => p.id)], [theirs.status, theirs.data.map((p) => p.id)], scheme);
        assert.deepEqual(ours.data.map((p) => p.id), [11, 12, 13], scheme);
      }
      const log = await restLog(store);
      assert.deepEqual(log.map((r) => [r.status, r.auth]), [[200, 'oauth1'], [200, 'oauth1'], [200, 'basic'], [200, 'basic']]);
    });
  });

  test('compat difference: an array of 11+ values over HTTP; the official signature is refused', async () => {
    // oauth-1.0a sorts the encoded names (include%5B1%5D before include%5B10%5D); WooCommerce
    // keeps the order PHP received them in (include[0], include[10], include[1], …).
    const ids = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
    await withStore([], async (store) => {
      const { official, ours } = clients(store, 'http');
      assert.deepEqual(await refused(official.get('products', { include: ids, per_page: 20 }), store.info.httpUrl), {
        status: 401,
        code: 'woocommerce_rest_authentication_error',
        message: 'Invalid signature - provided signature does not match.',
        data: { status: 401 },
      });
      const listed = await ours.get('products', { include: ids, per_page: 20, orderby: 'id', order: 'asc' });
      assert.deepEqual(listed.data.map((p) => p.id), ids);
      // With 10 values the official client is accepted, and over HTTPS (no signature) always.
      assert.equal((await official.get('products', { include: ids.slice(0, 10), per_page: 20 })).data.length, 10);
      const secure = clients(store, 'https');
      assert.equal((await secure.official.get('products', { include: ids, per_page: 20 })).data.length, 11);
    });
  });

  test('compat difference: nested parameters over HTTP; the official client sends [object Object] and comma lists', async () => {
    const params = { include: [12, 14], orderby: 'id', order: 'asc', meta: { size: ['s', 'l'] }, filter: { meta: { key: 'color' } } };
    await withStore([], async (store) => {
      const { official, ours } = clients(store, 'http');
      // Both are accepted (the official client signs what it sends), but it sends other values.
      assert.deepEqual((await official.get('products', params)).data.map((p) => p.id), [12, 14]);
      assert.deepEqual((await ours.get('products', params)).data.map((p) => p.id), [12, 14]);
      const [theirs, mine] = (await restLog(store)).map((r) => r.query);
      assert.ok(theirs.startsWith('filter[meta]=%5Bobject%20Object%5D&include[0]=12&include[1]=14&meta[size]=s%2Cl&order=asc&orderby=id&oauth_consumer_key='), theirs);
      assert.equal(mine, 'include[]=12&include[]=14&orderby=id&order=asc&meta[size][]=s&meta[size][]=l&filter[meta][key]=color');
      // Over HTTPS axios writes them as PHP reads them.
      const secure = clients(store, 'https');
      await secure.official.get('products', params);
      assert.equal((await restLog(store)).at(-1).query, 'include%5B%5D=12&include%5B%5D=14&orderby=id&order=asc&meta%5Bsize%5D%5B0%5D=s&meta%5Bsize%5D%5B1%5D=l&filter%5Bmeta%5D%5Bkey%5D=color');
    });
  });

  test('compat difference: a parameter name with a dot or a space over HTTP (PHP reads it as _)', async () => {
    await withStore([], async (store) => {
      const { official, ours } = clients(store, 'http');
      for (const name of ['a.b', 'a b']) {
        const failed = await refused(official.get('products', { [name]: 'x', per_page: 1 }), store.info.httpUrl);
        assert.equal(failed.message, 'Invalid signature - provided signature does not match.', name);
        assert.equal((await ours.get('products', { [name]: 'x', per_page: 1 })).status, 200, name);
      }
    });
  });

  test('compat difference: plain permalinks; the official client has no way to reach /?rest_route=', async () => {
    await withStore(['--plain-permalinks'], async (store) => {
      for (const scheme of ['http', 'https']) {
        const { official } = clients(store, scheme);
        const theirs = await official.get('products').catch((e) => e);
        assert.equal(theirs.response.status, 404);
        const ours = new WooCommerceRestApi({ url: storeUrl(store, scheme), ...store.info.keys.read_write, permalinks: 'plain' });
        assert.equal((await ours.get('products')).data.length, 10);
      }
    });
  });

  test('compat difference: a store clock an hour ahead; the official client stays refused', async () => {
    await withStore(['--clock-skew', '3600'], async (store) => {
      const { official, ours } = clients(store, 'http');
      assert.equal((await refused(official.get('products'), store.info.httpUrl)).message, 'Invalid timestamp.');
      assert.equal((await ours.get('products')).status, 200);
    });
  });

  test('compat difference: a server that strips Authorization; the official client signs in the query over HTTP', async () => {
    await withStore(['--strip-authorization'], async (store) => {
      // HTTP: the official client always puts OAuth in the query, so it gets through; wc-keys
      // uses the header (a page's preflight would carry the query) unless queryStringAuth.
      const http = clients(store, 'http');
      assert.equal((await http.official.get('products')).status, 200);
      assert.equal((await refused(http.ours.get('products'), store.info.httpUrl)).code, 'woocommerce_rest_cannot_view');
      const oursInQuery = new WooCommerceRestApi({ url: store.info.httpUrl, ...store.info.keys.read_write, queryStringAuth: true });
      assert.equal((await oursInQuery.get('products')).status, 200);
      // HTTPS: both send Basic by default and are refused; both get through with queryStringAuth.
      const https = clients(store, 'https');
      assert.equal((await refused(https.official.get('products'), store.info.httpsUrl)).code, 'woocommerce_rest_cannot_view');
      assert.equal((await refused(https.ours.get('products'), store.info.httpsUrl)).code, 'woocommerce_rest_cannot_view');
      const inQuery = clients(store, 'https', { queryStringAuth: true });
      assert.equal((await inQuery.official.get('products')).status, 200);
      assert.equal((await inQuery.ours.get('products')).status, 200);
    });
  });

  test('compat difference: 429 on a GET; the official client does not retry', async () => {
    const [theirs, ours] = await Promise.all(
      [OfficialApi, WooCommerceRestApi].map((Client) =>
        withStore(['--rate-limit', '1'], async (store) => {
          const api = new Client({ url: store.info.httpsUrl, ...store.info.keys.read_write });
          return outcome(() => api.get('products', { per_page: 1 }), store.info.httpsUrl);
        }),
      ),
    );
    assert.deepEqual(theirs.failed, { status: 429, code: 'sandbox_rate_limited', message: 'Too many requests. Please wait and try again.', data: { status: 429 } });
    assert.equal(ours.status, 200);
  });
}
