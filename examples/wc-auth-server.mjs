// Receives the keys a WooCommerce store POSTs through wc-auth and hands them, once, to the page
// that started the flow. The page gets an id from /wc-start before the click (a browser opens a
// popup only right after one), passes it as userId with callbackUrl https://<here>/wc-callback
// and, once approved, POSTs it to /wc-pickup for the keys.
// Run: PORT=8090 APP_ORIGIN=https://app.example node wc-auth-server.mjs (behind HTTPS in production).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createCallbackHandler, toNodeListener } from 'wc-keys';

const { PORT = '8090', APP_ORIGIN = 'http://127.0.0.1:8080' } = process.env;
// An id is an expiry (30 minutes), a nonce and their MAC: issuing one stores nothing, and only this
// process's ids pass. user_id is the id + ':' + the page's state; verifyUserId's refusals get 403,
// and the store deletes the key. Keys wait for their page ten minutes, at most 1000 at once.
const macKey = randomBytes(32), mac = (text) => Buffer.from(createHmac('sha256', macKey).update(text).digest('base64url'));
const issue = (body = `${Date.now() + 30 * 60_000}.${randomBytes(9).toString('base64url')}`) => `${body}.${mac(body)}`;
const isOurs = ([expiry, nonce, tag = '']) => Number(expiry) > Date.now()
  && Buffer.byteLength(tag) === 43 && timingSafeEqual(Buffer.from(tag), mac(`${expiry}.${nonce}`));
const kept = new Map(), idOf = (userId) => userId.split(':')[0]; // id -> keys, false once picked up

const callback = toNodeListener(createCallbackHandler({
  verifyUserId: (userId) => isOurs(idOf(userId).split('.')) && !kept.has(idOf(userId)) && kept.size < 1000,
  onKeys: ({ userId, consumerKey, consumerSecret, keyPermissions }) => {
    kept.set(idOf(userId), { consumerKey, consumerSecret, keyPermissions });
    setTimeout(() => kept.delete(idOf(userId)), 10 * 60_000).unref();
  },
}));

const server = createServer(async (req, res) => {
  try {
    const path = req.url.split('?')[0]; // the callback URL may carry a query
    if (path === '/wc-callback') return await callback(req, res);
    if (req.method !== 'POST' || !['/wc-start', '/wc-pickup'].includes(path)) return res.writeHead(404).end();
    const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': APP_ORIGIN };
    if (path === '/wc-start') return res.writeHead(200, headers).end(JSON.stringify(issue()));
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
