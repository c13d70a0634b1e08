// Receives the keys a WooCommerce store POSTs through wc-auth and hands them, once, to the page
// that started the flow. The page POSTs to /wc-start for an id, passes it to beginAuthorization({
// userId: id, callbackUrl: 'https://<this server>/wc-callback', … }) and, once completeAuthorization
// says 'approved', POSTs the id to /wc-pickup and gets the keys back (plain-text POSTs are simple
// requests: no CORS preflight).
// Run: PORT=8090 APP_ORIGIN=https://app.example node wc-auth-server.mjs (behind HTTPS in production).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createCallbackHandler, toNodeListener } from 'wc-keys';

const { PORT = '8090', APP_ORIGIN = 'http://127.0.0.1:8080' } = process.env;
// id -> null (waiting for the store), then the keys (waiting for the page), then false (picked
// up); each for ten minutes, and at most 1000 at once.
const flows = new Map();

const callback = toNodeListener(createCallbackHandler({
  // user_id is the id + ':' + the page's state: an id this server issued and that is still
  // waiting for its keys, or the answer is 403 (and the store deletes the key).
  verifyUserId: (userId) => flows.get(userId.split(':')[0]) === null,
  onKeys: ({ userId, consumerKey, consumerSecret, keyPermissions }) => {
    flows.set(userId.split(':')[0], { consumerKey, consumerSecret, keyPermissions });
  },
}));

const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname; // the callback URL may have a query
  if (path === '/wc-callback') return callback(req, res);
  if (req.method !== 'POST' || !['/wc-start', '/wc-pickup'].includes(path)) return res.writeHead(404).end();
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': APP_ORIGIN };
  if (path === '/wc-start') {
    if (flows.size >= 1000) return res.writeHead(503, headers).end('{"code":"busy"}');
    const id = randomUUID();
    flows.set(id, null);
    setTimeout(() => flows.delete(id), 10 * 60_000).unref();
    return res.writeHead(200, headers).end(JSON.stringify(id));
  }
  let id = '';
  for await (const chunk of req) if ((id += chunk).length > 64) return res.writeHead(413).end();
  const keys = flows.get(id);
  if (keys) flows.set(id, false); // one pickup only
  res.writeHead(keys ? 200 : 404, headers).end(JSON.stringify(keys || { code: 'not_found' }));
});
server.listen(Number(PORT), '127.0.0.1', () => console.log(`wc-auth server on http://127.0.0.1:${server.address().port}`));
