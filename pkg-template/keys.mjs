// checkKeys: the live key check. What to request and what each answer means is decided in
// WebAssembly (KeyCheckCore, src/key_check.rs); this file sends the requests with fetch and says
// what kind of failure a fetch had (which only the runtime can tell).
import { KeyCheckCore, keyCheckOptionNames } from './wc_keys.js';
import { MAX_TIMEOUT, abortSignal, fetchOption, knownOptions, wholeNumber } from './options.mjs';
import { TransportFailure, fetchOnce } from './transport.mjs';

const BODY_LIMIT = 64 * 1024;
// Read here rather than in WebAssembly.
const OWN_OPTIONS = ['signal', 'fetch', 'timeout'];
let checkOptions;

export async function checkKeys(options) {
  const what = 'checkKeys';
  // Every name checked here, against WebAssembly's and this file's, so a typo's message lists all.
  checkOptions ??= [...keyCheckOptionNames().split(' '), ...OWN_OPTIONS];
  const { signal: given, fetch: fetchImpl, timeout: wanted, ...rest } = knownOptions(options, what, checkOptions);
  // The options read here are checked here, as the client checks its own (options.mjs); the
  // rest, with their names, in WebAssembly.
  const signal = abortSignal(given, what);
  const timeout = wholeNumber(wanted, 'timeout', what, { min: 0, max: MAX_TIMEOUT, fallback: 15_000, meaning: 'milliseconds per request, 0 for none' });
  const doFetch = fetchOption(fetchImpl, what);
  const check = new KeyCheckCore(rest);
  try {
    for (let request = check.next(); request !== undefined; request = check.next()) {
      if (signal?.aborted) throw signal.reason;
      const started = Date.now();
      let answer;
      try {
        const { response, text } = await fetchOnce(
          doFetch,
          request.url,
          { method: request.method, headers: request.headers, body: request.body ?? undefined },
          { timeout, signal, probe: true },
        );
        answer = [
          response.type === 'opaqueredirect' ? 302 : response.status,
          response.headers.get('date') ?? undefined,
          response.headers.get('link') ?? undefined,
          response.headers.get('content-type') ?? undefined,
          response.headers.get('location') ?? undefined,
          text.slice(0, BODY_LIMIT),
          undefined,
        ];
      } catch (error) {
        if (!(error instanceof TransportFailure) || error.kind === 'aborted') {
          if (signal?.aborted) throw signal.reason;
          throw error;
        }
        answer = [0, undefined, undefined, undefined, undefined, undefined, error.kind];
      }
      // KeyCheckCore.feed(status, date, link, contentType, location, body, failure, ms).
      check.feed(...answer, Date.now() - started);
    }
    return check.report();
  } finally {
    check.free();
  }
}
