// `wc-keys/signer` (the small signing module) against the main entry, which the rest of the
// suites check against WooCommerce: for every vector and for arbitrary methods and URLs, the same
// header, or the same error. Runs in Node (signer-entry.test.mjs) and in headless Chromium
// (browser-main.mjs).

import { deepEqual, equal, ok, outcome, throwsCode } from './assert.mjs';
import { SIGNER_OPTIONS, hostile, options } from './hostile.mjs';

const KEY = 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';
const SECRET = 'cs_13579bdf2468ace013579bdf2468ace013579bdf';
const URL_ = 'http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10';
const STAMP = { nonce: 'kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA', timestamp: 1795000000 };

/**
 * @param {(name: string, fn: () => void) => void} test
 * @param {typeof import('wc-keys/signer')} signing
 * @param {typeof import('wc-keys')} wc
 * @param {{ vectors: any[] }} data  tests/vectors/woocommerce-server.json
 * @param {typeof import('fast-check').default} fc
 */
export function defineSignerEntrySuite(test, signing, wc, data, fc) {
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

  test("wc-keys/signer refuses bad input with the main entry's codes and messages", () => {
    const base = { consumerKey: KEY, consumerSecret: SECRET };
    // [input, code, words the message must contain]: checked on each entry, then the two compared.
    const configs = [
      [{ ...base, consumerSecret: '' }, 'ERR_CONSUMER_SECRET_INVALID', 'The consumer secret is not usable'],
      [{ ...base, consumerKey: SECRET, strict: true }, 'ERR_CONSUMER_KEY_INVALID', 'The consumer key is not usable'],
      [{ ...base, signatureMethod: 'PLAINTEXT' }, 'ERR_SIGNATURE_METHOD_INVALID', 'HMAC-SHA1 and HMAC-SHA256'],
      [{ ...base, placement: 'body' }, 'ERR_PLACEMENT_INVALID', "placement must be 'header'"],
      [{ ...base, homeUrl: 'shop.example' }, 'ERR_HOME_URL_INVALID', 'homeUrl is not usable'],
      [{ ...base, colour: 'red' }, 'ERR_INPUT_INVALID', "unknown option 'colour'; the options are consumerKey, consumerSecret, signatureMethod, placement, homeUrl, strict"],
      [{ ...base, url: URL_ }, 'ERR_INPUT_INVALID', "unknown option 'url'"],
      [[], 'ERR_INPUT_INVALID', 'pass an options object'],
      [null, 'ERR_INPUT_INVALID', 'pass an options object'],
      ['ck_', 'ERR_INPUT_INVALID', 'pass an options object'],
      [{ consumerKey: KEY }, 'ERR_INPUT_INVALID', 'consumerSecret is required'],
      [{ ...base, consumerSecret: 42 }, 'ERR_INPUT_INVALID', 'consumerSecret must be a string'],
      [{ ...base, strict: 'yes' }, 'ERR_INPUT_INVALID', 'strict must be a boolean'],
      [{ ...base, homeUrl: {} }, 'ERR_INPUT_INVALID', 'homeUrl must be a string'],
    ];
    for (const [config, code, words] of configs) {
      const small = throwsCode(() => new signing.Signer(config), code, `wc-keys/signer: ${JSON.stringify(config)}`);
      ok(small.message.includes(words), `${JSON.stringify(config)}: ${small.message}`);
      equal(small.name, 'WcKeysError');
      ok(!small.message.includes(SECRET.slice(3)), 'no secret in the message');
      deepEqual(outcome(() => new signing.Signer(config)), outcome(() => new wc.Signer(config)), `new Signer(${JSON.stringify(config)})`);
    }
    const small = new signing.Signer(base);
    const main = new wc.Signer(base);
    const requests = [
      [['GE T', URL_, STAMP], 'ERR_METHOD_INVALID', 'The HTTP method is not valid'],
      [['GET', 'shop', STAMP], 'ERR_URL_INVALID', 'it has no scheme'],
      [['GET', 'ftp://shop.example/', STAMP], 'ERR_URL_INVALID', 'only http:// and https://'],
      [['GET', URL_, { ...STAMP, nonce: 'a b' }], 'ERR_NONCE_INVALID', 'The nonce must be'],
      [['GET', URL_, { ...STAMP, timestamp: 1.5 }], 'ERR_TIMESTAMP_INVALID', 'whole number of seconds'],
      [['GET', URL_, { ...STAMP, timestamp: -1 }], 'ERR_TIMESTAMP_INVALID', 'not negative'],
      [['GET', URL_, { form: 'a=1' }], 'ERR_INPUT_INVALID', "unknown option 'form'; the options are nonce, timestamp, clockOffset"],
      [['GET', URL_, null], 'ERR_INPUT_INVALID', 'authorization takes an options object'],
      [['GET', URL_, { [SECRET]: 1 }], 'ERR_INPUT_INVALID', 'unknown option (a name not shown: it may hold a key or a secret)'],
      [[undefined, URL_], 'ERR_INPUT_INVALID', 'method must be a string'],
      [['GET', new URL(URL_)], 'ERR_INPUT_INVALID', 'url must be a string'],
      [['GET', URL_, { nonce: 42 }], 'ERR_INPUT_INVALID', 'nonce must be a string'],
    ];
    for (const [args, code, words] of requests) {
      const label = `authorization(${args.map(String).join(', ')})`;
      const got = throwsCode(() => small.authorization(...args), code, label);
      ok(got.message.includes(words), `${label}: ${got.message}`);
      deepEqual(outcome(() => small.authorization(...args)), outcome(() => main.authorization(...args)), label);
    }
    const query = { ...base, placement: 'query' };
    const refused = throwsCode(() => new signing.Signer(query).authorization('GET', URL_), 'ERR_INPUT_INVALID', 'query placement');
    ok(refused.message.includes("use signer.sign() from the main entry ('wc-keys')"), refused.message);
    for (const [key, secret, code, words] of [
      ['', SECRET, 'ERR_CONSUMER_KEY_INVALID', 'The consumer key is not usable'],
      ['ck:1', SECRET, 'ERR_CONSUMER_KEY_INVALID', 'colon'],
      [KEY, undefined, 'ERR_INPUT_INVALID', 'consumerSecret must be a string'],
    ]) {
      const error = throwsCode(() => signing.basicAuthHeader(key, secret), code, `basicAuthHeader(${key}, …)`);
      ok(error.message.includes(words), error.message);
    }
    small.free();
    small.free();
    const freed = throwsCode(() => small.authorization('GET', URL_), 'ERR_INPUT_INVALID', 'used after free');
    ok(freed.message.includes('was freed'), freed.message);
    equal('sign' in small, false, 'no sign(): that is the main entry');
    main.free();
  });

  test('hostile input: wc-keys/signer', () => {
    fc.assert(
      fc.property(options(fc, SIGNER_OPTIONS), hostile(fc), hostile(fc), (config, a, b) => {
        for (const call of [() => new signing.Signer(config), () => signing.basicAuthHeader(a, b)]) {
          const got = outcome(call);
          if (got.value === undefined) {
            equal(got.name, 'WcKeysError', `typed error: ${got.message}`);
            equal(typeof got.code, 'string', `a code: ${got.message}`);
          }
        }
        deepEqual(outcome(() => new signing.Signer(config).signatureMethod), outcome(() => new wc.Signer(config).signatureMethod), 'the main entry agrees');
      }),
      { numRuns: 150 },
    );
    ok(new signing.Signer({ consumerKey: KEY, consumerSecret: SECRET }).authorization('GET', URL_).startsWith('OAuth '), 'still signing');
  });

  test('wc-keys/signer agrees with the main entry on generated requests, most of them signed', () => {
    const small = new signing.Signer({ consumerKey: KEY, consumerSecret: SECRET });
    const main = new wc.Signer({ consumerKey: KEY, consumerSecret: SECRET });
    // Mostly what a client sends (so most runs sign), sometimes anything at all.
    const method = fc.oneof(
      { weight: 19, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'get', 'post') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    );
    const url = fc.oneof(
      // A path starting with // is refused (WordPress reads it as a host): fast-check makes many.
      { weight: 17, arbitrary: fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }).filter((u) => !/^https?:\/\/[^/]*\/\//.test(u)) },
      { weight: 2, arbitrary: fc.constantFrom('http://h/?a[]=1&a[b]=2&c', 'http://h/%zz?%', 'https://[::1]:8080/x?y=%E2%82%AC', 'http://h/wp-json/wc/v3/products?search=blue+shirt&b=%2B') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    );
    const stamp = fc.record({
      nonce: fc.oneof({ weight: 19, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~-]{1,40}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }),
      timestamp: fc.oneof({ weight: 19, arbitrary: fc.integer({ min: 0, max: 4_000_000_000 }) }, { weight: 1, arbitrary: fc.double() }),
    });
    let signed = 0;
    let runs = 0;
    fc.assert(
      fc.property(method, url, stamp, (m, u, s) => {
        runs += 1;
        const got = outcome(() => small.authorization(m, u, s));
        deepEqual(got, outcome(() => main.authorization(m, u, s)), JSON.stringify([m, u, s]));
        // sign() reads its request through serde and signs through Signer::sign_once: another
        // path to the same header.
        const once = outcome(() => wc.sign({ consumerKey: KEY, consumerSecret: SECRET, method: m, url: u, ...s }).headers.Authorization);
        deepEqual(got, once, `sign() for ${JSON.stringify([m, u, s])}`);
        if (got.value !== undefined) signed += 1;
      }),
      { numRuns: 300 },
    );
    ok(signed >= 200, `${signed} of ${runs} generated requests signed: the generators must mostly make signable requests`);
    ok(small.authorization('GET', URL_).startsWith('OAuth '), 'still signing');
    small.free();
    main.free();
  });
}
