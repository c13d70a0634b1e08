// The demo page end to end (issue 9), as `cargo xtask demo` runs it: demo/server.mjs (page,
// package, callback receiver) in front of a fresh sandbox store, driven in headless Chromium.
// The wc-auth round trip in both modes ending in a passing key check, a signed request sent to the
// store and accepted, store answers carrying markup shown as text, axe-core at each stage (light
// and dark, 1280 and 360 px), and the README's screenshots (docs/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WooCommerceRestApi, { keyHash } from 'wc-keys';
import { launch } from './chromium.mjs';
import { startSandbox } from './sandbox.mjs';
import { ROOT, logInAndAnswer } from './auth-e2e-helpers.mjs';

const execFileAsync = promisify(execFile);
const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
// Written under tests/artifacts/ (ignored by git) on every run; WC_KEYS_UPDATE_SCREENSHOTS=1 also
// refreshes the README's copies in docs/screenshots/.
const SCREENSHOTS = join(ROOT, 'tests/artifacts/screenshots');
const README_SCREENSHOTS = join(ROOT, 'docs/screenshots');
const APP_NAME = 'wc-keys demo';
const SCOPES = {
  read: { label: 'Read', permissions: ['View coupons', 'View customers', 'View orders and sales reports', 'View products'] },
  read_write: {
    label: 'Read/Write',
    permissions: ['Create webhooks', 'View and manage coupons', 'View and manage customers', 'View and manage orders and sales reports', 'View and manage products'],
  },
};
const MARKUP = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

let sandbox;
let demo;
let browser;
const problems = [];
const dialogs = [];

/** `node demo/server.mjs --port 0 --store URL`, as `cargo xtask demo` starts it. */
async function startDemo(storeUrl) {
  const child = spawn(process.execPath, [join(ROOT, 'demo/server.mjs'), '--port', '0', '--store', storeUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      const match = /^wc-keys demo: (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(text);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`demo/server.mjs exited (${code})`)));
  });
  return { url, origin: url.slice(0, -1), stop: async () => { child.kill(); await exited; } };
}

/** Records what a page of the demo's origin logs as an error; the store's own pages are not ours. */
function watch(page) {
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() !== 'error' || !page.url().startsWith(demo.origin)) return;
    // The browser logs every 4xx answer to fetch; the tests provoke some on purpose: from the
    // sandbox, 401 (a write probe with a read key, a wrong signature) and 404 (the write probe's
    // route does not exist); from the hostile store, its 418.
    const expected = [[sandbox.httpUrl, /^Failed to load resource: the server responded with a status of 40[14] /], [hostile?.origin, /^Failed to load resource: the server responded with a status of 418 /]];
    if (expected.some(([origin, text]) => origin && m.location().url.startsWith(`${origin}/`) && text.test(m.text()))) return;
    problems.push(`console: ${m.text()} (${m.location().url})`);
  });
}

async function openDemo(viewport = { width: 1280, height: 900 }) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  watch(page);
  await page.goto(demo.url);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => (await window.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
}

