// The README's wc-auth server, examples/wc-auth-server.mjs, run as is (`node wc-auth-server.mjs`
// in examples/, where `npm install` links wc-keys to ../pkg): a page on another origin gets an id
// from the example and starts wc-auth with it, the sandbox store POSTs the keys to the example,
// the page picks them up once and they pass checkKeys. Callbacks for ids the example did not
// issue are refused, and it keeps a bounded number of ids.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { connect as connectSocket } from 'node:net';
import { join } from 'node:path';
import { checkKeys, keyHash } from 'wc-keys';
import { launch } from './chromium.mjs';
import { startSandbox } from './sandbox.mjs';
import { ROOT, appKeys, connect, logInAndAnswer, openApp, outcomeOf, startApp } from './auth-e2e-helpers.mjs';

const EXAMPLE = join(ROOT, 'examples/wc-auth-server.mjs');
const READ = ['View coupons', 'View customers', 'View orders and sales reports', 'View products'];
const READ_WRITE = ['Create webhooks', 'View and manage coupons', 'View and manage customers', 'View and manage orders and sales reports', 'View and manage products'];

let browser;
let sandbox;
let example;
let exampleUrl;
const exampleOutput = [];

/** What `npm install` in examples/ does with the "file:../pkg" dependency: a link to pkg/. */
function linkPackage() {
  const link = join(ROOT, 'examples/node_modules/wc-keys');
  if (!existsSync(link)) {
    mkdirSync(join(ROOT, 'examples/node_modules'), { recursive: true });
    symlinkSync('../../pkg', link);
  }
  assert.equal(realpathSync(link), realpathSync(join(ROOT, 'pkg')));
}

/** Starts `node wc-auth-server.mjs` in examples/, as the README says, on a free port. */
async function startExample(appOrigin) {
  const child = spawn(process.execPath, ['wc-auth-server.mjs'], {
    cwd: join(ROOT, 'examples'),
    env: { ...process.env, PORT: '0', APP_ORIGIN: appOrigin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (d) => exampleOutput.push(String(d)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      const match = /^wc-auth server on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(text);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the example exited (${code}): ${exampleOutput.join('')}`)));
  });
  return { child, url, stop: async () => { child.kill(); await exited; } };
}

before(async () => {
  linkPackage();
  [browser, sandbox] = await Promise.all([launch(), startSandbox({ https: false })]);
});

after(async () => {
  await example?.stop();
  await browser?.close();
  await sandbox?.stop();
});

test('the README shows exactly the example this file runs', () => {
  const source = readFileSync(EXAMPLE, 'utf8');
  // It grew from about 30 lines when it began issuing the ids it accepts and bounding its flows.
  assert.ok(source.split('\n').length <= 45, 'about 40 lines');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(`\`\`\`js\n${source}\`\`\``), 'README.md must show examples/wc-auth-server.mjs verbatim in a ```js block');
});

/** One approval through the example; returns what the page reported. */
async function approveThroughExample(app, mode, scope, permissions) {
  await browser.context.clearCookies();
  const page = await openApp(browser.context, app.url);
  const storePage = await connect(page, mode);
  await logInAndAnswer(storePage, { approve: true, scopeLabel: scope === 'read' ? 'Read' : 'Read/Write', permissions });
  return outcomeOf(page);
}

/** The status of a request sent as written (fetch would normalise the target). */
function rawStatus(url, line) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connectSocket(Number(port), hostname, () => socket.write(`${line} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk) => { text += chunk; });
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1])));
    socket.on('error', reject);
  });
}

/** A POST that announces a body and stops half-way through it. */
function cutOff(url, path) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connectSocket(Number(port), hostname, () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: 100\r\n\r\nhalf`);
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('close', resolve);
    socket.on('error', () => {});
  });
}

/** Where the page finds the example: its callback (with `query`, as a store may be given one), pickup and start. */
const receiverOf = (url, query = '') => ({ callbackUrl: `${url}/wc-callback${query}`, pickupUrl: `${url}/wc-pickup`, startUrl: `${url}/wc-start` });

/** A callback body as the store POSTs it. */
const callbackBody = (userId) => JSON.stringify({ key_id: 9, user_id: userId, consumer_key: `ck_${'a'.repeat(40)}`, consumer_secret: `cs_${'b'.repeat(40)}`, key_permissions: 'read' });

// Redirect mode with a callback URL that carries a query string (the example matched the path
// exactly, and answered such a callback 404).
for (const [mode, scope, permissions, query] of [['redirect', 'read_write', READ_WRITE, '?from=store'], ['popup', 'read', READ, '']]) {
  test(`${mode} mode: the example receives the keys, the page picks them up once, they pass checkKeys`, async () => {
    const options = { storeUrl: sandbox.httpUrl, scope };
    const app = await startApp(options);
    try {
      example = await startExample(app.origin);
      options.receiver = receiverOf(example.url, query);
      exampleUrl = example.url;
      const before = await appKeys(sandbox);
      const outcome = await approveThroughExample(app, mode, scope, permissions);
      assert.equal(outcome.outcome, 'approved', JSON.stringify(outcome));
      assert.equal(outcome.pickup, 200);
      assert.deepEqual(Object.keys(outcome.keys), ['consumerKey', 'consumerSecret', 'keyPermissions']);
      assert.equal(outcome.keys.keyPermissions, scope);
      assert.equal(outcome.report.ok, true, outcome.report.summary);
      assert.deepEqual(outcome.report.permissions, { read: true, write: scope === 'read_write' });
      assert.equal(app.received.length, 0, 'the keys went to the example, not to the app server');
      const made = (await appKeys(sandbox)).filter((k) => !before.some((b) => b.key_id === k.key_id));
      assert.equal(made.length, 1);
      assert.equal(made[0].consumer_key, keyHash(outcome.keys.consumerKey));
      const { consumerKey, consumerSecret } = outcome.keys;
      const report = await checkKeys({ storeUrl: sandbox.httpUrl, consumerKey, consumerSecret, need: scope });
      assert.equal(report.ok, true, report.summary);
      // The user_id was the id the example issued (expiry, nonce, MAC), then the state.
      assert.match(outcome.userId, /^\d{13}\.[\w-]{12}\.[\w-]{43}$/);
      // One pickup only, and only the page's origin may read the answer; the state is no key.
      for (const body of [outcome.userId, outcome.state]) {
        const again = await fetch(`${example.url}/wc-pickup`, { method: 'POST', body });
        assert.equal(again.status, 404);
        assert.equal(again.headers.get('access-control-allow-origin'), app.origin);
      }
    } finally {
      await example?.stop();
      example = undefined;
      await app.close();
    }
  });
}

