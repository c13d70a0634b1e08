// The package's conformance suite. It takes the loaded package, so the same tests run in
// Node (node.test.mjs) and in headless Chromium (run-browser.mjs) against what ships in pkg/.

import { deepEqual, equal, ok, outcome, throwsCode } from './assert.mjs';

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
    // The README's example, whole.
    deepEqual(wc.validateCredentials({ consumerKey: SECRET, consumerSecret: `Consumer key: ${KEY}` }), {
      ok: false,
      consumerKey: SECRET,
      consumerSecret: KEY,
      problems: [
        { code: 'KEY_SWAPPED', field: 'consumerKey', message: 'This looks like the consumer secret: the consumer key starts with ck_. Check that the two fields are not swapped.' },
        { code: 'SECRET_CLEANED', field: 'consumerSecret', message: 'Removed white space, quotes, a label or invisible characters around the value.' },
        { code: 'SECRET_SWAPPED', field: 'consumerSecret', message: 'This looks like the consumer key: the consumer secret starts with cs_. Check that the two fields are not swapped.' },
      ],
    });
    const short = wc.validateCredentials({ consumerKey: KEY, consumerSecret: SECRET.slice(0, -2) });
    ok(/2 characters short/.test(short.problems[0].message), short.problems[0].message);
    for (const p of [...swapped.problems, ...short.problems]) {
      ok(!p.message.includes(SECRET.slice(3, 20)) && !p.message.includes(KEY.slice(3, 20)), 'messages never repeat the values');
    }
    deepEqual(wc.validateCredentials({}).problems.map((p) => p.code), ['KEY_EMPTY', 'SECRET_EMPTY']);
    deepEqual(wc.validateCredentials({ consumerKey: 7, consumerSecret: {} }).problems.map((p) => p.code), ['KEY_NOT_TEXT', 'SECRET_NOT_TEXT']);
    throwsCode(() => wc.validateCredentials({ consumerkey: KEY }), 'ERR_INPUT_INVALID', 'typo in option name');
    // An option named with a secret (hostile, or a mix-up of names and values) is not quoted back.
    for (const [call, label] of [
      [() => wc.sign({ method: 'GET', url: 'http://shop.example/', consumerKey: KEY, consumerSecret: SECRET, [SECRET]: 1 }), 'sign'],
      [() => new wc.Signer({ consumerKey: KEY, consumerSecret: SECRET }).authorization('GET', 'http://shop.example/', { [SECRET]: 1 }), 'authorization'],
      [() => wc.validateCredentials({ [SECRET.slice(3)]: 1 }), 'validateCredentials'],
    ]) {
      const refused = throwsCode(call, 'ERR_INPUT_INVALID', label);
      ok(!refused.message.includes(SECRET.slice(3, 20)) && refused.message.includes('not shown'), `${label}: ${refused.message}`);
    }
    // A field serde finds missing is named (field names are the package's own, never values).
    const missing = throwsCode(() => new wc.WooCommerceRestApi({}), 'ERR_INPUT_INVALID', 'no options');
    ok(/^Invalid argument: missing field `url`/.test(missing.message), missing.message);
  });

  test('redact masks every key and secret in a text', () => {
    equal(wc.redact(`GET /x?consumer_key=${KEY}&consumer_secret=${SECRET}`), 'GET /x?consumer_key=ck_…0e1d2c3&consumer_secret=cs_…3579bdf');
    throwsCode(() => wc.redact(undefined), 'ERR_INPUT_INVALID', 'redact takes text');
    throwsCode(() => wc.keyHash(42), 'ERR_INPUT_INVALID', 'keyHash of a number is not the hash of ""');
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
    // The README's example output, whole.
    deepEqual(signed, {
      method: 'GET',
      url: 'http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10',
      headers: { Authorization: 'OAuth oauth_consumer_key="ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3", oauth_nonce="kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1795000000", oauth_signature="LyHojm76eaGMlE%2FCSL0Z15IulkA%3D"' },
      body: null,
      signature: 'LyHojm76eaGMlE/CSL0Z15IulkA=',
      baseString: 'GET&http%3A%2F%2Fshop.example%2Fwp-json%2Fwc%2Fv3%2Forders&oauth_consumer_key%3Dck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3%26oauth_nonce%3DkT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1795000000%26per_page%3D10%26status%3Dprocessing',
      oauthParams: { oauth_consumer_key: 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3', oauth_nonce: 'kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: '1795000000', oauth_signature: 'LyHojm76eaGMlE/CSL0Z15IulkA=' },
    });
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

  test('Signer signs every WooCommerce vector as sign() does, and its header alone', () => {
    for (const v of data.vectors) {
      const config = { consumerKey: v.consumerKey, consumerSecret: v.consumerSecret, signatureMethod: v.signatureMethod, homeUrl: v.homeUrl };
      const request = { method: v.method, url: v.url, form: v.form ?? undefined, timestamp: v.timestamp, nonce: v.nonce };
      const signer = new wc.Signer(config);
      equal(signer.signatureMethod, v.signatureMethod ?? 'HMAC-SHA256');
      const signed = signer.sign(request);
      equal(signed.baseString, v.baseString, `base string of ${v.name}`);
      equal(signed.signature, v.signature, `signature of ${v.name}`);
      deepEqual(signed, wc.sign({ ...config, ...request }), `Signer.sign equals sign for ${v.name}`);
      if (v.form == null) {
        // The fast path: no form body, header placement whatever the signer's placement.
        const header = signer.authorization(v.method, v.url, { nonce: v.nonce, timestamp: v.timestamp });
        equal(header, signed.headers.Authorization, `authorization of ${v.name}`);
      }
      signer.free();
    }
    const query = new wc.Signer({ consumerKey: KEY, consumerSecret: SECRET, signatureMethod: 'HMAC-SHA1', placement: 'query' });
    const viaQuery = query.sign({ method: 'GET', url: 'http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10', timestamp: 1795000000, nonce: 'kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA' });
    ok(viaQuery.url.endsWith('&oauth_signature=LyHojm76eaGMlE%2FCSL0Z15IulkA%3D'), viaQuery.url);
    // A query signer's store does not see the header: authorization() refuses rather than
    // hand out one that cannot work.
    const refused = throwsCode(() => query.authorization('GET', 'http://shop.example/wp-json/wc/v3/orders'), 'ERR_INPUT_INVALID', 'query signer');
    ok(refused.message.includes("use signer.sign() from the main entry ('wc-keys')"), refused.message);
  });

  test('Signer draws fresh nonces and the current time, and refuses bad input with typed errors', () => {
    const signer = new wc.Signer({ consumerKey: KEY, consumerSecret: SECRET });
    const url = 'http://h/wp-json/wc/v3';
    const nonceOf = (header) => /oauth_nonce="([^"]*)"/.exec(header)[1];
    const timeOf = (header) => Number(/oauth_timestamp="([^"]*)"/.exec(header)[1]);
    const a = signer.authorization('GET', url);
    const b = signer.authorization('GET', url);
    ok(/^[A-Za-z0-9]{32}$/.test(nonceOf(a)) && nonceOf(a) !== nonceOf(b), 'fresh nonces');
    const now = Math.floor(Date.now() / 1000);
    ok(Math.abs(timeOf(a) - now) <= 2, 'timestamp is now');
    ok(Math.abs(timeOf(signer.authorization('GET', url, { clockOffset: -1200 })) - (now - 1200)) <= 2, 'offset applied');
    throwsCode(() => new wc.Signer({ consumerKey: KEY }), 'ERR_INPUT_INVALID', 'missing secret');
    throwsCode(() => new wc.Signer({ consumerKey: KEY, consumerSecret: '' }), 'ERR_CONSUMER_SECRET_INVALID', 'empty secret');
    throwsCode(() => new wc.Signer({ consumerKey: KEY, consumerSecret: SECRET, url }), 'ERR_INPUT_INVALID', 'request option in the config');
    throwsCode(() => new wc.Signer({ consumerKey: KEY, consumerSecret: SECRET, signatureMethod: 'PLAINTEXT' }), 'ERR_SIGNATURE_METHOD_INVALID', 'method');
    throwsCode(() => new wc.Signer('ck_'), 'ERR_INPUT_INVALID', 'not an object');
    throwsCode(() => signer.authorization(undefined, url), 'ERR_INPUT_INVALID', 'method type');
    throwsCode(() => signer.authorization('GET', new URL(url)), 'ERR_INPUT_INVALID', 'url type');
    throwsCode(() => signer.authorization('GE T', url), 'ERR_METHOD_INVALID', 'method');
    throwsCode(() => signer.authorization('GET', 'shop'), 'ERR_URL_INVALID', 'url');
    throwsCode(() => signer.authorization('GET', url, { nonce: 42 }), 'ERR_INPUT_INVALID', 'nonce type');
    throwsCode(() => signer.authorization('GET', url, { timestamp: '1795000000' }), 'ERR_INPUT_INVALID', 'timestamp type');
    throwsCode(() => signer.authorization('GET', url, { timestamp: 1.5 }), 'ERR_TIMESTAMP_INVALID', 'fractional timestamp');
    throwsCode(() => signer.authorization('GET', url, { nonce: 'a b' }), 'ERR_NONCE_INVALID', 'nonce');
    throwsCode(() => signer.authorization('GET', url, { form: 'a=1' }), 'ERR_INPUT_INVALID', 'form is for sign()');
    throwsCode(() => signer.authorization('GET', url, null), 'ERR_INPUT_INVALID', 'null options');
    throwsCode(() => signer.sign({ method: 'GET', url, consumerKey: KEY }), 'ERR_INPUT_INVALID', 'config option in the request');
    // As in sign(), null is "not given", and only own option names count.
    ok(signer.authorization('GET', url, { nonce: null, timestamp: null, clockOffset: null }).startsWith('OAuth '), 'null options');
    ok(signer.authorization('GET', url, Object.create({ colour: 'red' })).startsWith('OAuth '), 'inherited names');
    ok(signer.authorization('GET', url).startsWith('OAuth '), 'still working after every error');
    signer.free();
    signer.free();
    throwsCode(() => signer.authorization('GET', url), 'ERR_INPUT_INVALID', 'used after free');
    throwsCode(() => signer.sign({ method: 'GET', url }), 'ERR_INPUT_INVALID', 'sign after free');
  });

  test('new Signer(config) and sign({ ...config, ...request }) accept and refuse the same configs alike', () => {
    const request = { method: 'GET', url: 'http://shop.example/wp-json/wc/v3/orders', timestamp: 1795000000, nonce: 'n1' };
    const base = { consumerKey: KEY, consumerSecret: SECRET };
    const configs = [
      base,
      { ...base, strict: null, homeUrl: null, signatureMethod: null, placement: null },
      { ...base, strict: true },
      { consumerKey: KEY },
      { consumerSecret: SECRET },
      { ...base, consumerKey: 42 },
      { ...base, strict: 'yes' },
      { ...base, homeUrl: {} },
      { ...base, consumerSecret: '' },
      { ...base, signatureMethod: 'PLAINTEXT' },
      { ...base, placement: 'body' },
      { ...base, homeUrl: 'shop.example' },
      { ...base, consumerKey: SECRET, strict: true },
    ];
    // Both accepted, or both refused with the same error.
    const refusal = (call) => {
      const { value, ...error } = outcome(call);
      return value === undefined ? error : 'accepted';
    };
    for (const config of configs) {
      deepEqual(refusal(() => new wc.Signer(config)), refusal(() => wc.sign({ ...config, ...request })), JSON.stringify(config));
    }
    ok(refusal(() => new wc.Signer({ consumerKey: KEY })).message.includes('consumerSecret is required'), 'a missing field is named');
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
    // The request as sign() returned it (header placement, a form body on POST).
    const posted = wc.sign({ method: 'POST', url: 'http://shop.example/wp-json/wc/v3/orders', form: { status: 'pending' }, consumerKey: KEY, consumerSecret: SECRET });
    const whole = wc.explainSignature({ request: posted, consumerSecret: SECRET });
    equal(whole.matches, true);
    equal(whole.baseString, posted.baseString);
    equal(wc.explainSignature({ request: { ...posted, body: 'status=completed' }, consumerSecret: SECRET }).matches, false);
    // A header line copied whole, name included: WooCommerce would read nothing from it.
    const line = `Authorization: ${posted.headers.Authorization}`;
    const named = throwsCode(() => wc.explainSignature({ method: 'POST', url: posted.url, authorization: line, form: { status: 'pending' }, consumerSecret: SECRET }), 'ERR_INPUT_INVALID', 'header line');
    ok(named.message.includes("give the value only, from 'OAuth'"), named.message);
  });

  const AUTH = {
    storeUrl: 'https://shop.example',
    appName: 'My App',
    scope: 'read_write',
    userId: 'u42',
    returnUrl: 'https://app.example/return',
    callbackUrl: 'https://app.example/callback',
  };

  test('authorizeUrl builds both permalink forms', () => {
    equal(
      wc.authorizeUrl(AUTH),
      'https://shop.example/wc-auth/v1/authorize?app_name=My%20App&scope=read_write&user_id=u42&return_url=https%3A%2F%2Fapp.example%2Freturn&callback_url=https%3A%2F%2Fapp.example%2Fcallback',
    );
    ok(wc.authorizeUrl({ ...AUTH, storeUrl: 'https://shop.example/store/', permalinks: 'plain' })
      .startsWith('https://shop.example/store/?wc-auth-version=1&wc-auth-route=authorize&app_name=My%20App'));
  });

  test('authorizeUrl refuses what the store would refuse', () => {
    const cases = [
      [{ appName: '' }, 'ERR_AUTH_PARAM_MISSING'],
      [{ userId: '0' }, 'ERR_AUTH_PARAM_MISSING'],
      [{ scope: 'admin' }, 'ERR_AUTH_SCOPE_INVALID'],
      [{ returnUrl: 'https://app example/' }, 'ERR_AUTH_URL_INVALID'],
      [{ returnUrl: 'https://app.example/r?next=%2Fhome' }, 'ERR_AUTH_URL_MANGLED'],
      [{ callbackUrl: 'http://app.example/c' }, 'ERR_AUTH_CALLBACK_NOT_HTTPS'],
      [{ callbackUrl: 'https://192.168.0.10/c' }, 'ERR_AUTH_CALLBACK_UNSAFE'],
      [{ callbackUrl: 'https://app.example:9443/c' }, 'ERR_AUTH_CALLBACK_UNSAFE'],
      [{ userId: 'a b' }, 'ERR_AUTH_USER_ID_INVALID'],
      [{ storeUrl: 'shop' }, 'ERR_STORE_URL_INVALID'],
    ];
    for (const [change, code] of cases) {
      throwsCode(() => wc.authorizeUrl({ ...AUTH, ...change }), code, JSON.stringify(change));
    }
    ok(wc.authorizeUrl({ ...AUTH, callbackUrl: 'http://127.0.0.1:9/c', allowLocalCallback: true }).includes('callback_url=http%3A%2F%2F127.0.0.1%3A9%2Fc'));
  });

  test('createAuthorization and verifyAuthorizationReturn tie the return to the request', () => {
    const start = wc.createAuthorization({ ...AUTH, userId: undefined });
    ok(/^[A-Za-z0-9_-]{32}$/.test(start.state), start.state);
    equal(start.userId, start.state);
    ok(start.url.includes(`user_id=${start.state}`));
    const approved = wc.verifyAuthorizationReturn(`https://app.example/return?success=1&user_id=${start.userId}`, start.userId);
    deepEqual(approved, { status: 'approved', userId: null });
    const withId = wc.createAuthorization(AUTH);
    equal(withId.userId, `u42:${withId.state}`);
    deepEqual(wc.verifyAuthorizationReturn(`https://app.example/return?success=0&user_id=${withId.userId}`, withId.userId), { status: 'denied', userId: 'u42' });
    throwsCode(() => wc.verifyAuthorizationReturn(`https://app.example/return?success=1&user_id=u42:forged`, withId.userId), 'ERR_AUTH_STATE_MISMATCH', 'forged');
    throwsCode(() => wc.verifyAuthorizationReturn(`https://app.example/return?success=1&user_id=${withId.userId}`, undefined), 'ERR_AUTH_STATE_MISSING', 'nothing pending');
    throwsCode(() => wc.verifyAuthorizationReturn('https://app.example/return', withId.userId), 'ERR_AUTH_RETURN_INVALID', 'not a return');
  });

  test('beginAuthorization and completeAuthorization keep the state in this tab only', () => {
    if (typeof sessionStorage === 'undefined') {
      throwsCode(() => wc.beginAuthorization(AUTH), 'ERR_AUTH_NO_SESSION_STORAGE', 'no sessionStorage in Node');
      return;
    }
    const { url, state } = wc.beginAuthorization({ ...AUTH, mode: 'redirect' });
    const userId = new URL(url).searchParams.get('user_id');
    equal(userId, `u42:${state}`);
    const back = `https://app.example/return?success=1&user_id=${userId}`;
    deepEqual(wc.completeAuthorization(back), { status: 'approved', userId: 'u42' });
    throwsCode(() => wc.completeAuthorization(back), 'ERR_AUTH_STATE_MISSING', 'replayed return');
    throwsCode(() => wc.beginAuthorization({ ...AUTH, mode: 'tab' }), 'ERR_INPUT_INVALID', 'bad mode');
  });

  const PAYLOAD = {
    key_id: 7,
    user_id: 'u42:state',
    consumer_key: KEY,
    consumer_secret: SECRET,
    key_permissions: 'read_write',
  };

  test('parseCallback checks the store payload', () => {
    deepEqual(wc.parseCallback(JSON.stringify(PAYLOAD), { expectedUserId: 'u42:state', expectedScope: 'read_write' }), {
      keyId: 7, userId: 'u42:state', consumerKey: KEY, consumerSecret: SECRET, keyPermissions: 'read_write',
    });
    throwsCode(() => wc.parseCallback(JSON.stringify(PAYLOAD), { expectedUserId: 'u42:other' }), 'ERR_CALLBACK_USER_MISMATCH', 'user');
    throwsCode(() => wc.parseCallback(JSON.stringify(PAYLOAD), { expectedScope: 'read' }), 'ERR_CALLBACK_PERMISSIONS_MISMATCH', 'scope');
    // A field a later WooCommerce may add is ignored: refusing it would make the store delete the key.
    equal(wc.parseCallback(JSON.stringify({ ...PAYLOAD, extra: 1 })).keyId, 7);
    throwsCode(() => wc.parseCallback('{'), 'ERR_CALLBACK_INVALID', 'not JSON');
    throwsCode(() => wc.parseCallback(' '.repeat(16385)), 'ERR_CALLBACK_TOO_LARGE', 'too large');
    const error = throwsCode(() => wc.parseCallback(JSON.stringify({ ...PAYLOAD, consumer_key: 'ck_nothex' })), 'ERR_CALLBACK_INVALID', 'bad key');
    ok(!error.message.includes(SECRET.slice(3)), 'no secret in the message');
  });

  test('createCallbackHandler answers 200 only once the keys are kept', async () => {
    const kept = [];
    const handler = wc.createCallbackHandler({
      onKeys: async (keys) => { kept.push(keys); },
      verifyUserId: (id) => id === 'u42:state',
      expectedScope: 'read_write',
    });
    const post = (body, headers = { 'Content-Type': 'application/json;charset=UTF-8' }) =>
      handler(new Request('https://app.example/callback', { method: 'POST', headers, body }));
    equal((await post(JSON.stringify(PAYLOAD))).status, 200);
    equal(kept.length, 1);
    equal(kept[0].consumerSecret, SECRET);
    equal((await post(JSON.stringify({ ...PAYLOAD, user_id: 'u42:other' }))).status, 403);
    equal((await post(JSON.stringify({ ...PAYLOAD, key_permissions: 'read' }))).status, 400);
    equal((await post('x'.repeat(20000))).status, 413);
    equal((await post(JSON.stringify(PAYLOAD), { 'Content-Type': 'text/plain' })).status, 415);
    equal((await handler(new Request('https://app.example/callback'))).status, 405);
    const failing = wc.createCallbackHandler({ onKeys: () => { throw new Error(`db down ${SECRET}`); }, verifyUserId: () => true });
    const response = await failing(new Request('https://app.example/callback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(PAYLOAD) }));
    equal(response.status, 500);
    ok(!(await response.text()).includes(SECRET), 'the failure does not echo secrets');
    equal(kept.length, 1);
    throwsCode(() => wc.createCallbackHandler({}), 'ERR_INPUT_INVALID', 'onKeys required');
    throwsCode(() => wc.createCallbackHandler({ onKeys: () => {} }), 'ERR_INPUT_INVALID', 'verifyUserId required: no handler that takes keys from any store');
  });

  test('admin URLs and scope descriptions', () => {
    equal(wc.addKeyUrl('https://shop.example/'), 'https://shop.example/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys&create-key=1');
    equal(wc.keysAdminUrl('https://shop.example/store'), 'https://shop.example/store/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys');
    deepEqual(wc.describeScope('write'), {
      scope: 'write',
      label: 'Write',
      permissions: ['Create webhooks', 'Create coupons', 'Create customers', 'Create orders', 'Create products'],
    });
    throwsCode(() => wc.describeScope('all'), 'ERR_AUTH_SCOPE_INVALID', 'scope');
  });

  /** A fetch that answers from a script and records what it was asked. */
  function fakeFetch(answers) {
    const calls = [];
    const fetch = async (url, init) => {
      calls.push({ url, ...init });
      const next = answers.shift();
      if (typeof next === 'function') return next(url, init);
      const { status = 200, body = '[]', headers = {} } = next ?? {};
      return new Response(body, { status, headers: { 'Content-Type': 'application/json', ...headers } });
    };
    return { fetch, calls };
  }

  const woo = (code, message, status) => ({ status, body: JSON.stringify({ code, message, data: { status } }) });

  test('WooCommerceRestApi: Basic over HTTPS, query serialized once, PHP brackets', async () => {
    const { fetch, calls } = fakeFetch([{ body: '[{"id":1}]', headers: { 'X-WP-Total': '1' } }]);
    const api = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch });
    const response = await api.get('products', { per_page: 5, include: [1, 2], meta: { color: 'red' } });
    deepEqual(response.data, [{ id: 1 }]);
    equal(response.status, 200);
    equal(response.headers['x-wp-total'], '1');
    equal(calls[0].url, 'https://shop.example/wp-json/wc/v3/products?per_page=5&include[]=1&include[]=2&meta[color]=red');
    equal(calls[0].headers.Authorization, wc.basicAuthHeader(KEY, SECRET));
    equal(calls[0].redirect, 'manual');
    ok(wc.WooCommerceRestApi === (wc.default ?? wc.WooCommerceRestApi), 'default export is the class');
  });

  test('WooCommerceRestApi writes numbers in the query as String(n) does', async () => {
    // Edge cases where Rust's own float formatting differs from JavaScript's, then random doubles
    // from their bits (every exponent, not just "nice" values), each checked against String(n).
    const bits = new DataView(new ArrayBuffer(8));
    let seed = 0x2545f491;
    const next32 = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
    const numbers = [1e21, -1.5e21, 1.2345e22, 1e20, 1e-6, 1.5e-6, 1e-7, -2.5e-7, 0.1 + 0.2, 5e-324, Number.MAX_VALUE, -0, 2 ** 53 + 2];
    while (numbers.length < 400) {
      bits.setUint32(0, next32());
      bits.setUint32(4, next32());
      const n = bits.getFloat64(0);
      if (Number.isFinite(n)) numbers.push(n);
      // And as many near the switches between positional and exponent notation (1e-6, 1e21).
      numbers.push((next32() / 2 ** 32 - 0.5) * 10 ** ((next32() % 33) - 9));
    }
    // One request carrying them all, as n0, n1, …
    const { fetch, calls } = fakeFetch([{}]);
    const api = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch });
    await api.get('products', Object.fromEntries(numbers.map((n, i) => [`n${i}`, n])));
    const written = new URL(calls[0].url).searchParams;
    const wrong = numbers
      .map((n, i) => ({ n: String(n), written: written.get(`n${i}`) }))
      .filter(({ n, written }) => written !== n);
    deepEqual(wrong, [], `${numbers.length} numbers`);
  });

  test('WooCommerceRestApi: OAuth over HTTP, JSON bodies, plain permalinks', async () => {
    const { fetch, calls } = fakeFetch([{ status: 201, body: '{"id":9}' }]);
    const api = new wc.WooCommerceRestApi({ url: 'http://shop.example/store', consumerKey: KEY, consumerSecret: SECRET, permalinks: 'plain', fetch });
    const response = await api.post('products', { name: 'Mug', regular_price: '9.50' });
    equal(response.status, 201);
    equal(calls[0].method, 'POST');
    ok(calls[0].url.startsWith('http://shop.example/store/?rest_route=/wc/v3/products'), calls[0].url);
    ok(calls[0].headers.Authorization.startsWith('OAuth oauth_consumer_key="ck_'), calls[0].headers.Authorization);
    equal(calls[0].headers['Content-Type'], 'application/json; charset=utf-8');
    equal(calls[0].body, '{"name":"Mug","regular_price":"9.50"}');
  });

  test('WooCommerceRestApi: store errors become WooCommerceError with the store code', async () => {
    const { fetch } = fakeFetch([woo('woocommerce_rest_authentication_error', 'Consumer key is invalid.', 401)]);
    const api = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch });
    let error;
    try {
      await api.get('products');
    } catch (e) {
      error = e;
    }
    ok(error instanceof wc.WooCommerceError, 'a WooCommerceError');
    equal(error.code, 'woocommerce_rest_authentication_error');
    equal(error.status, 401);
    ok(error.message.startsWith('Consumer key is invalid.'), error.message);
    deepEqual(error.data, { status: 401 });
    equal(error.request.url, 'https://shop.example/wp-json/wc/v3/products');
  });

  test('WooCommerceRestApi: 429 is retried on GET (Retry-After) but never on POST', async () => {
    const get = fakeFetch([{ status: 429, body: '{}', headers: { 'Retry-After': '0' } }, { body: '[]' }]);
    const api = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch: get.fetch });
    equal((await api.get('products')).status, 200);
    equal(get.calls.length, 2);
    const post = fakeFetch([{ status: 429, body: '{}', headers: { 'Retry-After': '0' } }, { body: '{}' }]);
    const api2 = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch: post.fetch });
    let error;
    try {
      await api2.post('products', {});
    } catch (e) {
      error = e;
    }
    equal(error?.status, 429);
    equal(post.calls.length, 1);
  });

  test('WooCommerceRestApi: Invalid timestamp is fixed from the Date header, once', async () => {
    const storeNow = new Date(Date.now() + 3600_000);
    const { fetch, calls } = fakeFetch([
      { ...woo('woocommerce_rest_authentication_error', 'Invalid timestamp.', 401), headers: { Date: storeNow.toUTCString() } },
      { body: '[]' },
    ]);
    const api = new wc.WooCommerceRestApi({ url: 'http://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch });
    equal((await api.get('products')).status, 200);
    equal(calls.length, 2);
    const stamp = (call) => Number(/oauth_timestamp="(\d+)"/.exec(call.headers.Authorization)[1]);
    ok(Math.abs(stamp(calls[1]) - stamp(calls[0]) - 3600) <= 2, `re-signed with the store's clock: ${stamp(calls[1]) - stamp(calls[0])}`);
  });

  test('WooCommerceRestApi: timeouts, redirects and network failures are told apart', async () => {
    const hang = (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const slow = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, timeout: 50, fetch: hang });
    const codeOf = async (promise) => promise.then(() => 'resolved', (e) => e.code);
    equal(await codeOf(slow.get('products')), 'ERR_HTTP_TIMEOUT');
    const moved = fakeFetch([{ status: 301, body: '', headers: { Location: 'https://www.shop.example/wp-json/wc/v3/products' } }]);
    const redirected = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch: moved.fetch });
    equal(await codeOf(redirected.post('products', {})), 'ERR_HTTP_REDIRECT');
    const refused = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch: async () => { throw new TypeError('Failed to fetch'); } });
    equal(await codeOf(refused.get('products')), 'ERR_HTTP_NETWORK');
    const tls = new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch: async () => { throw new TypeError('fetch failed', { cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } }); } });
    equal(await codeOf(tls.get('products')), 'ERR_HTTP_TLS');
  });

  test('WooCommerceRestApi: paginate follows X-WP-TotalPages; hooks see no secrets', async () => {
    const page = (n) => ({ body: JSON.stringify([{ id: n }]), headers: { 'X-WP-Total': '3', 'X-WP-TotalPages': '3' } });
    const { fetch, calls } = fakeFetch([page(1), page(2), page(3)]);
    const seen = [];
    const api = new wc.WooCommerceRestApi({
      url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, queryStringAuth: true, fetch,
      onRequest: (r) => seen.push(JSON.stringify(r)), onResponse: (r) => seen.push(JSON.stringify(r)),
    });
    const ids = [];
    for await (const response of api.paginate('products', { status: 'publish' })) ids.push(...response.data.map((p) => p.id));
    deepEqual(ids, [1, 2, 3]);
    ok(calls[2].url.includes('page=3&per_page=100'), calls[2].url);
    ok(calls[0].url.includes(`consumer_secret=${SECRET}`), 'credentials in the query when asked');
    equal(seen.length, 6);
    for (const line of seen) ok(!line.includes(SECRET.slice(3)) && !line.includes(KEY.slice(3)), line);
  });

  test('WooCommerceRestApi: bad configuration throws typed errors', () => {
    throwsCode(() => new wc.WooCommerceRestApi({ url: 'shop.example', consumerKey: KEY, consumerSecret: SECRET }), 'ERR_STORE_URL_INVALID', 'url');
    throwsCode(() => new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: '', consumerSecret: SECRET }), 'ERR_CONSUMER_KEY_INVALID', 'key');
    throwsCode(() => new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, signatureMethod: 'MD5' }), 'ERR_SIGNATURE_METHOD_INVALID', 'method');
    throwsCode(() => new wc.WooCommerceRestApi({ url: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, colour: 1 }), 'ERR_INPUT_INVALID', 'unknown option');
  });

  test('verifyWebhook and createWebhookHandler check signatures as WooCommerce makes them', async () => {
    const body = '{"id":12,"name":"Mug"}';
    // php -r 'echo base64_encode(hash_hmac("sha256", "{\"id\":12,\"name\":\"Mug\"}", "s3cret&", true));'
    const signature = 'z0cFZQxl5CKm5gx82k151fDWZ902ej3zpAGnMQFQM8g=';
    deepEqual(wc.verifyWebhook({ body, signature, secret: 's3cret&amp;' }), { valid: true, ping: false, webhookId: null });
    equal(wc.verifyWebhook({ body: body.replace('12', '13'), signature, secret: 's3cret&amp;' }).valid, false);
    // The ping is recognised, and not valid: it carries no signature, anyone can send one.
    deepEqual(wc.verifyWebhook({ body: 'webhook_id=5', secret: 'x' }), { valid: false, ping: true, webhookId: 5 });
    const events = [];
    const handler = wc.createWebhookHandler({ secret: 's3cret&', onEvent: (e) => events.push(e) });
    const deliver = (sig, text = body) => handler(new Request('https://app.example/hook', {
      method: 'POST', body: text, headers: { 'Content-Type': 'application/json', 'X-WC-Webhook-Signature': sig, 'X-WC-Webhook-Topic': 'product.updated' },
    }));
    equal((await deliver(signature)).status, 200);
    equal((await deliver('bad')).status, 401);
    await new Promise((r) => setTimeout(r, 0));
    equal(events.length, 1);
    equal(events[0].topic, 'product.updated');
    deepEqual(events[0].payload, { id: 12, name: 'Mug' });
  });

  test('checkKeys walks discovery, read and write with a scripted store', async () => {
    const INDEX = JSON.stringify({ name: 'Shop', home: 'https://shop.example', namespaces: ['wp/v2', 'wc/v3'] });
    const seen = [];
    const store = async (url, init) => {
      seen.push(`${init.method} ${url}`);
      const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
      if (url === 'https://shop.example/wp-json/') return json(200, JSON.parse(INDEX));
      if (init.headers.Authorization !== wc.basicAuthHeader(KEY, SECRET)) return json(401, { code: 'woocommerce_rest_authentication_error', message: 'Consumer secret is invalid.', data: { status: 401 } });
      if (init.method === 'GET') return json(200, [{ id: 1 }]);
      return json(401, { code: 'woocommerce_rest_authentication_error', message: 'The API key provided does not have write permissions.', data: { status: 401 } });
    };
    const report = await wc.checkKeys({ storeUrl: 'https://shop.example/', consumerKey: KEY, consumerSecret: SECRET, need: 'read', fetch: store });
    equal(report.ok, true, report.summary);
    deepEqual(report.permissions, { read: true, write: false });
    equal(report.key.method, 'basic');
    equal(report.key.masked, '…0e1d2c3');
    deepEqual(report.warnings, []);
    equal(report.summary, 'The key works (read only, via basic).');
    deepEqual(seen, [
      'GET https://shop.example/wp-json/',
      'GET https://shop.example/wp-json/wc/v3/products?per_page=1&_fields=id',
      'POST https://shop.example/wp-json/wc/v3/wc-keys-permission-probe',
    ]);
    const wrong = await wc.checkKeys({ storeUrl: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET.replace('1', '2'), need: 'read', fetch: store });
    equal(wrong.ok, false);
    deepEqual(wrong.errors.map((e) => e.code), ['SECRET_INVALID']);
    ok(!JSON.stringify(wrong).includes(SECRET.slice(5)), 'no secret in the report');
    const down = await wc.checkKeys({ storeUrl: 'https://shop.example', consumerKey: KEY, consumerSecret: SECRET, fetch: async () => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); } });
    deepEqual(down.errors.map((e) => e.code), ['STORE_UNREACHABLE']);
    await wc.checkKeys({ storeUrl: 'nope', consumerKey: KEY, consumerSecret: SECRET }).then(
      () => ok(false, 'should reject'),
      (e) => equal(e.code, 'ERR_STORE_URL_INVALID'),
    );
    // An empty key or secret is refused as sign() refuses it, before any request.
    seen.length = 0;
    for (const [consumerKey, consumerSecret, code] of [['', SECRET, 'ERR_CONSUMER_KEY_INVALID'], [KEY, '', 'ERR_CONSUMER_SECRET_INVALID']]) {
      await wc.checkKeys({ storeUrl: 'https://shop.example', consumerKey, consumerSecret, fetch: store }).then(
        () => ok(false, 'should reject'),
        (e) => equal(e.code, code),
      );
    }
    deepEqual(seen, []);
  });

  test('explainSignature: the README example, pinned', () => {
    const signed = wc.sign({
      method: 'GET',
      url: 'http://shop.example/wp-json/wc/v3/products?per_page=20&search=blue',
      consumerKey: KEY,
      consumerSecret: SECRET,
      placement: 'query',
      signatureMethod: 'HMAC-SHA1',
      timestamp: 1795000000,
      nonce: 'kT4m2ZqV9xR7pL1sW8nB3cY6dH5fJ0gA',
    });
    equal(signed.signature, 'xdAlRyS6z1VG9EdCOIacgLyBLqQ=');
    const report = wc.explainSignature({
      method: 'GET',
      url: signed.url.replace('search=blue', 'search=red'),
      consumerSecret: SECRET,
      baseString: signed.baseString,
    });
    equal(report.matches, false);
    equal(report.expectedSignature, '11prK2doso1o2wLc0wTTlLjuGRs=');
    equal(report.providedSignature, 'xdAlRyS6z1VG9EdCOIacgLyBLqQ=');
    deepEqual(report.difference, {
      index: 270,
      part: 'parameters',
      parameter: 'search',
      ours: 'search%3Dred',
      theirs: 'search%3Dblue',
      offset: 9,
      hint: 'The parameters differ at search: check how it is encoded (WooCommerce encodes keys and values twice, + in a query is a space) and that it is sent exactly as signed.',
    });
  });

  test('errorCodes lists every code', () => {
    const codes = wc.errorCodes();
    ok(codes.includes('ERR_URL_INVALID'));
    equal(new Set(codes).size, codes.length);
  });
}
