// The demo page, served by `cargo xtask serve`, driven in headless Chromium (DEMO_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './chromium.mjs';

const DEMO_URL = process.env.DEMO_URL;
let browser;
let page;
const consoleErrors = [];

before(async () => {
  assert.ok(DEMO_URL, 'DEMO_URL must point at the demo server');
  browser = await launch();
  page = await browser.context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(DEMO_URL);
  await page.waitForSelector('html[data-ready="true"]');
});

after(async () => {
  await browser?.close();
});

test('typing a valid key shows that its format is right', async () => {
  await page.fill('#key-input', 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3');
  assert.equal(await page.textContent('#key-verdict'), 'This key has the right format.');
  assert.equal(await page.locator('#key-problems li').count(), 0);
});

test('typing a secret into the key field names the swap', async () => {
  await page.fill('#key-input', 'cs_13579bdf2468ace013579bdf2468ace013579bdf');
  assert.equal(await page.textContent('#key-verdict'), 'This key has a problem.');
  assert.equal(await page.getAttribute('#key-problems li', 'data-code'), 'KEY_SWAPPED');
  assert.match(await page.textContent('#key-problems li'), /consumer secret/);
});

test('a truncated key says how many characters are missing', async () => {
  await page.fill('#key-input', 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2');
  assert.match(await page.textContent('#key-problems li'), /2 characters short/);
});

test('markup typed into a field is shown as text', async () => {
  await page.fill('#key-input', '<img src=x onerror="window.__xss=1">');
  assert.equal(await page.locator('#key-problems img').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});

test('signing shows the base string WooCommerce computes', async () => {
  await page.fill('#sign-url', 'http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=10');
  await page.click('#sign-form button[type="submit"]');
  const base = await page.textContent('#sign-base');
  assert.match(base, /^GET&http%3A%2F%2Fshop\.example%2Fwp-json%2Fwc%2Fv3%2Forders&oauth_consumer_key%3Dck_9a8b/);
  assert.match(base, /per_page%3D10%26status%3Dprocessing$/);
  assert.match(await page.textContent('#sign-request'), /^GET http:\/\/shop\.example\/wp-json\/wc\/v3\/orders\?status=processing&per_page=10\nAuthorization: OAuth /);
});

test('a bad URL shows the error code', async () => {
  await page.fill('#sign-url', 'shop.example/x');
  await page.click('#sign-form button[type="submit"]');
  assert.match(await page.textContent('#sign-error'), /^ERR_URL_INVALID: /);
});

test('the page logged no errors', () => {
  assert.deepEqual(consoleErrors, []);
});