test('the example refuses a user_id it did not issue (403): the store deletes the key', async () => {
  const options = { storeUrl: sandbox.httpUrl, scope: 'read', appId: 'intruder' };
  const app = await startApp(options);
  try {
    example = await startExample(app.origin);
    // The page starts with its own user_id ('intruder'), not one the example issued.
    options.receiver = { ...receiverOf(example.url), startUrl: undefined };
    const before = await appKeys(sandbox);
    await browser.context.clearCookies();
    const page = await openApp(browser.context, app.url);
    await connect(page, 'redirect');
    const granted = page.waitForResponse((r) => r.url().startsWith(`${sandbox.httpUrl}/wc-auth/v1/access_granted/`));
    await logInAndAnswer(page, { approve: true, scopeLabel: 'Read', permissions: READ });
    assert.equal((await granted).status(), 401);
    assert.match(await page.textContent('.wp-die-message'), /^Error: An error occurred in the request/);
    assert.deepEqual(await appKeys(sandbox), before);
    // Forged callbacks straight to the example are refused the same way, however well formed:
    // 'app:' and a 32-character state was what the example used to take.
    // And an id of the example's own form whose MAC is not the example's.
    const madeUp = `${Date.now() + 60_000}.${'n'.repeat(12)}.${'m'.repeat(43)}`;
    for (const userId of ['app:short', `app:${'s'.repeat(32)}`, `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}:${'s'.repeat(32)}`, `${madeUp}:${'s'.repeat(32)}`]) {
      const forged = await fetch(`${example.url}/wc-callback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json;charset=UTF-8' },
        body: callbackBody(userId),
      });
      assert.equal(forged.status, 403, userId);
      assert.equal((await forged.json()).code, 'ERR_CALLBACK_USER_MISMATCH');
    }
  } finally {
    await example?.stop();
    example = undefined;
    await app.close();
  }
});

test('the example takes one callback per id it issued, at a callback URL with a query, and keeps at most 1000 sets of keys', async () => {
  example = await startExample('https://app.example');
  try {
    const start = () => fetch(`${example.url}/wc-start`, { method: 'POST' });
    const callback = (userId, path = '/wc-callback?from=store') => fetch(`${example.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: callbackBody(userId),
    });
    const pickup = (id) => fetch(`${example.url}/wc-pickup`, { method: 'POST', body: id });
    const first = await start();
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('access-control-allow-origin'), 'https://app.example');
    const id = await first.json();
    const userId = `${id}:${'s'.repeat(32)}`;
    assert.equal((await pickup(id)).status, 404, 'no keys yet');
    assert.equal((await callback(userId)).status, 200);
    assert.equal((await callback(userId, '/wc-callback')).status, 403, 'one callback per id');
    assert.equal((await callback(`${id}.x:${'s'.repeat(32)}`)).status, 403, 'not with more after the id either');
    const keys = await pickup(id);
    assert.equal(keys.status, 200);
    assert.deepEqual(await keys.json(), { consumerKey: `ck_${'a'.repeat(40)}`, consumerSecret: `cs_${'b'.repeat(40)}`, keyPermissions: 'read' });
    assert.equal((await pickup(id)).status, 404, 'one pickup');
    assert.equal((await callback(userId)).status, 403, 'not after the pickup either');
    // Issuing an id keeps nothing: 999 more ids called back fit. Then /wc-start answers 503 before
    // anyone is sent to the store, and an id issued earlier is refused (403: the store deletes the
    // key) until one expires.
    const spare = await (await start()).json();
    for (let i = 1; i < 1000; i += 1) {
      assert.equal((await callback(`${await (await start()).json()}:${'s'.repeat(32)}`)).status, 200, `keys ${i + 1}`);
    }
    const full = await start();
    assert.equal(full.status, 503);
    assert.deepEqual(await full.json(), { code: 'busy' });
    assert.equal((await callback(`${spare}:${'s'.repeat(32)}`)).status, 403, 'the 1001st id');
    assert.equal((await fetch(`${example.url}/wc-start`)).status, 404, 'POST only');
    // A request target the URL parser refuses ('//'), and a body cut off mid-way: answered, and
    // the server goes on.
    assert.equal(await rawStatus(example.url, 'GET //'), 404);
    await cutOff(example.url, '/wc-pickup');
    assert.equal((await pickup('nothing')).status, 404, 'still serving');
  } finally {
    await example.stop();
    example = undefined;
  }
});

test('the example wrote nothing to stderr', () => {
  assert.ok(exampleUrl, 'the example ran');
  assert.deepEqual(exampleOutput, []);
});
