// The demo page, served by demo/server.mjs (DEMO_URL), driven in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './chromium.mjs';

const DEMO_URL = process.env.DEMO_URL;
const KEY = 'ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';
const SECRET = 'cs_13579bdf2468ace013579bdf2468ace013579bdf';
let browser;
let page;
const consoleErrors = [];
const dialogs = [];

before(async () => {
  assert.ok(DEMO_URL, 'DEMO_URL must point at the demo server');
  browser = await launch();
  page = await browser.context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto(DEMO_URL);
  await page.waitForSelector('html[data-ready="true"]');
});

after(async () => {
  await browser?.close();
});

async function paste(key, secret) {
  await page.fill('#consumer-key', key);
  await page.fill('#consumer-secret', secret);
}

const problemCodes = () => page.$$eval('#credentials-problems li', (items) => items.map((i) => i.dataset.code));

test('a well-formed pair is accepted, paste debris is cleaned and said', async () => {
  await paste(`Consumer key: ${KEY}`, ` ${SECRET}\n`);
  assert.equal(await page.textContent('#credentials-verdict'), 'Both have the right format.');
  assert.deepEqual(await problemCodes(), ['KEY_CLEANED', 'SECRET_CLEANED']);
});

test('manual paste: each problem is named with what to do', async () => {
  const cases = [
    [[SECRET, KEY], ['KEY_SWAPPED', 'SECRET_SWAPPED'], /looks like the consumer secret/, 'There are problems:'],
    [[KEY.slice(0, -2), SECRET], ['KEY_LENGTH'], /2 characters short/, 'There is a problem:'],
    [[KEY, ''], ['SECRET_EMPTY'], /consumer secret is empty/, 'There is a problem:'],
    [['…0e1d2c3', SECRET], ['KEY_MASKED'], /shown only once/, 'There is a problem:'],
    [[KEY.toUpperCase(), SECRET], ['KEY_UPPERCASE'], /lower case/, 'There is a problem:'],
    [[KEY.replace('a', 'x'), SECRET], ['KEY_NOT_HEX'], /0-9 and letters a-f/, 'There is a problem:'],
    [[KEY.slice(3), SECRET], ['KEY_PREFIX'], /starts with ck_/, 'There is a problem:'],
    [[KEY, KEY], ['SECRET_SWAPPED', 'KEY_EQUALS_SECRET'], /same text/, 'There are problems:'],
    // A cleaned paste is a note, not a problem: one problem here.
    [[` ${KEY.slice(3)}`, SECRET], ['KEY_CLEANED', 'KEY_PREFIX'], /starts with ck_/, 'There is a problem:'],
  ];
  for (const [[key, secret], codes, message, verdict] of cases) {
    await paste(key, secret);
    assert.deepEqual(await problemCodes(), codes, `${key} / ${secret}`);
    assert.match(await page.textContent('#credentials-problems'), message);
    assert.equal(await page.textContent('#credentials-verdict'), verdict, `${key} / ${secret}`);
  }
});

test('signing shows the base string part by part', async () => {
  await paste(KEY, SECRET);
  await page.fill('#sign-url', 'http://shop.example/wp-json/wc/v3/orders?status=processing');
  await page.fill('#sign-params', 'per_page=10');
  await page.selectOption('#sign-algorithm', 'HMAC-SHA1');
  await page.click('#sign-form button[type="submit"]');
  assert.equal(await page.textContent('#sign-part-method'), 'GET');
  assert.equal(await page.textContent('#sign-part-url'), 'http://shop.example/wp-json/wc/v3/orders');
  const names = await page.$$eval('#sign-part-params tr td:first-child', (cells) => cells.map((c) => c.textContent));
  assert.deepEqual(names, ['oauth_consumer_key', 'oauth_nonce', 'oauth_signature_method', 'oauth_timestamp', 'per_page', 'status']);
  assert.match(await page.textContent('#sign-base'), /^GET&http%3A%2F%2Fshop\.example%2Fwp-json%2Fwc%2Fv3%2Forders&oauth_consumer_key%3Dck_9a8b/);
  assert.match(await page.textContent('#sign-request'), /^GET http:\/\/shop\.example\/wp-json\/wc\/v3\/orders\?status=processing&per_page=10\nAuthorization: OAuth /);
  assert.match(await page.textContent('#sign-curl'), /^curl -g -H 'Authorization: OAuth oauth_consumer_key=/);
  assert.match(await page.textContent('#sign-fetch'), /^await fetch\("http:\/\/shop\.example/);
});

test('a bad URL shows the error code', async () => {
  await page.fill('#sign-url', 'shop.example/x');
  await page.click('#sign-form button[type="submit"]');
  assert.match(await page.textContent('#sign-error'), /^ERR_URL_INVALID: /);
});

test('the mismatch finder points at a tampered parameter', async () => {
  await paste(KEY, SECRET);
  await page.fill('#sign-url', 'http://shop.example/wp-json/wc/v3/products?search=blue');
  await page.fill('#sign-params', '');
  await page.selectOption('#sign-placement', 'query');
  await page.click('#sign-form button[type="submit"]');
  const signedRequest = await page.textContent('#sign-request');
  const signedUrl = signedRequest.split('\n')[0].replace(/^GET /, '');
  const base = await page.textContent('#sign-base');
  await page.fill('#explain-url', signedUrl.replace('search=blue', 'search=bluf'));
  await page.fill('#explain-base', base);
  await page.click('#explain');
  assert.equal(await page.getAttribute('#explain-result', 'data-state'), 'bad');
  assert.match(await page.textContent('#explain-result'), /in the parameters \(parameter search\)/);
  assert.equal(await page.textContent('#explain-result mark'), 'f');
  await page.fill('#explain-url', signedUrl);
  await page.click('#explain');
  assert.equal(await page.getAttribute('#explain-result', 'data-state'), 'ok');
});

test('the mismatch finder takes the Authorization line as the page prints it', async () => {
  await paste(KEY, SECRET);
  await page.fill('#sign-url', 'http://shop.example/wp-json/wc/v3/products?search=blue');
  await page.selectOption('#sign-placement', 'header');
  await page.click('#sign-form button[type="submit"]');
  const [line, header] = (await page.textContent('#sign-request')).split('\n');
  assert.match(header, /^Authorization: OAuth /);
  await page.fill('#explain-url', line.replace(/^GET /, ''));
  await page.fill('#explain-authorization', header);
  await page.fill('#explain-base', '');
  await page.click('#explain');
  assert.equal(await page.getAttribute('#explain-result', 'data-state'), 'ok', await page.textContent('#explain-result'));
});

test('markup typed into any field stays text', async () => {
  const markup = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  for (const id of ['#store-url', '#app-name', '#consumer-key', '#consumer-secret', '#sign-url', '#sign-params', '#sign-home', '#explain-url', '#explain-authorization', '#explain-base']) {
    await page.fill(id, markup);
  }
  await page.click('#sign-form button[type="submit"]');
  await page.click('#explain');
  assert.equal(await page.locator('main img, main script').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(dialogs, []);
});

test('the page logged no errors', () => {
  assert.deepEqual(consoleErrors, []);
});
