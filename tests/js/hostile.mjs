// Hostile input for every export (fast-check): each call returns, or throws an Error that has a
// string `code`; none traps in WebAssembly (RuntimeError), and the module keeps working after each.
// Runs in Node (hostile.test.mjs) and in headless Chromium (browser-main.mjs).

import { equal, ok } from './assert.mjs';

const KEY = 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';
const SECRET = 'cs_13579bdf2468ace013579bdf2468ace013579bdf';
const RUNS = 150;

/** The options of `new Signer(…)` in both entries. */
export const SIGNER_OPTIONS = ['consumerKey', 'consumerSecret', 'signatureMethod', 'placement', 'homeUrl', 'strict'];

/** A value built to hurt: wrong types, huge or broken strings, deep nesting, odd numbers. */
export function hostile(fc) {
  const deep = (depth) => {
    let value = 'x';
    for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
    return value;
  };
  return fc.oneof(
    fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }),
    fc.constantFrom(
      undefined, null, NaN, -0, Infinity, -Infinity, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308,
      '', '\u0000', '\ud800', '\udfff\ud800', 'ck_', 'cs_', '%', '%zz', '+', '&&&', '[[[', ']]]', 'a[b][c][d]',
      'x'.repeat(1024 * 1024), '€'.repeat(100_000), '%'.repeat(50_000), '[]'.repeat(10_000),
      deep(200), deep(5000), [], {}, () => 1, Symbol('s'), new Uint8Array(4), Promise.resolve(1),
    ),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 100 }),
  );
}

/** An options object with the function's own option names (and some others), hostile values. */
export function options(fc, names) {
  return fc.oneof(
    hostile(fc),
    fc.dictionary(fc.constantFrom(...names, 'constructor', '__proto__', 'toString', 'extra'), hostile(fc), { maxKeys: names.length + 2 }),
    fc.record(Object.fromEntries(names.map((n) => [n, hostile(fc)])), { requiredKeys: [] }),
  );
}

function checkThrown(error, label) {
  ok(!(error instanceof WebAssembly.RuntimeError), `${label}: WebAssembly trapped: ${error}`);
  ok(error instanceof Error, `${label}: threw a non-Error: ${String(error)}`);
  equal(typeof error.code, 'string', `${label}: error without a code: ${error.name}: ${error.message}`);
}

