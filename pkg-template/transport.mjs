// One request with the platform's fetch, for the client and the key check: a timeout, the
// caller's abort signal, redirects never followed, and what kind of failure a fetch had (which
// only the runtime can tell: the decisions about answers are made in WebAssembly).

/** A fetch that got no answer: `kind` is `timeout`, `aborted`, `tls`, `network` or `cors`. */
export class TransportFailure extends Error {
  constructor(kind, detail, cause) {
    super(`fetch failed: ${kind}${detail ? ` (${detail})` : ''}`, { cause });
    this.name = 'TransportFailure';
    this.kind = kind;
    this.detail = detail;
  }
}

async function failureKind(error, { timedOut, url, doFetch, probe }) {
  if (timedOut) return 'timeout';
  const cause = error?.cause;
  if (/CERT|SSL|TLS|SELF_SIGNED|ALTNAME/i.test(`${cause?.code ?? ''} ${cause?.message ?? ''}`)) return 'tls';
  if (cause?.code || typeof document === 'undefined') return 'network';
  if (!probe) return 'cors';
  // In a browser a TypeError is what both a CORS refusal and an unreachable server look like.
  // A no-cors request tells them apart: it gets an (unreadable) answer only if the server is up.
  try {
    await doFetch(url, { method: 'GET', mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(5_000) });
    return 'cors';
  } catch {
    return 'network';
  }
}

/**
 * Sends one request and reads its body. Resolves to `{ response, text }`; rejects with a
 * `TransportFailure`, at once and without sending anything when `signal` is already aborted.
 * With `probe`, a browser failure is re-tried with `mode: 'no-cors'` to tell an unreachable
 * server (`network`) from a CORS refusal (`cors`).
 */
export async function fetchOnce(doFetch, url, init, { timeout = 0, signal, probe = false } = {}) {
  // A signal aborted before the call never fires 'abort' again: without this check the request
  // would be sent as if there were no signal.
  if (signal?.aborted) throw new TransportFailure('aborted', '', signal.reason);
  const controller = new AbortController();
  let timedOut = false;
  const timer = timeout > 0
    ? setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout)
    : undefined;
  const onAbort = () => controller.abort(signal.reason);
  signal?.addEventListener('abort', onAbort);
  try {
    const response = await doFetch(url, { ...init, redirect: 'manual', signal: controller.signal });
    return { response, text: await response.text() };
  } catch (error) {
    if (signal?.aborted) throw new TransportFailure('aborted', '', error);
    throw new TransportFailure(await failureKind(error, { timedOut, url, doFetch, probe }), error?.cause?.code ?? '', error);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
