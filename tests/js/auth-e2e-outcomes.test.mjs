// Every refusal of authorizeUrl / createAuthorization, every outcome of verifyAuthorizationReturn
// (completeAuthorization's check), parseCallback and the callback handler, through the package as
// shipped; then the sandbox store confirms that what wc-keys refuses in advance is what the store
// refuses or changes. (The browser-only outcomes of beginAuthorization and completeAuthorization
// are in auth-e2e.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as wc from 'wc-keys';
import { startSandbox } from './sandbox.mjs';

const AUTH = {
  storeUrl: 'https://shop.example',
  appName: 'My App',
  scope: 'read',
  userId: 'u42',
  returnUrl: 'https://app.example/return',
  callbackUrl: 'https://app.example/callback',
};
const KEY = 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';
const SECRET = 'cs_13579bdf2468ace013579bdf2468ace013579bdf';

function codeOf(fn) {
  try {
    fn();
  } catch (error) {
    assert.equal(error.name, 'WcKeysError');
    return { code: error.code, message: error.message };
  }
  return { code: 'ok', message: '' };
}

// [change, code, words the message must contain]
const REFUSALS = [
  [{ storeUrl: '' }, 'ERR_AUTH_PARAM_MISSING', 'storeUrl is missing'],
  [{ storeUrl: 'shop.example' }, 'ERR_STORE_URL_INVALID', 'The store URL is not usable'],
  [{ storeUrl: 'ftp://shop.example' }, 'ERR_STORE_URL_INVALID', 'The store URL is not usable'],
  [{ appName: '' }, 'ERR_AUTH_PARAM_MISSING', 'appName is missing'],
  [{ appName: '0' }, 'ERR_AUTH_PARAM_MISSING', 'appName is missing'],
  [{ appName: '   ' }, 'ERR_AUTH_PARAM_MISSING', 'appName is missing'],
  [{ scope: '' }, 'ERR_AUTH_PARAM_MISSING', 'scope is missing'],
  [{ scope: 'admin' }, 'ERR_AUTH_SCOPE_INVALID', "scope must be 'read'"],
  [{ scope: 'READ' }, 'ERR_AUTH_SCOPE_INVALID', "scope must be 'read'"],
  [{ userId: '' }, 'ERR_AUTH_PARAM_MISSING', 'userId is missing'],
  [{ userId: '0' }, 'ERR_AUTH_PARAM_MISSING', 'userId is missing'],
  [{ userId: 'a b' }, 'ERR_AUTH_USER_ID_INVALID', 'userId may only contain'],
  [{ userId: 'a<b>c' }, 'ERR_AUTH_USER_ID_INVALID', 'userId may only contain'],
  [{ userId: 'a%41' }, 'ERR_AUTH_USER_ID_INVALID', 'userId may only contain'],
  [{ userId: 'a&b=c' }, 'ERR_AUTH_USER_ID_INVALID', 'userId may only contain'],
  [{ userId: 'x'.repeat(129) }, 'ERR_AUTH_USER_ID_INVALID', 'at most 128'],
  [{ returnUrl: '' }, 'ERR_AUTH_PARAM_MISSING', 'returnUrl is missing'],
  [{ returnUrl: 'https://app example/r' }, 'ERR_AUTH_URL_INVALID', 'returnUrl would be refused'],
  [{ returnUrl: 'https://app_example.com/r' }, 'ERR_AUTH_URL_INVALID', 'returnUrl would be refused'],
  [{ returnUrl: 'https://appé.example/r' }, 'ERR_AUTH_URL_INVALID', 'returnUrl would be refused'],
  [{ returnUrl: 'https:///r' }, 'ERR_AUTH_URL_INVALID', 'returnUrl would be refused'],
  [{ returnUrl: 'https://app.example:99999/r' }, 'ERR_AUTH_URL_INVALID', 'port is above 65535'],
  [{ returnUrl: 'https://app.example/r?next=%2Fhome' }, 'ERR_AUTH_URL_MANGLED', 'returnUrl contains % or +'],
  [{ returnUrl: 'https://app.example/r?q=a+b' }, 'ERR_AUTH_URL_MANGLED', 'returnUrl contains % or +'],
  [{ callbackUrl: '' }, 'ERR_AUTH_PARAM_MISSING', 'callbackUrl is missing'],
  [{ callbackUrl: 'https://-app.example/c' }, 'ERR_AUTH_URL_INVALID', 'callbackUrl would be refused'],
  [{ callbackUrl: 'https://app.example/c%2F' }, 'ERR_AUTH_URL_MANGLED', 'callbackUrl contains % or +'],
  [{ callbackUrl: 'http://app.example/c' }, 'ERR_AUTH_CALLBACK_NOT_HTTPS', 'callbackUrl must start with https://'],
  [{ callbackUrl: 'ftp://app.example/c', allowLocalCallback: true }, 'ERR_AUTH_CALLBACK_NOT_HTTPS', 'callbackUrl must start with https://'],
  [{ callbackUrl: 'https://u:p@app.example/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'user name or password'],
  [{ callbackUrl: 'https://[::1]/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'IPv6'],
  [{ callbackUrl: 'https://127.0.0.1/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'loopback or private'],
  [{ callbackUrl: 'https://0.0.0.0/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'loopback or private'],
  [{ callbackUrl: 'https://10.1.2.3/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'loopback or private'],
  [{ callbackUrl: 'https://172.16.0.1/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'loopback or private'],
  [{ callbackUrl: 'https://172.31.255.255/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'loopback or private'],
  [{ callbackUrl: 'https://192.168.1.1/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'loopback or private'],
  [{ callbackUrl: 'https://localhost/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'loopback or private'],
  [{ callbackUrl: 'https://app.localhost/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'loopback or private'],
  [{ callbackUrl: 'https://app.example:8443/c' }, 'ERR_AUTH_CALLBACK_UNSAFE', 'port is not 80, 443 or 8080'],
  [{ permalinks: 'ugly' }, 'ERR_INPUT_INVALID', "permalinks must be 'pretty' or 'plain'"],
  [{ redirectUrl: 'https://app.example/' }, 'ERR_INPUT_INVALID', "unknown option 'redirectUrl'"],
];

// What the store accepts, so wc-keys must too.
const ACCEPTED = [
  {},
  { callbackUrl: 'https://app.example:8080/c' },
  { callbackUrl: 'https://app.example:443/c' },
  { callbackUrl: 'https://172.32.0.1/c' },
  { callbackUrl: 'https://11.0.0.1/c' },
  { callbackUrl: 'app.example/c' },
  { returnUrl: 'app.example/return' },
  { userId: 'a-b_c.d~e:f' },
  { userId: 'x'.repeat(128) },
  { scope: 'write' },
  { scope: 'read_write' },
  { permalinks: 'plain' },
  { callbackUrl: 'http://127.0.0.1:9/c', allowLocalCallback: true },
  { callbackUrl: 'https://[::1]:9/c', allowLocalCallback: true },
];

test('authorizeUrl and createAuthorization refuse, with a code and a reason, everything the store would not take', () => {
  for (const [change, code, words] of REFUSALS) {
    // createAuthorization's userId is optional ('' means the state alone) and gets ':' + state.
    const optional = change.userId === '' || change.userId === '0';
    for (const fn of optional ? [wc.authorizeUrl] : [wc.authorizeUrl, wc.createAuthorization]) {
      const got = codeOf(() => fn({ ...AUTH, ...change }));
      assert.equal(got.code, code, `${fn.name} ${JSON.stringify(change)}: ${got.message}`);
      assert.ok(got.message.includes(words), `${JSON.stringify(change)}: ${got.message}`);
    }
  }
  for (const change of ACCEPTED) {
    assert.equal(codeOf(() => wc.authorizeUrl({ ...AUTH, ...change })).code, 'ok', JSON.stringify(change));
  }
  // Not an object at all.
  for (const value of [undefined, null, 'https://shop.example', 7]) {
    assert.equal(codeOf(() => wc.authorizeUrl(value)).code, 'ERR_INPUT_INVALID', String(value));
  }
  const stateOnly = wc.createAuthorization({ ...AUTH, userId: '' });
  assert.equal(stateOnly.userId, stateOnly.state);
  const zero = wc.createAuthorization({ ...AUTH, userId: '0' });
  assert.equal(zero.userId, `0:${zero.state}`);
  // createAuthorization adds 33 characters (':' and the state) to userId: 95 is the longest app id.
  assert.equal(codeOf(() => wc.createAuthorization({ ...AUTH, userId: 'x'.repeat(95) })).code, 'ok');
  assert.equal(codeOf(() => wc.createAuthorization({ ...AUTH, userId: 'x'.repeat(96) })).code, 'ERR_AUTH_USER_ID_INVALID');
});

test('verifyAuthorizationReturn: every outcome', () => {
  const { userId } = wc.createAuthorization(AUTH);
  const back = (query) => `https://app.example/return?${query}`;
  assert.deepEqual(wc.verifyAuthorizationReturn(back(`success=1&user_id=${userId}`), userId), { status: 'approved', userId: 'u42' });
  assert.deepEqual(wc.verifyAuthorizationReturn(back(`success=0&user_id=${userId}`), userId), { status: 'denied', userId: 'u42' });
  // The return URL may keep the app's own query parameters before the store's.
  assert.deepEqual(wc.verifyAuthorizationReturn(back(`tab=keys&success=1&user_id=${userId}`), userId), { status: 'approved', userId: 'u42' });
  const bare = wc.createAuthorization({ ...AUTH, userId: undefined });
  assert.deepEqual(wc.verifyAuthorizationReturn(back(`success=1&user_id=${bare.userId}`), bare.userId), { status: 'approved', userId: null });
  const cases = [
    [back(`user_id=${userId}`), userId, 'ERR_AUTH_RETURN_INVALID'],
    [back('success=1'), userId, 'ERR_AUTH_RETURN_INVALID'],
    [back(`success=2&user_id=${userId}`), userId, 'ERR_AUTH_RETURN_INVALID'],
    [back(`success=true&user_id=${userId}`), userId, 'ERR_AUTH_RETURN_INVALID'],
    [back(`success[]=1&user_id=${userId}`), userId, 'ERR_AUTH_RETURN_INVALID'],
    ['not a url', userId, 'ERR_AUTH_RETURN_INVALID'],
    [back(`success=1&user_id=${userId}`), undefined, 'ERR_AUTH_STATE_MISSING'],
    [back(`success=1&user_id=${userId}`), '', 'ERR_AUTH_STATE_MISSING'],
    [back(`success=1&user_id=${userId.slice(0, -1)}`), userId, 'ERR_AUTH_STATE_MISMATCH'],
    [back(`success=1&user_id=${userId}x`), userId, 'ERR_AUTH_STATE_MISMATCH'],
    [back(`success=1&user_id=u42:${'A'.repeat(32)}`), userId, 'ERR_AUTH_STATE_MISMATCH'],
    [back(`success=0&user_id=`), userId, 'ERR_AUTH_STATE_MISMATCH'],
  ];
  for (const [url, expected, code] of cases) {
    assert.equal(codeOf(() => wc.verifyAuthorizationReturn(url, expected)).code, code, `${url} / ${expected}`);
  }
});

const PAYLOAD = { key_id: 7, user_id: 'u42:state', consumer_key: KEY, consumer_secret: SECRET, key_permissions: 'read_write' };
const body = (change, drop) => {
  const value = { ...PAYLOAD, ...change };
  if (drop) delete value[drop];
  return JSON.stringify(value);
};

// [body, options, code, words of the reason]
const CALLBACKS = [
  ['not json', undefined, 'ERR_CALLBACK_INVALID', 'it is not JSON'],
  ['[]', undefined, 'ERR_CALLBACK_INVALID', 'it is not a JSON object'],
  ['null', undefined, 'ERR_CALLBACK_INVALID', 'it is not a JSON object'],
  ['7', undefined, 'ERR_CALLBACK_INVALID', 'it is not a JSON object'],
  [body({}, 'key_id'), undefined, 'ERR_CALLBACK_INVALID', 'key_id is missing'],
  [body({ key_id: '7' }), undefined, 'ERR_CALLBACK_INVALID', 'key_id is not a positive integer'],
  [body({ key_id: -7 }), undefined, 'ERR_CALLBACK_INVALID', 'key_id is not a positive integer'],
  [body({ key_id: 7.5 }), undefined, 'ERR_CALLBACK_INVALID', 'key_id is not a positive integer'],
  [body({}, 'user_id'), undefined, 'ERR_CALLBACK_INVALID', 'user_id is missing'],
  [body({ user_id: true }), undefined, 'ERR_CALLBACK_INVALID', 'user_id is not a string'],
  [body({}, 'consumer_key'), undefined, 'ERR_CALLBACK_INVALID', 'consumer_key is missing'],
  [body({ consumer_key: 7 }), undefined, 'ERR_CALLBACK_INVALID', 'consumer_key is not a string'],
  [body({ consumer_key: KEY.toUpperCase() }), undefined, 'ERR_CALLBACK_INVALID', 'consumer_key is not ck_'],
  [body({ consumer_key: SECRET }), undefined, 'ERR_CALLBACK_INVALID', 'consumer_key is not ck_'],
  [body({ consumer_key: KEY.slice(0, -1) }), undefined, 'ERR_CALLBACK_INVALID', 'consumer_key is not ck_'],
  [body({}, 'consumer_secret'), undefined, 'ERR_CALLBACK_INVALID', 'consumer_secret is missing'],
  [body({ consumer_secret: KEY }), undefined, 'ERR_CALLBACK_INVALID', 'consumer_secret is not cs_'],
  [body({}, 'key_permissions'), undefined, 'ERR_CALLBACK_INVALID', 'key_permissions is missing'],
  [body({ key_permissions: 'admin' }), undefined, 'ERR_CALLBACK_INVALID', 'key_permissions is not read, write or read_write'],
  [' '.repeat(16 * 1024 + 1), undefined, 'ERR_CALLBACK_TOO_LARGE', 'larger than 16 KiB'],
  [body(), { expectedUserId: 'u42:other' }, 'ERR_CALLBACK_USER_MISMATCH', 'not the one this app sent'],
  [body(), { expectedUserId: 'u42:stat' }, 'ERR_CALLBACK_USER_MISMATCH', 'not the one this app sent'],
  [body(), { expectedScope: 'read' }, 'ERR_CALLBACK_PERMISSIONS_MISMATCH', "granted 'read_write' but the app asked for 'read'"],
  [body(), { expectedScope: 'all' }, 'ERR_AUTH_SCOPE_INVALID', "scope must be 'read'"],
  [body(), { expectedUser: 'u42:state' }, 'ERR_INPUT_INVALID', "unknown option 'expectedUser'"],
];

test('parseCallback: every outcome, and no message quotes the secret', () => {
  const keys = { keyId: 7, userId: 'u42:state', consumerKey: KEY, consumerSecret: SECRET, keyPermissions: 'read_write' };
  assert.deepEqual(wc.parseCallback(body()), keys);
  assert.deepEqual(wc.parseCallback(body(), { expectedUserId: 'u42:state', expectedScope: 'read_write' }), keys);
  // A field a later WooCommerce may add is ignored, whatever its name; it is never quoted.
  assert.deepEqual(wc.parseCallback(body({ extra: 1, [SECRET]: 2 })), keys);
  // A plugin that turned user_id into a number: read as its decimal text.
  assert.equal(wc.parseCallback(body({ user_id: 42 }), { expectedUserId: '42' }).userId, '42');
  // WooCommerce's own payload is about 200 bytes; 16 KiB exactly still passes the size check.
  const padded = body().padEnd(16 * 1024, ' ');
  assert.equal(wc.parseCallback(padded).keyId, 7);
  for (const [text, options, code, words] of CALLBACKS) {
    const got = codeOf(() => wc.parseCallback(text, options));
    assert.equal(got.code, code, `${text.slice(0, 80)} ${JSON.stringify(options)}: ${got.message}`);
    assert.ok(got.message.includes(words), got.message);
    assert.ok(!got.message.includes(SECRET.slice(3)) && !got.message.includes(KEY.slice(3)), got.message);
  }
});

test('createCallbackHandler over a real Node server (toNodeListener): each answer the store can get', async () => {
  const kept = [];
  let failing = false;
  const listener = wc.toNodeListener(wc.createCallbackHandler({
    onKeys: (keys) => {
      if (failing) throw new Error(`database down, lost ${keys.consumerSecret}`);
      kept.push(keys);
    },
    verifyUserId: async (userId) => userId === 'u42:state',
    expectedScope: 'read_write',
  }));
  const server = createServer(listener);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/wc-callback`;
  const post = (text, type = 'application/json;charset=UTF-8') => fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body: text });
  try {
    const answers = [];
    const note = async (response) => {
      const text = await response.text();
      answers.push([response.status, response.status === 200 ? text : JSON.parse(text).code]);
      assert.ok(!text.includes(SECRET.slice(3)), text);
      assert.equal(response.headers.get('cache-control'), 'no-store');
    };
    await note(await post(body()));
    await note(await post(body({ user_id: 'u42:other' })));
    await note(await post(body({ key_permissions: 'read' })));
    await note(await post(body({ consumer_key: 'ck_x' })));
    await note(await post('x'.repeat(16 * 1024 + 1)));
    await note(await post(body(), 'text/plain'));
    await note(await fetch(url));
    failing = true;
    await note(await post(body()));
    assert.deepEqual(answers, [
      [200, 'OK'],
      [403, 'ERR_CALLBACK_USER_MISMATCH'],
      [400, 'ERR_CALLBACK_PERMISSIONS_MISMATCH'],
      [400, 'ERR_CALLBACK_INVALID'],
      // Over the handler's 16 KiB, toNodeListener answers itself and never calls the handler.
      [413, 'ERR_BODY_TOO_LARGE'],
      [415, 'ERR_CALLBACK_INVALID'],
      [405, 'ERR_CALLBACK_METHOD'],
      [500, 'ERR_CALLBACK_HANDLER_FAILED'],
    ]);
    assert.equal(kept.length, 1);
    assert.equal(kept[0].consumerSecret, SECRET);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

// The store's side: the sandbox runs WooCommerce's make_validation(), build_url() and wc_clean().
let store;
before(async () => {
  store = await startSandbox({ https: false });
});
after(async () => {
  await store?.stop();
});

/** The authorize URL built by hand, without wc-keys' checks (values encoded once). */
function rawAuthorizeUrl(values) {
  const names = { appName: 'app_name', scope: 'scope', userId: 'user_id', returnUrl: 'return_url', callbackUrl: 'callback_url' };
  const query = Object.entries(names).map(([from, to]) => `${to}=${encodeURIComponent(values[from])}`).join('&');
  return `${store.httpUrl}/wc-auth/v1/authorize?${query}`;
}

test('the sandbox store refuses at its door what wc-keys refuses, with WooCommerce\'s messages', async () => {
  const local = { ...AUTH, storeUrl: store.httpUrl };
  const cases = [
    [{ appName: '' }, 'ERR_AUTH_PARAM_MISSING', 'Error: Missing parameter app_name.'],
    [{ appName: '0' }, 'ERR_AUTH_PARAM_MISSING', 'Error: Missing parameter app_name.'],
    [{ userId: '0' }, 'ERR_AUTH_PARAM_MISSING', 'Error: Missing parameter user_id.'],
    [{ returnUrl: '' }, 'ERR_AUTH_PARAM_MISSING', 'Error: Missing parameter return_url.'],
    [{ callbackUrl: '' }, 'ERR_AUTH_PARAM_MISSING', 'Error: Missing parameter callback_url.'],
    [{ scope: '' }, 'ERR_AUTH_PARAM_MISSING', 'Error: Missing parameter scope.'],
    [{ scope: 'admin' }, 'ERR_AUTH_SCOPE_INVALID', 'Error: Invalid scope admin.'],
    [{ returnUrl: 'https://app example/r' }, 'ERR_AUTH_URL_INVALID', 'Error: The https://app example/r is not a valid URL.'],
    [{ returnUrl: 'https://app_example.com/r' }, 'ERR_AUTH_URL_INVALID', 'Error: The https://app_example.com/r is not a valid URL.'],
    [{ callbackUrl: 'https://-app.example/c' }, 'ERR_AUTH_URL_INVALID', 'Error: The https://-app.example/c is not a valid URL.'],
    [{ callbackUrl: 'http://app.example/c' }, 'ERR_AUTH_CALLBACK_NOT_HTTPS', 'Error: The callback_url needs to be over SSL.'],
  ];
  for (const [change, code, storeSays] of cases) {
    assert.equal(codeOf(() => wc.authorizeUrl({ ...local, ...change })).code, code, JSON.stringify(change));
    const response = await fetch(rawAuthorizeUrl({ ...local, ...change }), { redirect: 'manual' });
    const html = await response.text();
    assert.equal(response.status, 401, JSON.stringify(change));
    assert.ok(html.includes(`<div class="wp-die-message">${storeSays.replaceAll('&', '&amp;')}</div>`), `${JSON.stringify(change)}: ${html}`);
  }
});

test('the sandbox store takes what wc-keys builds, and changes what wc-keys refuses as mangled', async () => {
  const local = { ...AUTH, storeUrl: store.httpUrl };
  for (const change of [{}, { scope: 'write' }, { returnUrl: 'app.example/return' }, { callbackUrl: 'app.example/c' }, { userId: 'a-b_c.d~e:f' }]) {
    const response = await fetch(wc.authorizeUrl({ ...local, ...change }), { redirect: 'manual' });
    assert.equal(response.status, 302, JSON.stringify(change));
    assert.ok(response.headers.get('location').startsWith(`${store.httpUrl}/wc-auth/v1/login/?app_name=My%20App&user_id=`), JSON.stringify(change));
  }
  // What the store carries to its next page (the login link): user_id cleaned by wc_clean(), and
  // URLs decoded once more, so the merchant would come back somewhere else.
  const carried = async (change) => {
    const response = await fetch(rawAuthorizeUrl({ ...local, ...change }), { redirect: 'manual' });
    assert.equal(response.status, 302, JSON.stringify(change));
    return new URL(response.headers.get('location')).searchParams;
  };
  for (const [userId, cleaned] of [['a<b>c', 'ac'], ['a%41', 'a'], ['  a  ', 'a']]) {
    assert.equal(codeOf(() => wc.authorizeUrl({ ...local, userId })).code, 'ERR_AUTH_USER_ID_INVALID', userId);
    assert.equal((await carried({ userId })).get('user_id'), cleaned, userId);
  }
  const mangled = 'https://app.example/r?next=%2Fhome';
  assert.equal(codeOf(() => wc.authorizeUrl({ ...local, returnUrl: mangled })).code, 'ERR_AUTH_URL_MANGLED');
  assert.equal((await carried({ returnUrl: mangled })).get('return_url'), 'https://app.example/r?next=/home');
  // A + decoded once more is a space, which the store's own URL check then refuses.
  const plus = 'https://app.example/r?q=a+b';
  assert.equal(codeOf(() => wc.authorizeUrl({ ...local, returnUrl: plus })).code, 'ERR_AUTH_URL_MANGLED');
  const response = await fetch(rawAuthorizeUrl({ ...local, returnUrl: plus }), { redirect: 'manual' });
  assert.equal(response.status, 401);
  assert.ok((await response.text()).includes('<div class="wp-die-message">Error: The https://app.example/r?q=a b is not a valid URL.</div>'));
});
