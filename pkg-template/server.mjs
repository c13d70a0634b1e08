// The server side of wc-auth for any runtime with the Fetch API (Node 20, Deno, Bun, workers):
// a handler for the callback the store POSTs the keys to. The payload checks run in WebAssembly.
import { parseCallback } from './wc_keys.js';
import { optionsObject, wcKeysError } from './errors.mjs';

const DEFAULT_LIMIT = 16 * 1024;

function answer(status, code, message, headers = {}) {
  return new Response(JSON.stringify({ code, message }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

async function readText(request, limit) {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

export function createCallbackHandler(options) {
  const { onKeys, verifyUserId, expectedScope, maxBytes = DEFAULT_LIMIT } = optionsObject(options, 'createCallbackHandler');
  if (typeof onKeys !== 'function') {
    throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: createCallbackHandler needs onKeys(keys), a function that stores the keys.');
  }
  if (typeof verifyUserId !== 'function') {
    // Without it any store could push keys into the app: the user_id ties the callback to a
    // request the app started (its state).
    throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: createCallbackHandler needs verifyUserId(userId), which says whether this app issued the user_id (e.g. a pending state).');
  }
  const limit = Math.min(maxBytes, DEFAULT_LIMIT);
  return async function handleCallback(request) {
    if (request.method !== 'POST') {
      return answer(405, 'ERR_CALLBACK_METHOD', 'The store POSTs the keys; other methods are refused.', { Allow: 'POST' });
    }
    if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
      return answer(415, 'ERR_CALLBACK_INVALID', 'The store sends application/json.');
    }
    const text = await readText(request, limit);
    if (text === null) {
      return answer(413, 'ERR_CALLBACK_TOO_LARGE', `The body is larger than ${limit} bytes.`);
    }
    let keys;
    try {
      keys = parseCallback(text, expectedScope === undefined ? undefined : { expectedScope });
    } catch (error) {
      return answer(400, error.code ?? 'ERR_CALLBACK_INVALID', error.message);
    }
    let known = false;
    try {
      known = await verifyUserId(keys.userId);
    } catch {
      known = false;
    }
    if (!known) {
      return answer(403, 'ERR_CALLBACK_USER_MISMATCH', 'This user_id was not issued by this app; the store will delete the keys.');
    }
    try {
      await onKeys(keys);
    } catch {
      // The reason is not echoed: it might quote the keys.
      return answer(500, 'ERR_CALLBACK_HANDLER_FAILED', 'The app could not keep the keys; the store will delete them.');
    }
    // Exactly 200, and only now: anything else makes the store delete the key.
    return new Response('OK', { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  };
}

export function toNodeListener(handler, options) {
  const { maxBytes = DEFAULT_LIMIT } = optionsObject(options, 'toNodeListener');
  if (typeof handler !== 'function') {
    throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: toNodeListener takes the handler createCallbackHandler returned.');
  }
  return async function nodeListener(req, res) {
    try {
      // Keep at most maxBytes + 1 bytes (enough for the handler to answer 413), but drain the
      // rest so the connection can still carry the answer.
      const kept = [];
      let size = 0;
      for await (const chunk of req) {
        if (size <= maxBytes) kept.push(chunk.subarray(0, maxBytes + 1 - size));
        size += chunk.length;
      }
      const body = new Uint8Array(Math.min(size, maxBytes + 1));
      let offset = 0;
      for (const chunk of kept) {
        body.set(chunk, offset);
        offset += chunk.length;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      headers.delete('content-length');
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? body : undefined,
      });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(new Uint8Array(await response.arrayBuffer()));
    } catch {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('callback handler failed');
    }
  };
}
