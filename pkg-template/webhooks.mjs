// Webhook deliveries for the app's server: signature check (in WebAssembly, constant time) and
// a Fetch-API handler.
import { verifyWebhookRaw } from './wc_keys.js';
import { wcKeysError } from './errors.mjs';
import { readLimited, withLimit } from './body.mjs';
import { MAX_BYTES, knownOptions, optionalFunction, wholeNumber } from './options.mjs';

const encoder = new TextEncoder();
// WooCommerce posts the resource as the REST API shows it: an order with many lines, or a
// product with long descriptions, is tens of kilobytes.
const WEBHOOK_LIMIT = 1024 * 1024;

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
  const { body, signature, secret } = knownOptions(options, 'verifyWebhook', ['body', 'signature', 'secret']);
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
  const what = 'createWebhookHandler';
  const { secret, onEvent, onError: given, maxBytes: limit } = knownOptions(options, what, ['secret', 'onEvent', 'onError', 'maxBytes']);
  if (typeof onEvent !== 'function') {
    throw wcKeysError('ERR_INPUT_INVALID', 'Invalid argument: createWebhookHandler needs onEvent(event).');
  }
  const onError = optionalFunction(given, 'onError', what, 'called with what onEvent threw');
  const maxBytes = wholeNumber(limit, 'maxBytes', what, { min: 1, max: MAX_BYTES, fallback: WEBHOOK_LIMIT, meaning: 'bytes' });
  verifyWebhook({ body: '', secret });
  return withLimit(async function handleWebhook(request) {
    if (request.method !== 'POST') return new Response('POST only', { status: 405, headers: { Allow: 'POST' } });
    // Read up to the limit, whether or not the delivery declares its length.
    const body = await readLimited(request, maxBytes);
    if (body === null) return new Response('too large', { status: 413 });
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
  }, maxBytes);
}
