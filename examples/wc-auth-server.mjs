// Receives the keys a WooCommerce store POSTs through wc-auth and hands them, once, to the page
// that started the flow. The page gets an id from /wc-start before the click (a browser opens a
// popup only right after one), passes it as userId with callbackUrl https://<here>/wc-callback
// and, once approved, POSTs it to /wc-pickup for the keys (a plain-text POST: no CORS preflight).
// Run: PORT=8090 APP_ORIGIN=https://app.example node wc-auth-server.mjs (behind HTTPS in production).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createCallbackHandler, toNodeListener } from 'wc-keys';

const { PORT = '8090', APP_ORIGIN = 'http://127.0.0.1:8080' } = process.env;
// An id is an expiry (30 minutes), a nonce and their MAC: issuing one stores nothing. user_id is the
// id + ':' + the page's state; a refusal is a 403, and the store deletes the key. An id called back
// is kept till it expires (its keys 10 minutes), 1000 at most: then /wc-start answers 503 at once.
const macKey = randomBytes(32), mac = (text) => createHmac('sha256', macKey).update(text).digest('base64url');
const issue = (body = `${Date.now() + 30 * 60_000}.${randomBytes(9).toString('base64url')}`) => `${body}.${mac(body)}`;
const expiry = (id) => Number(id.split('.')[0]);
const isOurs = (id, wanted = Buffer.from(issue(id.split('.', 2).join('.')))) => expiry(id) > Date.now()
  && Buffer.byteLength(id) === wanted.length && timingSafeEqual(Buffer.from(id), wanted);
const kept = new Map(), idOf = (userId) => userId.split(':')[0]; // id -> keys, false once picked up
const callback = toNodeListener(createCallbackHandler({
  verifyUserId: (userId) => isOurs(idOf(userId)) && !kept.has(idOf(userId)) && kept.size < 1000,
  onKeys: ({ userId, consumerKey, consumerSecret, keyPermissions }, id = idOf(userId)) => {
    kept.set(id, { consumerKey, consumerSecret, keyPermissions });
    setTimeout(() => kept.get(id) && kept.set(id, false), 10 * 60_000).unref();
    setTimeout(() => kept.delete(id), expiry(id) - Date.now()).unref();
  },
}));
const server = createServer(async (req, res) => {
  try {
    const path = req.url.split('?')[0]; // the callback URL may carry a query
    if (path === '/wc-callback') return await callback(req, res);
    if (req.method !== 'POST' || !['/wc-start', '/wc-pickup'].includes(path)) return res.writeHead(404).end();
    const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': APP_ORIGIN };
    if (path === '/wc-start') return res.writeHead(kept.size < 1000 ? 200 : 503, headers).end(JSON.stringify(kept.size < 1000 ? issue() : { code: 'busy' }));
    let id = '';
    for await (const chunk of req) if ((id += chunk).length > 128) return res.writeHead(413).end();
    const keys = kept.get(id);
    if (keys) kept.set(id, false); // one pickup only
    res.writeHead(keys ? 200 : 404, headers).end(JSON.stringify(keys || { code: 'not_found' }));
  } catch {
    if (!res.headersSent) res.writeHead(400).end(); // a client that went away mid-body, say
  }
});
server.listen(Number(PORT), '127.0.0.1', () => console.log(`wc-auth server on http://127.0.0.1:${server.address().port}`));