/** axe in both colour schemes; the page is left in light mode. */
async function assertAccessible(page, stage) {
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    assert.deepEqual(await axeViolations(page), [], `${stage}, ${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Keys wc-auth made for the demo (description "wc-keys demo - API (…)"). */
async function demoKeys() {
  return (await sandbox.state()).keys.filter((k) => k.description.startsWith(`${APP_NAME} - API (`));
}

/** Part 1: pick scope and mode, Connect, log in and answer on the store. */
async function connectThroughStore(page, { mode, scope, approve }) {
  await browser.context.clearCookies();
  assert.equal(await page.inputValue('#store-url'), sandbox.httpUrl, 'the demo server prefills the sandbox');
  await page.check(`input[name="scope"][value="${scope}"]`);
  await page.check(`input[name="mode"][value="${mode}"]`);
  assert.equal(await page.isEnabled('#connect'), true);
  let storePage = page;
  if (mode === 'popup') [storePage] = await Promise.all([browser.context.waitForEvent('page'), page.click('#connect')]);
  else await page.click('#connect');
  const closed = mode === 'popup' ? storePage.waitForEvent('close') : null;
  await logInAndAnswer(storePage, { approve, appName: APP_NAME, scopeLabel: SCOPES[scope].label, permissions: SCOPES[scope].permissions });
  await page.waitForSelector('#connect-outcome[data-state="ok"], #connect-outcome[data-state="bad"]');
  if (approve) await page.waitForSelector('#received-keys:not([hidden])');
  await closed;
}

/** Part 3: the key check, waited for. */
async function runCheck(page, need) {
  await page.selectOption('#need', need);
  await page.click('#check');
  await page.waitForSelector('#check-summary:not([data-state="busy"])');
  return page.$$eval('#check-list li[data-check]', (items) => Object.fromEntries(items.map((i) => [i.dataset.check, i.dataset.state])));
}

let hostile;

before(async () => {
  sandbox = await startSandbox({ https: false, seedKeys: 'fixed' });
  [demo, browser] = await Promise.all([startDemo(sandbox.httpUrl), launch()]);
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  await sandbox?.stop();
  await hostile?.close();
});

for (const [mode, scope] of [['redirect', 'read_write'], ['popup', 'read']]) {
  test(`wc-auth round trip in ${mode} mode, ending in a passing key check`, async () => {
    const page = await openDemo();
    if (mode === 'redirect') await assertAccessible(page, 'the page as it opens');
    const before = await demoKeys();
    await connectThroughStore(page, { mode, scope, approve: true });
    assert.equal(await page.textContent('#connect-outcome'), 'Approved: the store created a key and sent it to the app server.');
    assert.equal(await page.isChecked(`input[name="mode"][value="${mode}"]`), true, 'the mode chosen is still chosen');
    // The store made one key; the page shows it masked as WooCommerce's admin does.
    const made = (await demoKeys()).filter((k) => !before.some((b) => b.key_id === k.key_id));
    assert.equal(made.length, 1);
    assert.equal(made[0].permissions, scope);
    assert.equal(await page.textContent('#received-key'), `…${made[0].truncated_key}`);
    assert.equal(await page.textContent('#received-secret'), `…${made[0].consumer_secret.slice(-7)}`);
    assert.equal(await page.textContent('#received-permissions'), SCOPES[scope].label);
    await page.click('#reveal-received');
    const consumerKey = await page.textContent('#received-key');
    assert.equal(keyHash(consumerKey), made[0].consumer_key);
    assert.equal(await page.textContent('#received-secret'), made[0].consumer_secret);
    await page.click('#reveal-received');
    assert.equal(await page.textContent('#received-key'), `…${made[0].truncated_key}`);
    // The keys were picked up once: the demo server holds nothing more for this page.
    const again = await fetch(`${demo.origin}/wc-pickup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: `demo:${'A'.repeat(32)}` }) });
    assert.equal(again.status, 404);
    // Use them below, and check them against the sandbox.
    await page.click('#use-received');
    assert.equal(await page.inputValue('#consumer-key'), consumerKey);
    assert.equal(await page.textContent('#credentials-verdict'), 'Both have the right format.');
    assert.equal(await page.inputValue('#need'), scope);
    const checks = await runCheck(page, scope);
    assert.equal(await page.getAttribute('#check-summary', 'data-state'), 'ok', await page.textContent('#check-summary'));
    assert.equal(await page.textContent('#check-summary'), `The key works (${scope === 'read' ? 'read only' : 'read and write'}, via oauth-header); 1 warning.`);
    assert.deepEqual(checks, {
      store: 'ok', api: 'ok', key: 'ok', read: 'ok', write: scope === 'read' ? 'info' : 'ok', privilege: 'ok', clock: 'ok', https: 'bad',
    });
    if (scope === 'read') assert.equal(await page.textContent('#check-list li[data-check="write"]'), '–Can write: no (not needed)');
    assert.deepEqual(await page.$$eval('#check-list li[data-finding]', (items) => items.map((i) => i.dataset.finding)), ['NOT_HTTPS']);
    await assertAccessible(page, `after the ${mode} round trip and the check`);
    if (mode === 'redirect') {
      // The return page cannot be replayed: the state was used.
      await page.goto(`${demo.url}?success=1&user_id=demo:${made[0].truncated_key}`);
      await page.waitForSelector('html[data-ready="true"]');
      assert.match(await page.textContent('#connect-outcome'), /^ERR_AUTH_STATE_MISSING: No authorization is pending in this tab.*Click Connect to start again\.$/);
      assert.equal(await page.isHidden('#received-keys'), true);
    }
    await page.close();
  });
}

