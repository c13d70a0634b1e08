// The server side of wc-auth for any runtime with the Fetch API (Node 20, Deno, Bun, workers):
// a handler for the callback the store POSTs the keys to. The payload checks run in WebAssembly.
// toNodeListener puts a Fetch-API handler (this one, or createWebhookHandler's) behind Node's
// http server.
import { parseCallback } from './wc_keys.js';
import { wcKeysError } from './errors.mjs';
import { concat, readLimited, withLimit } from './body.mjs';
import { MAX_BYTES, knownOptions, wholeNumber } from './options.mjs';

// WooCommerce's payload is about 200 bytes.
const CALLBACK_LIMIT = 16 * 1024;
// What toNodeListener allows a handler that states no limit of its own.
const DEFAULT_LIMIT = 16 * 1024;
const CALLBACK_OPTIONS = ['onKeys', 'verifyUserId', 'expectedScope', 'maxBytes'];

function answer(status, code, message, headers = {}) {
  return new Response(JSON.stringify({ code, message }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

export function createCallbackHandler(options) {
  const what = 'createCallbackHandler';
  const { onKeys, verifyUserId, expectedScope, maxBytes } = knownOptions(options, what, CALLBACK_OPTIONS);
  if (typeof onKeys !== 'function') {
    throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: createCallbackHandler needs onKeys(keys), a function that stores the keys.');
  }
  if (typeof verifyUserId !== 'function') {
    // Without it any store could push keys into the app: the user_id ties the callback to a
    // request the app started (its state).
    throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: createCallbackHandler needs verifyUserId(userId), which says whether this app issued the user_id (e.g. a pending state).');
  }
  // A larger limit is lowered to 16 KiB, the most parseCallback reads.
  const limit = Math.min(
    wholeNumber(maxBytes, 'maxBytes', what, { min: 1, max: MAX_BYTES, fallback: CALLBACK_LIMIT, meaning: 'bytes; a larger limit reads 16384 at most' }),
    CALLBACK_LIMIT,
  );
  return withLimit(async function handleCallback(request) {
    if (request.method !== 'POST') {
      return answer(405, 'ERR_CALLBACK_METHOD', 'The store POSTs the keys; other methods are refused.', { Allow: 'POST' });
    }
    // application/json, with or without parameters; not application/json-patch+json and the like.
    if (!/^application\/json[\t ]*(?:;|$)/i.test(request.headers.get('content-type') ?? '')) {
      return answer(415, 'ERR_CALLBACK_INVALID', 'The store sends application/json.');
    }
    const bytes = await readLimited(request, limit);
    if (bytes === null) {
      return answer(413, 'ERR_CALLBACK_TOO_LARGE', `The body is larger than ${limit} bytes.`);
    }
    let keys;
    try {
      keys = parseCallback(new TextDecoder().decode(bytes), expectedScope === undefined ? undefined : { expectedScope });
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
  }, limit);
}

/** A Fetch-API response as what Node's `res.writeHead` and `res.end` take. */
async function nodeAnswer(response) {
  return [response.status, Object.fromEntries(response.headers), new Uint8Array(await response.arrayBuffer())];
}

export function toNodeListener(handler, options) {
  const what = 'toNodeListener';
  const { maxBytes } = knownOptions(options, what, ['maxBytes']);
  if (typeof handler !== 'function') {
    throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: toNodeListener takes a Fetch-API handler, such as the one createCallbackHandler or createWebhookHandler returns.');
  }
  const own = Number.isSafeInteger(handler.maxBytes) && handler.maxBytes > 0 ? handler.maxBytes : DEFAULT_LIMIT;
  const limit = wholeNumber(maxBytes, 'maxBytes', what, { min: 1, max: MAX_BYTES, fallback: own, meaning: 'bytes' });
  return async function nodeListener(req, res) {
    let answered = false;
    const send = async (response) => {
      const [status, headers, body] = await nodeAnswer(response);
      answered = true;
      res.writeHead(status, headers);
      res.end(body);
    };
    const tooLarge = () => send(answer(413, 'ERR_BODY_TOO_LARGE', `The body is larger than ${limit} bytes; the handler was not called.`));
    try {
      if (Number(req.headers['content-length'] ?? 0) > limit) await tooLarge();
      // Past the limit nothing is kept: the rest is read and dropped (after the answer has gone
      // out), so that the connection can carry the next request. A body cut at the limit would
      // only fail later and in other words (a webhook's signature, the callback's JSON).
      const kept = [];
      let size = 0;
      for await (const chunk of req) {
        size += chunk.length;
        if (answered) continue;
        if (size > limit) await tooLarge();
        else kept.push(chunk);
      }
      if (answered) return;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      headers.delete('content-length');
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? concat(kept, size) : undefined,
      });
      await send(await handler(request));
    } catch {
      if (answered) return;
      // The reason is not echoed: it might quote what the handler was given.
      await send(answer(500, 'ERR_HANDLER_FAILED', 'The handler threw instead of answering.'));
    }
  };
}
