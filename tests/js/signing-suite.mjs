// `wc-keys/signer` (the small signing module) against the main entry, which the rest of the
// suites check against WooCommerce: for every vector and for arbitrary methods and URLs, the same
// header, or the same error. Runs in Node (signing.test.mjs) and in headless Chromium
// (browser-main.mjs).

import { deepEqual, equal, ok, throwsCode } from './assert.mjs';

const KEY = 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';
const SECRET = 'cs_13579bdf2468ace013579bdf2468ace013579bdf';
const URL_ = 'http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10';
const STAMP = { nonce: 'kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA', timestamp: 1795000000 };

/** What a call gave: its value, or its error's name, code and message. */
function outcome(call) {
  try {
    return { value: call() };
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) throw error;
    return { name: error?.name, code: error?.code, message: error?.message };
  }
}

/**
 * @param {(name: string, fn: () => void) => void} test
 * @param {typeof import('wc-keys/signer')} signing
 * @param {typeof import('wc-keys')} wc
 * @param {{ vectors: any[] }} data  tests/vectors/woocommerce-server.json
 * @param {typeof import('fast-check').default} fc
 */
export function defineSigningSuite(test, signing, wc, data, fc) {
  test('wc-keys/signer exports Signer, basicAuthHeader and init', async () => {
    deepEqual(Object.keys(signing).sort(), ['Signer', 'basicAuthHeader', 'init']);
    equal(await signing.init(), undefined);
  });

  test("wc-keys/signer: every WooCommerce vector's header, as the main entry gives it", () => {
    let compared = 0;
    for (const v of data.vectors) {
      if (v.form != null) continue;
      const config = { consumerKey: v.consumerKey, consumerSecret: v.consumerSecret, signatureMethod: v.signatureMethod, homeUrl: v.homeUrl };
      const small = new signing.Signer(config);
      const main = new wc.Signer(config);
      equal(small.signatureMethod, main.signatureMethod, `signature method of ${v.name}`);
      const stamp = { nonce: v.nonce, timestamp: v.timestamp };
      const header = small.authorization(v.method, v.url, stamp);
      equal(header, main.authorization(v.method, v.url, stamp), `header of ${v.name}`);
      ok(header.includes(`oauth_signature="${encodeURIComponent(v.signature)}"`), `${v.name}: WooCommerce's signature in ${header}`);
      small.free();
      main.free();
      compared += 1;
    }
    ok(compared >= 20, `${compared} vectors without a form body`);
    // A store reached under another name signs with its home URL: the header must follow it.
    const renamed = { consumerKey: KEY, consumerSecret: SECRET, homeUrl: 'https://store.example/shop' };
    const local = 'http://127.0.0.1:8080/shop/wp-json/wc/v3/orders?page=2';
    const header = new signing.Signer(renamed).authorization('GET', local, STAMP);
    equal(header, new wc.Signer(renamed).authorization('GET', local, STAMP), 'homeUrl');
    ok(header !== new signing.Signer({ consumerKey: KEY, consumerSecret: SECRET }).authorization('GET', local, STAMP), 'homeUrl changes the signature');
    equal(signing.basicAuthHeader(KEY, SECRET), wc.basicAuthHeader(KEY, SECRET));
  });

  test('wc-keys/signer refuses what the main entry refuses, with the same code and message', () => {
    const base = { consumerKey: KEY, consumerSecret: SECRET };
    const configs = [
      { ...base, consumerSecret: '' },
      { ...base, consumerKey: SECRET, strict: true },
      { ...base, strict: true, consumerKey: 'ck_1' },
      { ...base, signatureMethod: 'PLAINTEXT' },
      { ...base, placement: 'body' },
      { ...base, homeUrl: 'shop.example' },
      { ...base, colour: 'red' },
      { ...base, url: URL_ },
      [],
      null,
      'ck_',
    ];
    for (const config of configs) {
      const small = outcome(() => new signing.Signer(config));
      ok(small.code, `refused: ${JSON.stringify(config)}`);
      deepEqual(small, outcome(() => new wc.Signer(config)), `new Signer(${JSON.stringify(config)})`);
    }
    // Wrong types: the main entry's serde words these its own way; the code is the same.
    for (const config of [{ consumerKey: KEY }, { ...base, consumerSecret: 42 }, { ...base, strict: 'yes' }, { ...base, homeUrl: {} }]) {
      const small = throwsCode(() => new signing.Signer(config), 'ERR_INPUT_INVALID', JSON.stringify(config));
      equal(small.name, 'WcKeysError');
      throwsCode(() => new wc.Signer(config), 'ERR_INPUT_INVALID', `main entry: ${JSON.stringify(config)}`);
    }
    const small = new signing.Signer(base);
    const main = new wc.Signer(base);
    const requests = [
      ['GE T', URL_, STAMP],
      ['GET', 'shop', STAMP],
      ['GET', 'ftp://shop.example/', STAMP],
      ['GET', URL_, { ...STAMP, nonce: 'a b' }],
      ['GET', URL_, { ...STAMP, timestamp: 1.5 }],
      ['GET', URL_, { ...STAMP, timestamp: -1 }],
      ['GET', URL_, { form: 'a=1' }],
      ['GET', URL_, null],
      [undefined, URL_],
      ['GET', new URL(URL_)],
      ['GET', URL_, { nonce: 42 }],
    ];
    for (const args of requests) {
      const got = outcome(() => small.authorization(...args));
      ok(got.code, `refused: ${String(args[0])} ${String(args[1])}`);
      deepEqual(got, outcome(() => main.authorization(...args)), `authorization(${args.map(String).join(', ')})`);
    }
    const query = { ...base, placement: 'query' };
    deepEqual(outcome(() => new signing.Signer(query).authorization('GET', URL_)), outcome(() => new wc.Signer(query).authorization('GET', URL_)), 'query placement');
    deepEqual(outcome(() => signing.basicAuthHeader('', SECRET)), outcome(() => wc.basicAuthHeader('', SECRET)), 'basic, empty key');
    deepEqual(outcome(() => signing.basicAuthHeader('ck:1', SECRET)), outcome(() => wc.basicAuthHeader('ck:1', SECRET)), 'basic, colon');
    throwsCode(() => signing.basicAuthHeader(KEY), 'ERR_INPUT_INVALID', 'basic, no secret');
    small.free();
    small.free();
    throwsCode(() => small.authorization('GET', URL_), 'ERR_INPUT_INVALID', 'used after free');
    equal(Object.hasOwn(small, 'sign') || 'sign' in small, false, 'no sign(): that is the main entry');
  });

  test('wc-keys/signer agrees with the main entry on arbitrary methods, URLs and stamps', () => {
    const small = new signing.Signer({ consumerKey: KEY, consumerSecret: SECRET });
    const main = new wc.Signer({ consumerKey: KEY, consumerSecret: SECRET });
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom('GET', 'post', 'PUT', '', ' GET', 'G\u0000T', 'http://h/?a[]=1&a[b]=2&c', 'http://h/%zz?%', 'https://[::1]:8080/x?y=%E2%82%AC'),
    );
    const stamp = fc.record(
      {
        nonce: fc.oneof(fc.constant(STAMP.nonce), fc.string({ maxLength: 40 })),
        timestamp: fc.oneof(fc.constant(STAMP.timestamp), fc.double(), fc.integer()),
      },
      { requiredKeys: ['nonce', 'timestamp'] },
    );
    fc.assert(
      fc.property(text, text, stamp, (method, url, s) => {
        deepEqual(outcome(() => small.authorization(method, url, s)), outcome(() => main.authorization(method, url, s)), `${JSON.stringify([method, url, s])}`);
      }),
      { numRuns: 300 },
    );
    ok(small.authorization('GET', URL_).startsWith('OAuth '), 'still signing');
    small.free();
    main.free();
  });
}