test('a key with less permission than the app needs fails the check, saying what is missing', async () => {
  const page = await openDemo();
  assert.equal(await page.textContent('#check-store'), sandbox.httpUrl, 'part 3 names the store it checks');
  // A pair part 2 finds wrong (swapped) is not sent: the page says what to fix.
  // (The store keeps its last 200 requests: compare the newest entry, not the count.)
  const newest = async () => JSON.stringify((await sandbox.state()).requests.at(-1));
  const before = await newest();
  await page.fill('#consumer-key', sandbox.keys.read.consumerSecret);
  await page.fill('#consumer-secret', sandbox.keys.read.consumerKey);
  await page.click('#check');
  assert.equal(await page.getAttribute('#check-summary', 'data-state'), 'bad');
  assert.match(await page.textContent('#check-summary'), /^Fix the key and secret in part 2 first: This looks like the consumer secret/);
  assert.equal(await newest(), before, 'nothing reached the store');
  await page.fill('#consumer-key', sandbox.keys.read.consumerKey);
  await page.fill('#consumer-secret', sandbox.keys.read.consumerSecret);
  const checks = await runCheck(page, 'read_write');
  assert.equal(await page.getAttribute('#check-summary', 'data-state'), 'bad');
  assert.deepEqual([checks.read, checks.write], ['ok', 'bad']);
  assert.equal(await page.textContent('#check-list li[data-check="write"]'), '✗Can write: no');
  assert.deepEqual(await page.$$eval('#check-list li[data-finding]', (items) => items.map((i) => i.dataset.finding)), ['WRITE_MISSING', 'NOT_HTTPS']);
  assert.equal(await page.isVisible('#check-raw-details'), true);
  // A check that throws takes the previous report off the page with it.
  await page.fill('#store-url', sandbox.httpUrl.replace(/^http:\/\//, ''));
  await runCheck(page, 'read_write');
  assert.match(await page.textContent('#check-summary'), /^ERR_STORE_URL_INVALID: /);
  assert.equal(await page.isHidden('#check-raw-details'), true);
  assert.equal(await page.textContent('#check-raw'), '');
  assert.equal(await page.$$eval('#check-list li', (items) => items.length), 0);
  await page.close();
});

test('wc-auth denied in popup mode: the page says so and no key is made', async () => {
  const page = await openDemo();
  const before = await demoKeys();
  await connectThroughStore(page, { mode: 'popup', scope: 'read', approve: false });
  assert.equal(await page.getAttribute('#connect-outcome', 'data-state'), 'bad');
  assert.equal(await page.textContent('#connect-outcome'), 'Denied: the merchant did not approve. No key was created.');
  assert.equal(await page.isHidden('#received-keys'), true);
  assert.deepEqual(await demoKeys(), before);
  await page.close();
});

test('a signed request is shown, then sent to the sandbox and accepted', async () => {
  const page = await openDemo();
  const { consumerKey, consumerSecret } = sandbox.keys.read;
  // The example URL is on the local store, not on shop.example.
  assert.equal(await page.inputValue('#sign-url'), `${sandbox.httpUrl}/wp-json/wc/v3/products?per_page=20&search=blue shirt`);
  await page.fill('#consumer-key', consumerKey);
  await page.fill('#consumer-secret', consumerSecret);
  await page.fill('#sign-url', `${sandbox.httpUrl}/wp-json/wc/v3/products?per_page=2`);
  await page.fill('#sign-params', 'orderby=id\norder=asc');
  assert.equal(await page.isDisabled('#send-signed'), true, 'nothing to send before signing');
  for (const placement of ['header', 'query']) {
    await page.selectOption('#sign-placement', placement);
    await page.click('#sign-form button[type="submit"]');
    const names = await page.$$eval('#sign-part-params tr td:first-child', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(names, ['oauth_consumer_key', 'oauth_nonce', 'oauth_signature_method', 'oauth_timestamp', 'order', 'orderby', 'per_page']);
    assert.match(await page.textContent('#sign-base'), /^GET&http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fwp-json%2Fwc%2Fv3%2Fproducts&oauth_consumer_key%3Dck_5a4d/);
    await page.click('#send-signed');
    await page.waitForSelector('#send-result:not([data-state="busy"])');
    assert.equal(await page.textContent('#send-result'), 'HTTP 200: accepted. (2 items)', placement);
    const answer = JSON.parse(await page.textContent('#send-body'));
    assert.deepEqual(answer.map((p) => p.id), [11, 12], placement);
  }
  // The curl line runs as printed, PHP-style names (brackets) included.
  await page.fill('#sign-url', `${sandbox.httpUrl}/wp-json/wc/v3/products?per_page=2&meta[color]=red`);
  await page.selectOption('#sign-placement', 'header');
  await page.click('#sign-form button[type="submit"]');
  const curl = await page.textContent('#sign-curl');
  assert.match(curl, /^curl -g -H 'Authorization: OAuth /);
  const { stdout } = await execFileAsync('sh', ['-c', `${curl} -sS -o /dev/null -w '%{http_code}'`]);
  assert.equal(stdout, '200', curl);
  // The store's own log: the requests authenticated with the read key.
  const requests = (await sandbox.state()).requests.filter((r) => r.kind === 'rest' && r.key === `…${consumerKey.slice(-7)}`);
  assert.ok(requests.length >= 3, JSON.stringify(requests.slice(-3)));
  // A wrong secret: the store's refusal is shown as it said it.
  await page.fill('#consumer-secret', sandbox.keys.write.consumerSecret);
  await page.selectOption('#sign-placement', 'header');
  await page.click('#sign-form button[type="submit"]');
  await page.click('#send-signed');
  await page.waitForSelector('#send-result:not([data-state="busy"])');
  assert.equal(await page.getAttribute('#send-result', 'data-state'), 'bad');
  assert.equal(await page.textContent('#send-result'), 'HTTP 401. woocommerce_rest_authentication_error: Invalid signature - provided signature does not match.');
  // The mismatch finder on that request, given a base string one byte off: its diff is on screen.
  const [line, header] = (await page.textContent('#sign-request')).split('\n');
  await page.fill('#explain-url', line.replace(/^GET /, ''));
  await page.fill('#explain-authorization', header.replace(/^Authorization: /, ''));
  await page.fill('#explain-base', (await page.textContent('#sign-base')).replace('per_page%3D2', 'per_page%3D3'));
  await page.click('#explain');
  assert.match(await page.textContent('#explain-result'), /in the parameters \(parameter per_page\)/);
  assert.equal(await page.textContent('#explain-result mark'), '2');
  await assertAccessible(page, 'after sending and explaining');
  await page.close();
});

/** A store that answers with markup everywhere it can: its home, its error codes and messages. */
async function startHostileStore() {
  const server = createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Content-Type': 'application/json; charset=UTF-8',
    };
    if (req.method === 'OPTIONS') return res.writeHead(200, cors).end();
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/wp-json/') {
      return res.writeHead(200, cors).end(JSON.stringify({ name: MARKUP, home: `http://evil.test/${MARKUP}`, namespaces: ['wp/v2', 'wc/v3'] }));
    }
    return res.writeHead(418, cors).end(JSON.stringify({ code: `<b>${MARKUP}</b>`, message: MARKUP, data: { status: 418 } }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => server.close(r)),
  })));
}

