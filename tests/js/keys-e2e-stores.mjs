// The stores the live key check (checkKeys) is tried against, started in Node for both runners:
// one sandbox (sandbox/, wc-sandbox) per store quirk, and a few tiny servers for what the sandbox
// cannot be (not WordPress, WordPress without WooCommerce, a proxy without CORS headers, a store
// that never answers, a closed port). `env` is plain JSON, so it can be handed to a page.
import { createServer, request as httpRequest } from 'node:http';
import { startSandbox } from './sandbox.mjs';

/** Sandboxes by name: the switches each starts with (see sandbox/README.md). */
const SANDBOXES = {
  main: {},
  probe: {},
  revoked: {},
  strip: { stripAuthorization: true },
  skewAhead: { clockSkew: 1200 },
  skewBehind: { clockSkew: -1200 },
  plain: { plainPermalinks: true },
  subdir: { subdir: '/shop' },
  otherHost: { homeHost: 'shop.test' },
  redirect: { redirectHttps: true },
};

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

function closeServer(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A site that is not WordPress: a home page, 404 elsewhere. It allows any origin (CORS). */
async function startNotWordPress() {
  const server = createServer((req, res) => {
    const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Access-Control-Allow-Origin': '*' };
    if (req.url === '/') res.writeHead(200, headers).end('<!doctype html><title>Bakery</title><h1>Fresh bread daily</h1>');
    else res.writeHead(404, headers).end('<!doctype html><title>Not found</title><h1>Not found</h1>');
  });
  return { server, url: await listen(server) };
}

/** WordPress whose REST index has no wc/v3 (WooCommerce not active). It allows any origin. */
async function startWordPressWithoutWooCommerce() {
  let url;
  const server = createServer((req, res) => {
    const headers = { 'Access-Control-Allow-Origin': '*', Link: `<${url}/wp-json/>; rel="https://api.w.org/"` };
    if (req.url === '/wp-json/') {
      const index = { name: 'Blog', description: '', url, home: url, namespaces: ['oembed/1.0', 'wp/v2', 'wp-site-health/v1'], authentication: [], routes: {} };
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=UTF-8' }).end(JSON.stringify(index));
    } else {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/html; charset=UTF-8' }).end('<!doctype html><h1>Not found</h1>');
    }
  });
  url = await listen(server);
  return { server, url };
}

/**
 * A reverse proxy in front of a sandbox's HTTP listener that drops every Access-Control-*
 * header, as a CDN or security rule that strips CORS would: Node sees a working store, a
 * browser page on another origin gets nothing.
 */
async function startCorslessProxy(target) {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !name.startsWith('access-control-')));
        res.writeHead(answer.statusCode, headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  return { server, url: await listen(server) };
}

/** A server that accepts connections and never answers. */
async function startSilent() {
  const server = createServer(() => {});
  return { server, url: await listen(server) };
}

/** A port that was free a moment ago and has nothing listening. */
async function closedPortUrl() {
  const server = createServer();
  const url = await listen(server);
  await closeServer(server);
  return url;
}

/**
 * Revokes a key the way a person does: log in to the sandbox's WP Admin, open WooCommerce >
 * Settings > Advanced > REST API, follow the key's Revoke link. Returns the key's id.
 */
export async function revokeThroughAdmin(sandbox, consumerKey) {
  const state = await sandbox.state();
  const seed = state.seed_keys.find((k) => k.consumer_key === consumerKey);
  if (!seed) throw new Error('revokeThroughAdmin: no such seed key');
  const keysPage = state.admin.keys_page;
  const login = await fetch(`${sandbox.httpUrl}/wp-login.php`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ log: state.admin.user, pwd: state.admin.password, redirect_to: keysPage }).toString(),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (login.status !== 302 || !cookie) throw new Error(`revokeThroughAdmin: login answered ${login.status}`);
  const page = await (await fetch(keysPage, { headers: { Cookie: cookie } })).text();
  const row = page.match(new RegExp(`<tr data-key-id="${seed.key_id}">.*?<a class="submitdelete" href="([^"]+)">Revoke</a>`));
  if (!row) throw new Error('revokeThroughAdmin: the key is not listed on the admin page');
  const revoke = row[1].replaceAll('&amp;', '&').replaceAll('&#038;', '&');
  const answer = await fetch(revoke, { headers: { Cookie: cookie }, redirect: 'manual' });
  if (answer.status !== 302 || !answer.headers.get('location')?.includes('revoked=1')) {
    throw new Error(`revokeThroughAdmin: revoke answered ${answer.status}`);
  }
  return seed.key_id;
}

function describe(sandbox) {
  return {
    httpUrl: sandbox.httpUrl,
    httpsUrl: sandbox.httpsUrl,
    homeUrl: sandbox.homeUrl,
    stateUrl: `${sandbox.httpUrl}/__sandbox/state`,
    keys: sandbox.keys,
  };
}

/**
 * Starts every store. `env` is JSON for the scenarios; `spkis` are the sandboxes' HTTPS key
 * hashes (for Chromium's --ignore-certificate-errors-spki-list); `stop()` ends them all.
 */
export async function startStores() {
  const names = Object.keys(SANDBOXES);
  const started = await Promise.allSettled(names.map((name) => startSandbox(SANDBOXES[name])));
  const sandboxes = Object.fromEntries(names.map((name, i) => [name, started[i].value]).filter(([, s]) => s !== undefined));
  const tiny = [];
  const stop = async () => {
    await Promise.all([...Object.values(sandboxes).map((s) => s.stop()), ...tiny.map((t) => closeServer(t.server))]);
  };
  try {
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const notWordPress = await startNotWordPress();
    tiny.push(notWordPress);
    const noWooCommerce = await startWordPressWithoutWooCommerce();
    tiny.push(noWooCommerce);
    const corsless = await startCorslessProxy(sandboxes.main.httpUrl);
    tiny.push(corsless);
    const silent = await startSilent();
    tiny.push(silent);
    const revokedKeyId = await revokeThroughAdmin(sandboxes.revoked, sandboxes.revoked.keys.read_write.consumerKey);
    const env = {
      stores: Object.fromEntries(names.map((name) => [name, describe(sandboxes[name])])),
      revokedKeyId,
      notWordPressUrl: notWordPress.url,
      noWooCommerceUrl: noWooCommerce.url,
      corslessUrl: corsless.url,
      silentUrl: silent.url,
      closedUrl: await closedPortUrl(),
    };
    return { env, spkis: Object.values(sandboxes).map((s) => s.spki), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
