// The local demo server: serves the demo page (www/) and the package (pkg/), and receives the keys
// a store sends through wc-auth, with the package's reference callback handler. The page that
// started the flow picks its keys up once, by the user_id only it knows (it ends in a 192-bit
// state). Run by `cargo xtask demo`; listens on 127.0.0.1 only.
//
//   node demo/server.mjs [--port 8080] [--store http://127.0.0.1:8081]
//
// The page learns it runs here (local mode: Connect works, keys are picked up) from a
// <meta name="wc-keys-demo-config"> this server adds to index.html; served as static files
// (`cargo xtask site`), it has none and runs in hosted mode, with no request that could fail.
// --port 0 picks a free port; the first line printed is the page's URL.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCallbackHandler, toNodeListener } from '../pkg/node.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const port = Number(option('--port', '8080'));
const storeUrl = option('--store', null);

// Keys waiting for their page: user_id -> { keys, at }. One pickup each, ten minutes at most.
const waiting = new Map();
const TEN_MINUTES = 10 * 60_000;
const callback = toNodeListener(
  createCallbackHandler({
    onKeys: (keys) => {
      waiting.set(keys.userId, { keys, at: Date.now() });
    },
    // The demo page's ids are `demo:` + state; anything else was not started here.
    verifyUserId: (userId) => /^demo:[A-Za-z0-9_-]{32}$/.test(userId),
  }),
);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** What the page reads in local mode: the store to prefill, where the store sends keys, the pickup. */
function pageConfig() {
  const origin = `http://127.0.0.1:${server.address().port}`;
  const config = { mode: 'local', storeUrl, callbackUrl: `${origin}/wc-callback`, pickupUrl: '/wc-pickup' };
  const attribute = JSON.stringify(config).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  return `<meta name="wc-keys-demo-config" content="${attribute}">`;
}

async function serveFile(res, path) {
  const [base, dir] = path.startsWith('/pkg/') ? ['/pkg/', join(root, 'pkg')] : ['/', join(root, 'www')];
  let relative = normalize(decodeURIComponent(path.slice(base.length)));
  if (relative === '.' || relative.endsWith('/')) relative = join(relative, 'index.html');
  if (relative.startsWith('..')) {
    res.writeHead(404).end('not found');
    return;
  }
  try {
    let body = await readFile(join(dir, relative));
    if (dir.endsWith('www') && relative === 'index.html') {
      body = body.toString('utf8').replace('</head>', `${pageConfig()}\n</head>`);
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 4096) return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/wc-callback') {
    await callback(req, res);
    return;
  }
  if (url.pathname === '/wc-pickup' && req.method === 'POST') {
    const body = await readJson(req);
    const entry = typeof body?.userId === 'string' ? waiting.get(body.userId) : undefined;
    if (!entry || Date.now() - entry.at > TEN_MINUTES) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"code":"not_found"}');
      return;
    }
    waiting.delete(body.userId);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(entry.keys));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET' }).end();
    return;
  }
  await serveFile(res, url.pathname);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`wc-keys demo: http://127.0.0.1:${server.address().port}/`);
  if (storeUrl) console.log(`store: ${storeUrl}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