test('markup in store answers stays text: product names, store messages, the return URL', async () => {
  // 1. A product whose name and description are markup, made through the REST API.
  const api = new WooCommerceRestApi({ url: sandbox.httpUrl, ...sandbox.keys.read_write, version: 'wc/v3' });
  const created = await api.post('products', { name: MARKUP, description: MARKUP, regular_price: '1.00' });
  const page = await openDemo();
  await page.fill('#consumer-key', sandbox.keys.read.consumerKey);
  await page.fill('#consumer-secret', sandbox.keys.read.consumerSecret);
  await page.fill('#sign-url', `${sandbox.httpUrl}/wp-json/wc/v3/products/${created.data.id}`);
  await page.fill('#sign-params', '');
  await page.click('#sign-form button[type="submit"]');
  await page.click('#send-signed');
  await page.waitForSelector('#send-result[data-state="ok"]');
  const shown = JSON.parse(await page.textContent('#send-body'));
  assert.equal(shown.name, MARKUP);
  assert.equal(shown.description, MARKUP);
  // 2. A store whose answers to the key check carry markup (its home URL, its error code and message).
  hostile = await startHostileStore();
  await page.fill('#store-url', hostile.origin);
  await runCheck(page, 'read');
  const findings = await page.$$eval('#check-list li[data-finding]', (items) => items.map((i) => [i.dataset.finding, i.textContent]));
  assert.deepEqual(findings.map(([code]) => code), ['UNEXPECTED_ANSWER', 'HOME_DIFFERS', 'NOT_HTTPS']);
  assert.ok(findings[0][1].includes(`The store answered HTTP 418 (<b>${MARKUP}</b>: ${MARKUP}).`), findings[0][1]);
  assert.ok(findings[1][1].includes(`is http://evil.test/${MARKUP}, not ${hostile.origin}`), findings[1][1]);
  assert.ok((await page.textContent('#check-raw')).includes(MARKUP.replaceAll('"', '\\"')));
  // 3. A return link forged with markup in user_id.
  await page.goto(`${demo.url}?success=1&user_id=${encodeURIComponent(MARKUP)}`);
  await page.waitForSelector('html[data-ready="true"]');
  assert.match(await page.textContent('#connect-outcome'), /^ERR_AUTH_STATE_MISSING: /);
  // 4. And an app name with markup goes into the preview as encoded text.
  await page.fill('#store-url', sandbox.httpUrl);
  await page.fill('#app-name', MARKUP);
  assert.ok((await page.textContent('#authorize-preview')).includes(`app_name=${encodeURIComponent(MARKUP).replaceAll("'", '%27')}`));
  assert.equal(await page.locator('body img, main script').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(dialogs, []);
  await page.close();
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('screenshots at 1280 and 360 px (docs/screenshots/), and nothing overflows at 360 px', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [width, height] of [[1280, 900], [360, 780]]) {
    const page = await openDemo({ width, height });
    await connectThroughStore(page, { mode: 'redirect', scope: 'read', approve: true });
    await page.click('#use-received');
    await runCheck(page, 'read');
    assert.equal(await page.getAttribute('#check-summary', 'data-state'), 'ok');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, 'no horizontal scrolling');
    await assertAccessible(page, `${width} px`);
    // One screen from part 3 down: the check of the keys wc-auth delivered. (Nothing random is
    // in view there, so the files change only when the page does.)
    await page.evaluate(() => document.getElementById('check-title').closest('section').scrollIntoView());
    const file = join(SCREENSHOTS, `demo-${width}.png`);
    writeFileSync(file, await page.screenshot({ animations: 'disabled', caret: 'hide' }));
    assert.deepEqual(pngSize(readFileSync(file)), { width, height });
    if (process.env.WC_KEYS_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(README_SCREENSHOTS, { recursive: true });
      writeFileSync(join(README_SCREENSHOTS, `demo-${width}.png`), readFileSync(file));
    }
    await page.close();
  }
});

test('the demo page logged no errors', () => {
  assert.deepEqual(problems, []);
});