export function defineHostile(test, wc, fc) {
  const still = () => {
    const signed = wc.sign({ method: 'GET', url: 'http://h/wp-json/wc/v3', consumerKey: KEY, consumerSecret: SECRET, timestamp: 1795000000, nonce: 'n' });
    equal(signed.baseString.length > 0, true, 'the module still signs');
  };

  const sync = {
    sign: [['method', 'url', 'consumerKey', 'consumerSecret', 'form', 'signatureMethod', 'placement', 'timestamp', 'clockOffset', 'nonce', 'homeUrl', 'strict']],
    explainSignature: [['method', 'url', 'request', 'consumerSecret', 'form', 'authorization', 'homeUrl', 'baseString']],
    validateCredentials: [['consumerKey', 'consumerSecret']],
    authorizeUrl: [['storeUrl', 'appName', 'scope', 'userId', 'returnUrl', 'callbackUrl', 'permalinks', 'allowLocalCallback']],
    createAuthorization: [['storeUrl', 'appName', 'scope', 'userId', 'returnUrl', 'callbackUrl', 'permalinks', 'allowLocalCallback']],
    verifyWebhook: [['body', 'signature', 'secret']],
  };

  for (const [name, [names]] of Object.entries(sync)) {
    test(`hostile input: ${name}`, () => {
      fc.assert(
        fc.property(options(fc, names), (value) => {
          try {
            wc[name](value);
          } catch (error) {
            checkThrown(error, name);
          }
          still();
        }),
        { numRuns: RUNS },
      );
    });
  }

  test('hostile input: Signer', () => {
    const signer = new wc.Signer({ consumerKey: KEY, consumerSecret: SECRET });
    fc.assert(
      fc.property(options(fc, SIGNER_OPTIONS), hostile(fc), hostile(fc), options(fc, ['nonce', 'timestamp', 'clockOffset']), (config, a, b, stamp) => {
        const calls = [
          () => new wc.Signer(config),
          () => signer.authorization(a, b, stamp),
          () => signer.authorization('GET', typeof a === 'string' ? a : 'http://h/', stamp),
          () => signer.authorization('GET', 'http://h/wp-json/wc/v3', stamp),
          () => signer.sign(stamp),
          () => signer.sign({ method: 'POST', url: 'http://h/wp-json/wc/v3/orders', form: a }),
          () => signer.sign({ method: 'GET', url: typeof b === 'string' ? `http://h/${b}` : 'http://h/', nonce: stamp?.nonce }),
        ];
        for (const call of calls) {
          try {
            call();
          } catch (error) {
            checkThrown(error, 'Signer');
          }
        }
        still();
      }),
      { numRuns: RUNS },
    );
  });

  const positional = ['basicAuthHeader', 'validateConsumerKey', 'redact', 'maskKey', 'keyHash', 'verifyAuthorizationReturn', 'parseCallback', 'addKeyUrl', 'keysAdminUrl', 'describeScope', 'errorCodes'];
  test('hostile input: functions with positional arguments', () => {
    for (const name of positional) {
      fc.assert(
        fc.property(hostile(fc), hostile(fc), (a, b) => {
          try {
            wc[name](a, b);
          } catch (error) {
            checkThrown(error, name);
          }
          still();
        }),
        { numRuns: RUNS },
      );
    }
  });

  test('hostile input: WooCommerceRestApi, createCallbackHandler, createWebhookHandler, beginAuthorization', () => {
    const names = ['url', 'consumerKey', 'consumerSecret', 'version', 'wpAPIPrefix', 'queryStringAuth', 'signatureMethod', 'timeout', 'homeUrl', 'permalinks', 'retries'];
    const makers = {
      WooCommerceRestApi: (v) => new wc.WooCommerceRestApi(v),
      createCallbackHandler: (v) => wc.createCallbackHandler(v),
      createWebhookHandler: (v) => wc.createWebhookHandler(v),
      beginAuthorization: (v) => wc.beginAuthorization(v),
    };
    for (const [label, make] of Object.entries(makers)) {
      fc.assert(
        fc.property(options(fc, [...names, 'onKeys', 'secret', 'onEvent', 'mode', 'scope', 'storeUrl']), (value) => {
          try {
            const made = make(value);
            // Popup mode may open nothing and reject later; keep the rejection handled.
            if (made && typeof made.then === 'function') made.then(() => {}, (e) => checkThrown(e, label));
          } catch (error) {
            checkThrown(error, label);
          }
          still();
        }),
        { numRuns: RUNS },
      );
    }
  });

  test('hostile input: async APIs reject with coded errors, never a trap', async () => {
    // checkKeys and the client's calls with hostile options and parameters; a fetch that answers
    // garbage stands in for a hostile store.
    const garbage = async () => new Response('\u0000{"code":', { status: 401, headers: { 'Content-Type': 'application/json' } });
    const samples = fc.sample(options(fc, ['storeUrl', 'consumerKey', 'consumerSecret', 'need', 'timeout']), { numRuns: RUNS });
    for (const value of samples) {
      const opts = value && typeof value === 'object' && !Array.isArray(value) ? { ...value, fetch: garbage } : value;
      await wc.checkKeys(opts).then(
        (report) => ok(typeof report.ok === 'boolean', 'a report'),
        (error) => checkThrown(error, 'checkKeys'),
      );
      still();
    }
    const api = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch: garbage, retries: 0 });
    for (const params of fc.sample(hostile(fc), { numRuns: RUNS })) {
      for (const call of [() => api.get('products', params), () => api.post('products', params, params), () => api.request(params)]) {
        try {
          await call().then(() => {}, (error) => checkThrown(error, 'client'));
        } catch (error) {
          checkThrown(error, 'client (synchronous)');
        }
      }
      still();
    }
    for (const value of fc.sample(hostile(fc), { numRuns: RUNS })) {
      try {
        wc.completeAuthorization(value);
      } catch (error) {
        checkThrown(error, 'completeAuthorization');
      }
    }
    still();
  });

  test('hostile input: huge parameter values and deep forms are signed or refused, never trapped', () => {
    const url = `http://h/wp-json/wc/v3/products?q=${'a'.repeat(1024 * 1024)}`;
    const signed = wc.sign({ method: 'GET', url, consumerKey: KEY, consumerSecret: SECRET });
    ok(signed.baseString.length > 1024 * 1024, 'a 1 MB value is signed');
    let deepForm = { leaf: '1' };
    for (let i = 0; i < 10_000; i += 1) deepForm = { n: deepForm };
    try {
      wc.sign({ method: 'POST', url: 'http://h/x', consumerKey: KEY, consumerSecret: SECRET, form: deepForm });
    } catch (error) {
      checkThrown(error, 'deep form');
    }
    still();
  });
}
