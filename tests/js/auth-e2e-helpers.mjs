// What the wc-auth end-to-end tests share: an app server (its page, the package, and optionally
// its own callback receiver), and the merchant's clicks on the store's wc-auth pages.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createCallbackHandler, toNodeListener } from 'wc-keys';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const APP_NAME = 'wc-keys e2e';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

const escapeJson = (value) => JSON.stringify(value).replaceAll('<', '\\u003c');

/** The app page: its settings as JSON, the package by name through an import map. */
function appHtml(settings) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wc-auth e2e app</title>
<script type="importmap">{"imports":{"wc-keys":"/pkg/index.mjs"}}</script>
<script id="settings" type="application/json">${escapeJson(settings)}</script>
<script type="module" src="/auth-e2e-page.mjs"></script></head>
<body><button id="redirect" type="button">Connect (redirect)</button>
<button id="popup" type="button">Connect (popup)</button>
<pre id="outcome"></pre></body></html>`;
}

/**
 * Starts the app: `/app.html` (the page), `/auth-e2e-page.mjs`, `/pkg/…` and, unless `receiver`
 * names another server, its own `/wc-callback` (the package's handler) and `/wc-pickup`.
 * @param {{ storeUrl: string, scope?: string, permalinks?: string, appId?: string, timeout?: number,
 *   receiver?: { callbackUrl: string, pickupUrl: string, startUrl?: string } }} options
 */
export async function startApp(options) {
  const received = [];
  const waiting = new Map();
  let failCallback = false;
  const callback = toNodeListener(
    createCallbackHandler({
      onKeys: (keys) => {
        received.push(keys);
        if (failCallback) throw new Error('the app could not keep the keys');
        waiting.set(keys.userId, keys);
      },
      verifyUserId: (userId) => userId.startsWith(`${options.appId ?? 'app'}:`),
    }),
  );
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://app').pathname;
    if (path === '/wc-callback') return callback(req, res);
    if (path === '/wc-pickup' && req.method === 'POST') {
      let state = '';
      for await (const chunk of req) state += chunk;
      const userId = `${options.appId ?? 'app'}:${state}`;
      const keys = waiting.get(userId);
      waiting.delete(userId);
      res.writeHead(keys ? 200 : 404, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return res.end(JSON.stringify(keys ?? { code: 'not_found' }));
    }
    if (path === '/app.html') {
      const origin = `http://127.0.0.1:${server.address().port}`;
      const settings = {
        storeUrl: options.storeUrl,
        appName: APP_NAME,
        appId: options.appId ?? 'app',
        scope: options.scope ?? 'read_write',
        permalinks: options.permalinks ?? 'pretty',
        timeout: options.timeout,
        callbackUrl: options.receiver?.callbackUrl ?? `${origin}/wc-callback`,
        pickupUrl: options.receiver?.pickupUrl ?? `${origin}/wc-pickup`,
        startUrl: options.receiver?.startUrl ?? null,
      };
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' });
      return res.end(appHtml(settings));
    }
    const inPkg = path.startsWith('/pkg/') ? normalize(decodeURIComponent(path.slice(5))) : null;
    const file = path === '/auth-e2e-page.mjs'
      ? join(ROOT, 'tests/js/auth-e2e-page.mjs')
      : inPkg && !inPkg.startsWith('..') && !inPkg.includes(`${sep}..`) ? join(ROOT, 'pkg', inPkg) : null;
    if (!file) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: `${origin}/app.html`,
    received,
    waiting,
    /** From now on the callback answers 500 (onKeys throws), as an app whose database is down. */
    failCallbacks: () => {
      failCallback = true;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Opens the app page in a new tab and waits for its module to be ready. */
export async function openApp(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

/** Clicks a Connect button; in popup mode, returns the popup (Playwright sees it as a new page). */
export async function connect(page, mode) {
  if (mode === 'redirect') {
    await page.click('#redirect');
    return page;
  }
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.click('#popup')]);
  return popup;
}

/**
 * The merchant on the store: the login form, then the approve screen. Asserts what the screens
 * say (the app's name, the scope's permissions), then approves or denies.
 */
export async function logInAndAnswer(storePage, { approve, scopeLabel, permissions, appName = APP_NAME }) {
  await storePage.waitForSelector('form.wc-auth-login');
  assert.equal(await storePage.textContent('h1'), `${appName} would like to connect to your store`);
  await storePage.fill('#username', 'admin');
  await storePage.fill('#password', 'password');
  await Promise.all([storePage.waitForSelector('.wc-auth-actions'), storePage.click('button[name="login"]')]);
  assert.ok((await storePage.textContent('body')).includes(`"${appName}" ${scopeLabel} access`));
  assert.deepEqual(await storePage.$$eval('.wc-auth-permissions li', (items) => items.map((i) => i.textContent)), permissions);
  await storePage.click(approve ? 'a.wc-auth-approve' : 'a.wc-auth-deny');
}

/** Waits for the app page to report, and returns what it reported. */
export async function outcomeOf(page) {
  await page.waitForSelector('html[data-outcome]', { timeout: 20_000 });
  return JSON.parse(await page.textContent('#outcome'));
}

/** The keys the sandbox holds that wc-auth made for this app (description "{app} - API (…)"). */
export async function appKeys(sandbox) {
  const state = await sandbox.state();
  return state.keys.filter((k) => k.description.startsWith(`${APP_NAME} - API (`));
}
