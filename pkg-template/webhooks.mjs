// Webhook deliveries for the app's server: signature check (in WebAssembly, constant time) and
// a Fetch-API handler.
import { verifyWebhookRaw } from './wc_keys.js';
import { optionsObject, wcKeysError } from './errors.mjs';

const encoder = new TextEncoder();

function bytesOf(body) {
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: body must be the raw body as a string, Uint8Array or ArrayBuffer.');
}

/**
 * Checks a delivery: `{ body, signature, secret }` with the raw body exactly as received and the
 * X-WC-Webhook-Signature header. Returns `{ valid, ping, webhookId }`.
 */
export function verifyWebhook(options) {
  const { body, signature, secret } = optionsObject(options, 'verifyWebhook');
  if (typeof secret !== 'string' || secret === '') {
    throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: secret must be the webhook secret set in WooCommerce > Settings > Advanced > Webhooks.');
  }
  return verifyWebhookRaw(bytesOf(body), signature ?? undefined, secret);
}

/**
 * A Fetch-API handler for webhook deliveries: 401 for a bad signature, 200 at once for a valid
 * one, then `onEvent({ topic, resource, event, webhookId, deliveryId, source, payload })`.
 */
export function createWebhookHandler(options) {
  const { secret, onEvent, onError, maxBytes = 1024 * 1024 } = optionsObject(options, 'createWebhookHandler');
  if (typeof onEvent !== 'function') {
    throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: createWebhookHandler needs onEvent(event).');
  }
  verifyWebhook({ body: '', secret });
  return async function handleWebhook(request) {
    if (request.method !== 'POST') return new Response('POST only', { status: 405, headers: { Allow: 'POST' } });
    if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return new Response('too large', { status: 413 });
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.byteLength > maxBytes) return new Response('too large', { status: 413 });
    const signature = request.headers.get('x-wc-webhook-signature') ?? undefined;
    const verdict = verifyWebhook({ body, signature, secret });
    // The unsigned ping is answered (WooCommerce refuses to save a webhook whose URL does not
    // answer 2xx) but never passed on: anyone can send one.
    if (verdict.ping) return new Response('pong', { status: 200 });
    if (!verdict.valid) return new Response('invalid signature', { status: 401 });
    let payload = null;
    try {
      payload = JSON.parse(new TextDecoder().decode(body));
    } catch {
      return new Response('body is not JSON', { status: 400 });
    }
    const header = (name) => request.headers.get(`x-wc-webhook-${name}`);
    const event = {
      topic: header('topic'),
      resource: header('resource'),
      event: header('event'),
      webhookId: header('id'),
      deliveryId: header('delivery-id'),
      source: header('source'),
      payload,
    };
    // Answer fast: WooCommerce waits for the answer and counts slow ones as failures.
    Promise.resolve()
      .then(() => onEvent(event))
      .catch((error) => onError?.(error));
    return new Response('OK', { status: 200 });
  };
}
