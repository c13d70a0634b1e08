// checkKeys: the live key check. What to request and what each answer means is decided in
// WebAssembly (KeyCheckCore, src/key_check.rs); this file sends the requests with fetch and says
// what kind of failure a fetch had (which only the runtime can tell).
import { KeyCheckCore } from './wc_keys.js';
import { optionsObject } from './errors.mjs';

const BODY_LIMIT = 64 * 1024;

/** What kind of failure a fetch had: `timeout`, `tls`, `network` or `cors`. */
async function failureOf(error, timedOut, url, doFetch) {
  if (timedOut) return 'timeout';
  const cause = error?.cause;
  const text = `${cause?.code ?? ''} ${cause?.message ?? ''}`;
  if (/CERT|SSL|TLS|SELF_SIGNED|ALTNAME/i.test(text)) return 'tls';
  if (cause?.code || typeof document === 'undefined') return 'network';
  // In a browser a TypeError is what both a CORS refusal and an unreachable store look like.
  // A no-cors request tells them apart: it gets an (unreadable) answer only if the server is up.
  try {
    await doFetch(url, { method: 'GET', mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(5_000) });
    return 'cors';
  } catch {
    return 'network';
  }
}

export async function checkKeys(options) {
  const { signal, fetch: fetchImpl, timeout = 15_000, ...rest } = optionsObject(options, 'checkKeys');
  const doFetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  const check = new KeyCheckCore(rest);
  try {
    for (let request = check.next(); request !== undefined; request = check.next()) {
      signal?.throwIfAborted();
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeout);
      const onAbort = () => controller.abort(signal.reason);
      signal?.addEventListener('abort', onAbort);
      const started = Date.now();
      let answer;
      try {
        const response = await doFetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ?? undefined,
          redirect: 'manual',
          signal: controller.signal,
        });
        const text = await response.text();
        answer = {
          status: response.type === 'opaqueredirect' ? 302 : response.status,
          date: response.headers.get('date') ?? undefined,
          link: response.headers.get('link') ?? undefined,
          contentType: response.headers.get('content-type') ?? undefined,
          location: response.headers.get('location') ?? undefined,
          body: text.slice(0, BODY_LIMIT),
          ms: Date.now() - started,
        };
      } catch (error) {
        signal?.throwIfAborted();
        answer = { failure: await failureOf(error, timedOut, request.url, doFetch), ms: Date.now() - started };
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      check.feed(answer);
    }
    return check.report();
  } finally {
    check.free();
  }
}
