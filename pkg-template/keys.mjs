// checkKeys: the live key check. What to request and what each answer means is decided in
// WebAssembly (KeyCheckCore, src/key_check.rs); this file sends the requests with fetch and says
// what kind of failure a fetch had (which only the runtime can tell).
import { KeyCheckCore } from './wc_keys.js';
import { optionsObject } from './errors.mjs';
import { TransportFailure, fetchOnce } from './transport.mjs';

const BODY_LIMIT = 64 * 1024;

export async function checkKeys(options) {
  const { signal, fetch: fetchImpl, timeout = 15_000, ...rest } = optionsObject(options, 'checkKeys');
  const doFetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  const check = new KeyCheckCore(rest);
  try {
    for (let request = check.next(); request !== undefined; request = check.next()) {
      signal?.throwIfAborted();
      const started = Date.now();
      let answer;
      try {
        const { response, text } = await fetchOnce(
          doFetch,
          request.url,
          { method: request.method, headers: request.headers, body: request.body ?? undefined },
          { timeout, signal, probe: true },
        );
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
        if (!(error instanceof TransportFailure) || error.kind === 'aborted') {
          signal?.throwIfAborted();
          throw error;
        }
        answer = { failure: error.kind, ms: Date.now() - started };
      }
      check.feed(answer);
    }
    return check.report();
  } finally {
    check.free();
  }
}
