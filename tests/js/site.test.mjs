// site/ (`cargo xtask site`: the demo page as static files) served by a plain static server under
// /wc-keys/, as GitHub Pages serves a project site: the page loads in hosted mode, validates keys,
// signs (and the signature is the one WooCommerce's algorithm in the sandbox accepts), with no
// console error and no serious accessibility violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './chromium.mjs';
import { startSandbox } from './sandbox.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITE = join(ROOT, 'site');
const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** A plain static server: /wc-keys/… → site/…, a folder → its index.html, anything else 404. */
async function serveUnderSubpath() {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (!path.startsWith('/wc-keys/')) return res.writeHead(404).end('not found');
    let relative = normalize(path.slice('/wc-keys/'.length));
    if (relative.startsWith('..') || relative.includes(`${sep}..`)) return res.writeHead(404).end('not found');
    if (relative === '.' || path.endsWith('/')) relative = join(relative, 'index.html');
    try {
      const body = await readFile(join(SITE, relative));
      res.writeHead(200, { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/wc-keys/`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let host;
let browser;
let page;
let sandbox;
const consoleErrors = [];

before(async () => {
  // The page tests run after `cargo xtask build`: assemble site/ from that pkg/.
  execFileSync('cargo', ['xtask', 'site', '--no-build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  [host, browser, sandbox] = await Promise.all([serveUnderSubpath(), launch(), startSandbox({ https: false, seedKeys: 'fixed' })]);
  page = await browser.context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${m.text()} (${m.location().url})`));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(host.url);
  await page.waitForSelector('html[data-ready="true"]');
});

after(async () => {
  await browser?.close();
  await host?.close();
  await sandbox?.stop();
});

test('site/ holds www/ and the package, and not the demo server\'s configuration', async () => {
  const top = (await readdir(SITE)).sort();
  const www = (await readdir(join(ROOT, 'www'))).sort();
  assert.deepEqual(top, ['.nojekyll', ...www, 'pkg'].sort());
  const pkg = await readdir(join(SITE, 'pkg'));
  for (const file of ['index.mjs', 'api.mjs', 'wc_keys_bg.wasm']) assert.ok(pkg.includes(file), file);
  for (const file of www) assert.deepEqual(readFileSync(join(SITE, file)), readFileSync(join(ROOT, 'www', file)), file);
  assert.ok(!readFileSync(join(SITE, 'index.html'), 'utf8').includes('wc-keys-demo-config'));
});

test('the page loads under /wc-keys/ in hosted mode, every file from under /wc-keys/', async () => {
  assert.equal(await page.title(), 'wc-keys: get, check and use WooCommerce API keys');
  assert.equal(await page.isVisible('#hosted-note'), true);
  assert.ok(host.requests.every((p) => p.startsWith('/wc-keys/')), host.requests.join(' '));
  assert.ok(host.requests.includes('/wc-keys/pkg/wc_keys_bg.wasm'));
  // No receiver for callbacks here: the preview names an app's server, Connect stays off.
  await page.fill('#store-url', sandbox.httpUrl);
  assert.equal(
    await page.textContent('#authorize-preview'),
    `${sandbox.httpUrl}/wc-auth/v1/authorize?app_name=wc-keys%20demo&scope=read&user_id=demo%3ASTATE&return_url=${encodeURIComponent(host.url)}&callback_url=https%3A%2F%2Fyour-app.example%2Fwc-callback`,
  );
  assert.equal(await page.isHidden('#authorize-problem'), true);
  assert.equal(await page.isDisabled('#connect'), true);
});

test('key validation works', async () => {
  await page.fill('#consumer-key', sandbox.keys.read.consumerSecret);
  await page.fill('#consumer-secret', sandbox.keys.read.consumerKey);
  assert.equal(await page.textContent('#credentials-verdict'), 'There are problems:');
  assert.deepEqual(await page.$$eval('#credentials-problems li', (items) => items.map((i) => i.dataset.code)), ['KEY_SWAPPED', 'SECRET_SWAPPED']);
  await page.fill('#consumer-key', ` ${sandbox.keys.read.consumerKey}`);
  await page.fill('#consumer-secret', sandbox.keys.read.consumerSecret);
  assert.equal(await page.textContent('#credentials-verdict'), 'Both have the right format.');
});

test('signing works, and the sandbox accepts the signed request', async () => {
  await page.fill('#sign-url', `${sandbox.httpUrl}/wp-json/wc/v3/products?per_page=2`);
  await page.click('#sign-form button[type="submit"]');
  assert.match(await page.textContent('#sign-base'), /^GET&http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fwp-json%2Fwc%2Fv3%2Fproducts&oauth_consumer_key%3Dck_5a4d0000000000000000000000000000000000a1%26/);
  const request = (await page.textContent('#sign-request')).split('\n');
  const [method, url] = request[0].split(' ');
  const authorization = request[1].replace(/^Authorization: /, '');
  // Sent from Node, as the page's curl line would: the store's own algorithm accepts it.
  const response = await fetch(url, { method, headers: { Authorization: authorization } });
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal((await response.json()).length, 2);
});

test('no serious or critical accessibility violation in hosted mode', async () => {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(violations, []);
});

test('the page logged no console errors', () => {
  assert.deepEqual(consoleErrors, []);
});
