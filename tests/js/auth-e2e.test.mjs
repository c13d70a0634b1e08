// wc-auth end to end (issue 6): a page calls beginAuthorization in headless Chromium, the merchant
// logs in to the sandbox store and approves or denies, the package's callback handler running in
// Node receives the keys, the page completes and its keys pass checkKeys against the sandbox.
// Both modes (redirect, popup), both permalink forms, a failing callback, and the popup's own
// failures (closed, timed out, blocked).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkKeys, keyHash } from 'wc-keys';
import { launch } from './chromium.mjs';
import { startSandbox } from './sandbox.mjs';
import { APP_NAME, appKeys, connect, logInAndAnswer, openApp, outcomeOf, startApp } from './auth-e2e-helpers.mjs';

const SCOPES = {
  read: { label: 'Read', permissions: ['View coupons', 'View customers', 'View orders and sales reports', 'View products'] },
  read_write: {
    label: 'Read/Write',
    permissions: ['Create webhooks', 'View and manage coupons', 'View and manage customers', 'View and manage orders and sales reports', 'View and manage products'],
  },
};

let browser;
let pretty;
let plain;
const pageErrors = [];

before(async () => {
  [browser, pretty, plain] = await Promise.all([launch(), startSandbox({ https: false }), startSandbox({ https: false, plainPermalinks: true })]);
  browser.context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error}`)));
});

after(async () => {
  await browser?.close();
  await Promise.all([pretty?.stop(), plain?.stop()]);
});

/** A fresh merchant: no store session, so every flow starts at the login form. */
async function freshSession() {
  await browser.context.clearCookies();
  for (const page of browser.context.pages()) await page.close();
}

for (const [mode, scope] of [['redirect', 'read_write'], ['popup', 'read']]) {
  test(`pretty permalinks, ${mode} mode: approved, the Node callback gets the keys, they pass checkKeys`, async () => {
    await freshSession();
    const app = await startApp({ storeUrl: pretty.httpUrl, scope });
    try {
      const before = await appKeys(pretty);
      const page = await openApp(browser.context, app.url);
      const storePage = await connect(page, mode);
      const closed = mode === 'popup' ? storePage.waitForEvent('close') : null;
      await logInAndAnswer(storePage, { approve: true, scopeLabel: SCOPES[scope].label, permissions: SCOPES[scope].permissions });
      const outcome = await outcomeOf(page);
      await closed;

      assert.equal(outcome.outcome, 'approved', JSON.stringify(outcome));
      assert.equal(outcome.userId, 'app');
      assert.match(outcome.state, /^[A-Za-z0-9_-]{32}$/);
      // The package's handler, in this Node process, received exactly these keys for this state.
      assert.equal(app.received.length, 1);
      const [keys] = app.received;
      assert.equal(keys.userId, `app:${outcome.state}`);
      assert.equal(keys.keyPermissions, scope);
      assert.match(keys.consumerKey, /^ck_[0-9a-f]{40}$/);
      assert.match(keys.consumerSecret, /^cs_[0-9a-f]{40}$/);
      assert.equal(outcome.pickup, 200);
      assert.deepEqual(outcome.keys, keys);
      assert.equal(app.waiting.size, 0, 'picked up once');
      // The page's checkKeys, in Chromium, against the sandbox.
      assert.equal(outcome.report.ok, true, outcome.report.summary);
      assert.equal(outcome.report.valid, true);
      assert.deepEqual(outcome.report.permissions, { read: true, write: scope === 'read_write' });
      assert.deepEqual(outcome.report.errors, []);
      // The store holds that key (as WooCommerce does: a hash and the last 7 characters).
      const made = (await appKeys(pretty)).filter((k) => !before.some((b) => b.key_id === k.key_id));
      assert.equal(made.length, 1);
      assert.equal(made[0].key_id, keys.keyId);
      assert.equal(made[0].consumer_key, keyHash(keys.consumerKey));
      assert.equal(made[0].truncated_key, keys.consumerKey.slice(-7));
      assert.equal(made[0].consumer_secret, keys.consumerSecret);
      assert.equal(made[0].permissions, scope);
      assert.match(made[0].description, new RegExp(`^${APP_NAME} - API \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\)$`));
      // And the same keys pass checkKeys in Node.
      const report = await checkKeys({ storeUrl: pretty.httpUrl, consumerKey: keys.consumerKey, consumerSecret: keys.consumerSecret, need: scope });
      assert.equal(report.ok, true, report.summary);
      // The return page keeps nothing: a replay of the store's redirect finds no pending state.
      if (mode === 'redirect') {
        await page.goto(`${app.url}?success=1&user_id=app:${outcome.state}`);
        const replay = await outcomeOf(page);
        assert.deepEqual([replay.outcome, replay.where, replay.code], ['error', 'return', 'ERR_AUTH_STATE_MISSING']);
      }
    } finally {
      await app.close();
    }
  });

  test(`pretty permalinks, ${mode} mode: denied, no key is made and nothing reaches the callback`, async () => {
    await freshSession();
    const app = await startApp({ storeUrl: pretty.httpUrl, scope });
    try {
      const before = await appKeys(pretty);
      const page = await openApp(browser.context, app.url);
      const storePage = await connect(page, mode);
      await logInAndAnswer(storePage, { approve: false, scopeLabel: SCOPES[scope].label, permissions: SCOPES[scope].permissions });
      const outcome = await outcomeOf(page);
      assert.deepEqual(outcome, { outcome: 'denied', userId: 'app' });
      assert.equal(app.received.length, 0);
      assert.deepEqual(await appKeys(pretty), before);
    } finally {
      await app.close();
    }
  });
}

test('a callback that answers 500 leaves no key in the sandbox (redirect mode)', async () => {
  await freshSession();
  const app = await startApp({ storeUrl: pretty.httpUrl, scope: 'read' });
  app.failCallbacks();
  try {
    const before = await appKeys(pretty);
    const page = await openApp(browser.context, app.url);
    await connect(page, 'redirect');
    const granted = page.waitForResponse((r) => r.url().startsWith(`${pretty.httpUrl}/wc-auth/v1/access_granted/`));
    await logInAndAnswer(page, { approve: true, scopeLabel: 'Read', permissions: SCOPES.read.permissions });
    // The store shows its error page and does not send the merchant back.
    assert.equal((await granted).status(), 401);
    assert.equal(
      await page.textContent('.wp-die-message'),
      'Error: An error occurred in the request and at the time were unable to send the consumer data.',
    );
    assert.ok(page.url().startsWith(`${pretty.httpUrl}/wc-auth/v1/access_granted/`), page.url());
    // The handler was reached and answered 500; the store deleted the key it had made.
    assert.equal(app.received.length, 1);
    assert.deepEqual(await appKeys(pretty), before);
    const state = await pretty.state();
    assert.ok(!state.keys.some((k) => k.key_id === app.received[0].keyId || k.truncated_key === app.received[0].consumerKey.slice(-7)));
    const report = await checkKeys({ storeUrl: pretty.httpUrl, consumerKey: app.received[0].consumerKey, consumerSecret: app.received[0].consumerSecret, need: 'read' });
    assert.equal(report.ok, false);
    assert.deepEqual(report.errors.map((e) => e.code), ['KEY_INVALID']);
  } finally {
    await app.close();
  }
});

test('a callback that answers 500 in popup mode: no key, and closing the popup rejects with ERR_AUTH_POPUP_CLOSED', async () => {
  await freshSession();
  const app = await startApp({ storeUrl: pretty.httpUrl, scope: 'read' });
  app.failCallbacks();
  try {
    const before = await appKeys(pretty);
    const page = await openApp(browser.context, app.url);
    const popup = await connect(page, 'popup');
    await logInAndAnswer(popup, { approve: true, scopeLabel: 'Read', permissions: SCOPES.read.permissions });
    await popup.waitForSelector('.wp-die-message');
    assert.equal(app.received.length, 1);
    assert.deepEqual(await appKeys(pretty), before);
    assert.equal(await page.getAttribute('html', 'data-outcome'), null, 'the page is still waiting');
    await popup.close();
    const outcome = await outcomeOf(page);
    assert.deepEqual([outcome.outcome, outcome.where, outcome.code], ['error', 'popup', 'ERR_AUTH_POPUP_CLOSED']);
  } finally {
    await app.close();
  }
});

/** Records the store's answers a page got, in order. */
function storeResponses(page, storeUrl) {
  const seen = [];
  page.on('response', (r) => {
    if (r.url().startsWith(storeUrl)) seen.push({ url: r.url(), status: r.status(), location: r.headers().location ?? null });
  });
  return seen;
}

test('plain permalinks, redirect mode: the store accepts the entry URL, then its own login link goes nowhere, as in WooCommerce', async () => {
  await freshSession();
  const app = await startApp({ storeUrl: plain.httpUrl, scope: 'read', permalinks: 'plain' });
  try {
    const before = await appKeys(plain);
    const page = await openApp(browser.context, app.url);
    const seen = storeResponses(page, plain.httpUrl);
    await connect(page, 'redirect');
    await page.waitForSelector('h1');
    // 1. The entry URL wc-keys built is accepted (no "Error: …" page): the store redirects to login.
    const entry = seen[0];
    assert.ok(entry.url.startsWith(`${plain.httpUrl}/?wc-auth-version=1&wc-auth-route=authorize&app_name=wc-keys%20e2e&scope=read&user_id=app%3A`), entry.url);
    assert.equal(entry.status, 302);
    // 2. WooCommerce's build_url() makes that login link with add_query_arg('wc-auth/v1', 'login'),
    //    which WordPress does not route: the merchant lands on the store's front page.
    assert.ok(entry.location.startsWith(`${plain.httpUrl}/?wc-auth/v1=login&app_name=`), entry.location);
    assert.deepEqual(seen.slice(1).map((r) => [r.url, r.status]), [[entry.location, 200]]);
    assert.equal(await page.textContent('h1'), 'WooCommerce Sandbox');
    assert.equal(await page.locator('form.wc-auth-login, .wc-auth-actions').count(), 0);
    // 3. So nothing more happens: no key, no callback, no return to the app.
    assert.equal(app.received.length, 0);
    assert.deepEqual(await appKeys(plain), before);
    assert.ok(page.url().startsWith(plain.httpUrl));
  } finally {
    await app.close();
  }
});

test('plain permalinks, merchant already logged in: the approve screen shows, its Approve link goes nowhere', async () => {
  await freshSession();
  const app = await startApp({ storeUrl: plain.httpUrl, scope: 'read', permalinks: 'plain' });
  try {
    const before = await appKeys(plain);
    // Logged in to WP Admin first, so the entry URL goes straight to the approve screen.
    const admin = await browser.context.newPage();
    await admin.goto(`${plain.httpUrl}/wp-login.php`);
    await admin.fill('#user_login', 'admin');
    await admin.fill('#user_pass', 'password');
    await Promise.all([admin.waitForURL(/section=keys/), admin.click('#wp-submit')]);
    const page = await openApp(browser.context, app.url);
    const seen = storeResponses(page, plain.httpUrl);
    await connect(page, 'redirect');
    await page.waitForSelector('.wc-auth-actions');
    assert.equal(seen[0].status, 200);
    assert.ok(seen[0].url.startsWith(`${plain.httpUrl}/?wc-auth-version=1&wc-auth-route=authorize&`));
    const approve = await page.getAttribute('a.wc-auth-approve', 'href');
    assert.ok(approve.startsWith(`${plain.httpUrl}/?wc-auth/v1=access_granted&`), approve);
    await page.click('a.wc-auth-approve');
    await page.waitForURL((url) => url.href === approve);
    assert.equal(await page.textContent('h1'), 'WooCommerce Sandbox');
    assert.equal(app.received.length, 0);
    assert.deepEqual(await appKeys(plain), before);
  } finally {
    await app.close();
  }
});

test('plain permalinks, popup mode: the popup stops on the front page; closing it rejects with ERR_AUTH_POPUP_CLOSED', async () => {
  await freshSession();
  const app = await startApp({ storeUrl: plain.httpUrl, scope: 'read', permalinks: 'plain' });
  try {
    const before = await appKeys(plain);
    const page = await openApp(browser.context, app.url);
    const popup = await connect(page, 'popup');
    await popup.waitForURL(/\?wc-auth\/v1=login&/);
    assert.equal(await popup.textContent('h1'), 'WooCommerce Sandbox');
    await popup.close();
    const outcome = await outcomeOf(page);
    assert.deepEqual([outcome.outcome, outcome.code], ['error', 'ERR_AUTH_POPUP_CLOSED']);
    assert.equal(app.received.length, 0);
    assert.deepEqual(await appKeys(plain), before);
  } finally {
    await app.close();
  }
});

test('popup mode: no answer within the timeout rejects with ERR_AUTH_TIMEOUT and closes the popup', async () => {
  await freshSession();
  const app = await startApp({ storeUrl: pretty.httpUrl, scope: 'read', timeout: 1500 });
  try {
    const page = await openApp(browser.context, app.url);
    const popup = await connect(page, 'popup');
    const closed = popup.waitForEvent('close');
    await popup.waitForSelector('form.wc-auth-login');
    const outcome = await outcomeOf(page);
    assert.deepEqual([outcome.outcome, outcome.code], ['error', 'ERR_AUTH_TIMEOUT']);
    assert.equal(outcome.message, 'No answer from the store window within 2 s.');
    await closed;
    // The pending state was dropped: a late answer is refused.
    await page.goto(`${app.url}?success=1&user_id=app:${'A'.repeat(32)}`);
    const late = await outcomeOf(page);
    assert.deepEqual([late.where, late.code], ['return', 'ERR_AUTH_STATE_MISSING']);
  } finally {
    await app.close();
  }
});

test('a return that is not this tab\'s request is refused (ERR_AUTH_STATE_MISMATCH) and the keys stay unclaimed', async () => {
  await freshSession();
  const app = await startApp({ storeUrl: pretty.httpUrl, scope: 'read' });
  try {
    const page = await openApp(browser.context, app.url);
    await connect(page, 'redirect');
    await page.waitForSelector('form.wc-auth-login');
    // The merchant comes back through a forged link instead of the store's redirect.
    await page.goto(`${app.url}?success=1&user_id=app:${'B'.repeat(32)}`);
    const outcome = await outcomeOf(page);
    assert.deepEqual([outcome.outcome, outcome.where, outcome.code], ['error', 'return', 'ERR_AUTH_STATE_MISMATCH']);
    assert.equal(app.received.length, 0);
  } finally {
    await app.close();
  }
});

test('popup mode in a browser that blocks popups: ERR_AUTH_POPUP_BLOCKED without a click', async () => {
  const app = await startApp({ storeUrl: pretty.httpUrl, scope: 'read' });
  const blocking = await launch({ ignoreDefaultArgs: ['--disable-popup-blocking'] });
  try {
    const page = await blocking.context.newPage();
    const opened = [];
    blocking.context.on('page', (p) => opened.push(p.url()));
    await page.goto(`${app.url}#popup-at-load`);
    const outcome = await outcomeOf(page);
    assert.deepEqual([outcome.outcome, outcome.where, outcome.code], ['error', 'popup', 'ERR_AUTH_POPUP_BLOCKED']);
    assert.deepEqual(opened, [], 'no window was opened');
    // Nothing stays pending after a blocked popup.
    await page.goto(`${app.url}?success=1&user_id=app:${'C'.repeat(32)}`);
    const after = await outcomeOf(page);
    assert.equal(after.code, 'ERR_AUTH_STATE_MISSING');
  } finally {
    await blocking.close();
    await app.close();
  }
});

test('the app pages threw no errors', () => {
  assert.deepEqual(pageErrors, []);
});
