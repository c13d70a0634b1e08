// Receives the keys a WooCommerce store POSTs through wc-auth and hands them, once, to the page
// that started the flow. The page calls beginAuthorization({ userId: 'app', callbackUrl:
// 'https://<this server>/wc-callback', … }); once completeAuthorization says 'approved', it POSTs
// its state (the part of user_id after 'app:') to /wc-pickup as plain text (a simple request: no
// CORS preflight) and gets the keys back.
// Run: PORT=8090 APP_ORIGIN=https://app.example node wc-auth-server.mjs (behind HTTPS in production).
import { createServer } from 'node:http';
import { createCallbackHandler, toNodeListener } from 'wc-keys';

const { PORT = '8090', APP_ORIGIN = 'http://127.0.0.1:8080' } = process.env;
const waiting = new Map(); // state -> keys, for ten minutes at most

const callback = toNodeListener(createCallbackHandler({
  // beginAuthorization made user_id 'app:' + a 32-character state; anything else is refused (403).
  verifyUserId: (userId) => /^app:[\w-]{32}$/.test(userId),
  onKeys: ({ userId, consumerKey, consumerSecret, keyPermissions }) => {
    const state = userId.slice('app:'.length);
    waiting.set(state, { consumerKey, consumerSecret, keyPermissions });
    setTimeout(() => waiting.delete(state), 10 * 60_000).unref();
  },
}));

const server = createServer(async (req, res) => {
  if (req.url === '/wc-callback') return callback(req, res);
  if (req.url !== '/wc-pickup' || req.method !== 'POST') return res.writeHead(404).end();
  let state = '';
  for await (const chunk of req) if ((state += chunk).length > 64) return res.writeHead(413).end();
  const keys = waiting.get(state);
  waiting.delete(state); // one pickup only
  res.writeHead(keys ? 200 : 404, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': APP_ORIGIN });
  res.end(JSON.stringify(keys ?? { code: 'not_found' }));
});
server.listen(Number(PORT), '127.0.0.1', () => console.log(`wc-auth server on http://127.0.0.1:${server.address().port}`));
