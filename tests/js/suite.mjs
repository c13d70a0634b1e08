// The package's conformance suite. It takes the loaded package, so the same tests run in
// Node (node.test.mjs) and in headless Chromium (run-browser.mjs) against what ships in pkg/.

import { deepEqual, equal, ok, throwsCode } from './assert.mjs';

const KEY = 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';
const SECRET = 'cs_13579bdf2468ace013579bdf2468ace013579bdf';

/**
 * @param {(name: string, fn: () => void | Promise<void>) => void} test
 * @param {typeof import('wc-keys')} wc
 * @param {{ vectors: any[] }} data  tests/vectors/woocommerce-server.json
 */
export function defineSuite(test, wc, data) {
  test('validateConsumerKey accepts a well-formed key', () => {
    const v = wc.validateConsumerKey(KEY);
    deepEqual(v, { ok: true, value: KEY, problems: [] });
  });

  test('validateConsumerKey names each problem', () => {
    const cases = [
      ['', ['KEY_EMPTY']],
      [SECRET, ['KEY_SWAPPED']],
      [KEY.slice(0, 30), ['KEY_LENGTH']],
      [KEY.toUpperCase(), ['KEY_UPPERCASE']],
      [KEY.replace('a', 'z'), ['KEY_NOT_HEX']],
      ['…0e1d2c3', ['KEY_MASKED']],
      [` ${KEY}\n`, ['KEY_CLEANED']],
      ['9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3', ['KEY_PREFIX']],
    ];
    for (const [input, codes] of cases) {
      const v = wc.validateConsumerKey(input);
      deepEqual(v.problems.map((p) => p.code), codes, `codes for ${JSON.stringify(input)}`);
      equal(v.ok, codes.every((c) => c === 'KEY_CLEANED'), `ok for ${JSON.stringify(input)}`);
    }
  });

  test('validateConsumerKey gives ok: false, not an exception, for wrong types', () => {
    for (const input of [undefined, null, 42, {}, [], true]) {
      const v = wc.validateConsumerKey(input);
      equal(v.ok, false);
      equal(v.problems[0].code, 'KEY_NOT_TEXT');
    }
    // The module still works afterwards.
    equal(wc.validateConsumerKey(KEY).ok, true);
  });

  test('validateCredentials checks both values and cleans what a paste adds', () => {
    const good = wc.validateCredentials({ consumerKey: `Consumer key: ${KEY}`, consumerSecret: ` "${SECRET}"\u200b` });
    equal(good.ok, true);
    equal(good.consumerKey, KEY);
    equal(good.consumerSecret, SECRET);
    deepEqual(good.problems.map((p) => p.code), ['KEY_CLEANED', 'SECRET_CLEANED']);
    const swapped = wc.validateCredentials({ consumerKey: SECRET, consumerSecret: KEY });
    equal(swapped.ok, false);
    deepEqual(swapped.problems.map((p) => [p.code, p.field]), [['KEY_SWAPPED', 'consumerKey'], ['SECRET_SWAPPED', 'consumerSecret']]);
    const short = wc.validateCredentials({ consumerKey: KEY, consumerSecret: SECRET.slice(0, -2) });
    ok(/2 characters short/.test(short.problems[0].message), short.problems[0].message);
    for (const p of [...swapped.problems, ...short.problems]) {
      ok(!p.message.includes(SECRET.slice(3, 20)) && !p.message.includes(KEY.slice(3, 20)), 'messages never repeat the values');
    }
    deepEqual(wc.validateCredentials({}).problems.map((p) => p.code), ['KEY_EMPTY', 'SECRET_EMPTY']);
    deepEqual(wc.validateCredentials({ consumerKey: 7, consumerSecret: {} }).problems.map((p) => p.code), ['KEY_NOT_TEXT', 'SECRET_NOT_TEXT']);
    throwsCode(() => wc.validateCredentials({ consumerkey: KEY }), 'ERR_INPUT_INVALID', 'typo in option name');
  });

  test('redact masks every key and secret in a text', () => {
    equal(wc.redact(`GET /x?consumer_key=${KEY}&consumer_secret=${SECRET}`), 'GET /x?consumer_key=ck_…0e1d2c3&consumer_secret=cs_…3579bdf');
    equal(wc.redact(undefined), '');
  });

  test('maskKey and keyHash match WooCommerce', () => {
    equal(wc.maskKey(KEY), '…0e1d2c3');
    equal(wc.keyHash(KEY), '920bcceea6f329fd554f2166bbc492a0a26e35a1e6042b5f75163dc850a76108');
  });

  test('sign reproduces all 24 WooCommerce server vectors', () => {
    equal(data.vectors.length, 24);
    for (const v of data.vectors) {
      const signed = wc.sign({
        method: v.method,
        url: v.url,
        consumerKey: v.consumerKey,
        consumerSecret: v.consumerSecret,
        form: v.form ?? undefined,
        signatureMethod: v.signatureMethod,
        timestamp: v.timestamp,
        nonce: v.nonce,
        homeUrl: v.homeUrl,
      });
      equal(signed.baseString, v.baseString, `base string of ${v.name}`);
      equal(signed.signature, v.signature, `signature of ${v.name}`);
    }
  });

  test('sign puts OAuth in the Authorization header by default', () => {
    const signed = wc.sign({
      method: 'get',
      url: 'http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10',
      consumerKey: KEY,
      consumerSecret: SECRET,
      signatureMethod: 'HMAC-SHA1',
      timestamp: 1795000000,
      nonce: 'kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA',
    });
    equal(signed.method, 'GET');
    equal(signed.url, 'http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10');
    equal(
      signed.headers.Authorization,
      'OAuth oauth_consumer_key="ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3", oauth_nonce="kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1795000000", oauth_signature="LyHojm76eaGMlE%2FCSL0Z15IulkA%3D"',
    );
    equal(signed.body, null);
    equal(signed.oauthParams.oauth_signature, 'LyHojm76eaGMlE/CSL0Z15IulkA=');
  });

  test('sign with placement query puts the parameters in the URL', () => {
    const signed = wc.sign({
      method: 'GET',
      url: 'http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10',
      consumerKey: KEY,
      consumerSecret: SECRET,
      signatureMethod: 'HMAC-SHA1',
      placement: 'query',
      timestamp: 1795000000,
      nonce: 'kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA',
    });
    equal(
      signed.url,
      'http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10&oauth_consumer_key=ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3&oauth_nonce=kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1795000000&oauth_signature=LyHojm76eaGMlE%2FCSL0Z15IulkA%3D',
    );
    deepEqual(signed.headers, {});
    // Same parameters, same base string, whichever placement.
    equal(signed.signature, 'LyHojm76eaGMlE/CSL0Z15IulkA=');
  });

  test('sign draws a fresh 32-character nonce and the current time', () => {
    const a = wc.sign({ method: 'GET', url: 'http://h/wp-json/wc/v3', consumerKey: KEY, consumerSecret: SECRET });
    const b = wc.sign({ method: 'GET', url: 'http://h/wp-json/wc/v3', consumerKey: KEY, consumerSecret: SECRET });
    ok(/^[A-Za-z0-9]{32}$/.test(a.oauthParams.oauth_nonce), a.oauthParams.oauth_nonce);
    ok(a.oauthParams.oauth_nonce !== b.oauthParams.oauth_nonce, 'nonces differ');
    const now = Math.floor(Date.now() / 1000);
    ok(Math.abs(Number(a.oauthParams.oauth_timestamp) - now) <= 2, 'timestamp is now');
    const skewed = wc.sign({ method: 'GET', url: 'http://h/wp-json/wc/v3', consumerKey: KEY, consumerSecret: SECRET, clockOffset: -1200 });
    ok(Math.abs(Number(skewed.oauthParams.oauth_timestamp) - (now - 1200)) <= 2, 'offset applied');
  });

  test('sign refuses bad input with typed errors', () => {
    const base = { method: 'GET', url: 'http://h/wp-json/wc/v3', consumerKey: KEY, consumerSecret: SECRET };
    throwsCode(() => wc.sign({ ...base, url: 'not a url' }), 'ERR_URL_INVALID', 'url');
    throwsCode(() => wc.sign({ ...base, method: 'GE T' }), 'ERR_METHOD_INVALID', 'method');
    throwsCode(() => wc.sign({ ...base, signatureMethod: 'PLAINTEXT' }), 'ERR_SIGNATURE_METHOD_INVALID', 'signature method');
    throwsCode(() => wc.sign({ ...base, placement: 'body' }), 'ERR_PLACEMENT_INVALID', 'placement');
    throwsCode(() => wc.sign({ ...base, timestamp: 1.5 }), 'ERR_TIMESTAMP_INVALID', 'fractional timestamp');
    throwsCode(() => wc.sign({ ...base, timestamp: -1 }), 'ERR_TIMESTAMP_INVALID', 'negative timestamp');
    throwsCode(() => wc.sign({ ...base, timestamp: NaN }), 'ERR_TIMESTAMP_INVALID', 'NaN timestamp');
    throwsCode(() => wc.sign({ ...base, nonce: 'a b' }), 'ERR_NONCE_INVALID', 'nonce');
    throwsCode(() => wc.sign({ ...base, consumerSecret: '' }), 'ERR_CONSUMER_SECRET_INVALID', 'empty secret');
    throwsCode(() => wc.sign({ ...base, consumerSecret: 'oops', strict: true }), 'ERR_CONSUMER_SECRET_INVALID', 'strict secret');
    throwsCode(() => wc.sign({ ...base, homeUrl: 'shop.example' }), 'ERR_HOME_URL_INVALID', 'home');
    throwsCode(() => wc.sign(undefined), 'ERR_INPUT_INVALID', 'undefined');
    throwsCode(() => wc.sign({ ...base, url: 42 }), 'ERR_INPUT_INVALID', 'url type');
    throwsCode(() => wc.sign({ ...base, colour: 'red' }), 'ERR_INPUT_INVALID', 'unknown option');
    const error = throwsCode(() => wc.sign({ ...base, timestamp: SECRET }), 'ERR_INPUT_INVALID', 'secret in wrong field');
    ok(!error.message.includes(SECRET.slice(3)), 'the error does not repeat the secret');
    equal(error.name, 'WcKeysError');
    // Still working after every error.
    ok(wc.sign(base).signature.length > 0);
  });

  test('basicAuthHeader encodes key:secret', () => {
    equal(wc.basicAuthHeader('ck_1', 'cs_2'), 'Basic Y2tfMTpjc18y');
    throwsCode(() => wc.basicAuthHeader('', 'cs_2'), 'ERR_CONSUMER_KEY_INVALID', 'empty key');
  });

  test('explainSignature confirms a good signature and finds a tampered parameter', () => {
    const signed = wc.sign({
      method: 'GET',
      url: 'http://shop.example/wp-json/wc/v3/products?per_page=20&search=blue',
      consumerKey: KEY,
      consumerSecret: SECRET,
      placement: 'query',
    });
    const good = wc.explainSignature({ method: 'GET', url: signed.url, consumerSecret: SECRET });
    equal(good.matches, true);
    equal(good.baseString, signed.baseString);
    const tampered = signed.url.replace('search=blue', 'search=red');
    const bad = wc.explainSignature({ method: 'GET', url: tampered, consumerSecret: SECRET, baseString: signed.baseString });
    equal(bad.matches, false);
    equal(bad.difference.part, 'parameters');
    equal(bad.difference.parameter, 'search');
    throwsCode(() => wc.explainSignature({ method: 'GET', url: 'http://h/x', consumerSecret: SECRET }), 'ERR_OAUTH_PARAMS_MISSING', 'unsigned');
  });

  test('errorCodes lists every code', () => {
    const codes = wc.errorCodes();
    ok(codes.includes('ERR_URL_INVALID'));
    equal(new Set(codes).size, codes.length);
  });
}
