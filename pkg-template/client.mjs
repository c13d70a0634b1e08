// WooCommerceRestApi: the REST client. URLs, authentication, signing, reading error answers,
// retry delays, the clock offset and pagination headers are computed in WebAssembly (ClientCore
// and friends); this file sends the requests with the platform's fetch and runs the loop around
// them (timeouts, retries, the clock guesses a page needs, not following redirects).
import { ClientCore, clientOptionNames, clockOffset, pagination, redact, responseError, retryDelayMs } from './wc_keys.js';
import { wcKeysError } from './errors.mjs';
import { MAX_TIMEOUT, abortSignal, fetchOption, knownOptions, optionalFunction, portNumber, wholeNumber } from './options.mjs';
import { TransportFailure, fetchOnce } from './transport.mjs';

/** An answer from the store that is an error, or a request that got no answer. */
export class WooCommerceError extends Error {
  constructor({ code, message, status = 0, data = null, hint = null, request = null }) {
    // The store's message as it wrote it (several failures share one code); what to do is in
    // `hint`.
    super(message);
    this.name = 'WooCommerceError';
    this.code = code;
    this.status = status;
    this.data = data;
    this.hint = hint;
    this.request = request;
  }
}

// Accepted for drop-in compatibility with @woocommerce/woocommerce-rest-api, and not needed here.
const IGNORED_OPTIONS = ['encoding', 'axiosConfig', 'classVersion'];
const REQUEST_OPTIONS = ['method', 'path', 'query', 'body', 'signal'];
// Read here rather than in WebAssembly.
const OWN_OPTIONS = ['timeout', 'fetch', 'retries', 'onRequest', 'onResponse'];
let clientOptions;
/** Every option name of the constructor (asked of WebAssembly once it is loaded). */
const allClientOptions = () => (clientOptions ??= [...clientOptionNames().split(' '), ...OWN_OPTIONS, ...IGNORED_OPTIONS]);
const CLOCK_GUESSES = [1800, -1800];

function headersObject(headers) {
  const out = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

function redactHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = /^authorization$/i.test(name) && /^basic /i.test(value) ? 'Basic [redacted]' : redact(value);
  }
  return out;
}

/** What a fetch that got no answer means, in a sentence. */
function networkError(failure, request) {
  if (failure.kind === 'timeout') {
    return new WooCommerceError({
      code: 'ERR_HTTP_TIMEOUT',
      message: 'The store did not answer in time.',
      hint: 'Try again, raise the timeout option, or check that the store is up.',
      request,
    });
  }
  if (failure.kind === 'aborted') {
    return new WooCommerceError({ code: 'ERR_HTTP_ABORTED', message: 'The request was aborted by its signal.', request });
  }
  const causeCode = failure.detail;
  if (failure.kind === 'tls') {
    return new WooCommerceError({
      code: 'ERR_HTTP_TLS',
      message: `The store's HTTPS certificate was not accepted (${causeCode || 'TLS error'}).`,
      hint: 'Check the certificate (expired, self-signed, wrong host name); in Node, trust a private CA with NODE_EXTRA_CA_CERTS.',
      request,
    });
  }
  if (causeCode) {
    return new WooCommerceError({
      code: 'ERR_HTTP_NETWORK',
      message: `The store could not be reached (${causeCode}).`,
      hint: 'Check the store URL, the port and your network.',
      request,
    });
  }
  if (failure.kind === 'network') {
    // Not a page (transport.mjs tells a page's failures apart as 'cors'): Node, Deno, Bun or a
    // worker, where Node's words fit and CORS is to blame only in a web worker.
    const worker = typeof globalThis.WorkerGlobalScope === 'function';
    return new WooCommerceError({
      code: 'ERR_HTTP_NETWORK',
      message: 'The request did not reach the store: the fetch failed without saying why.',
      hint: `Check the store URL (scheme, host, port, folder), that the store is up, and the network in between (DNS, proxy, firewall); with the fetch option, check that function.${worker ? ' In a web worker this is also how a store that does not allow this origin (CORS) looks.' : ''}`,
      request,
    });
  }
  const preflighted = request?.auth === 'oauth-query' && !['GET', 'HEAD'].includes(request.method);
  return new WooCommerceError({
    code: 'ERR_HTTP_NETWORK',
    message: 'The request did not reach the store, or the browser blocked its answer (CORS).',
    hint: preflighted
      ? 'With queryStringAuth over HTTP, a browser sends writes after a CORS preflight that carries the OAuth parameters signed for the real method, and WooCommerce refuses it. From a page, write with the OAuth parameters in the Authorization header (queryStringAuth: false), or over HTTPS.'
      : "In a browser this is how every answer without CORS headers looks: the store not allowing this origin (a security plugin, a CDN or a server rule stripping WordPress's CORS headers), but also a redirect (http to https, www), a 404 outside the REST API (a wrong folder for a subdirectory install, or a store with plain permalinks: set permalinks: 'plain'), or an offline store.",
    request,
  });
}

/**
 * Waits `ms` before a retry. Rejects with a `TransportFailure` (`aborted`) when `signal` aborts,
 * as a fetch would; removes its listener either way, so that retries leave none on the signal.
 */
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TransportFailure('aborted', '', signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TransportFailure('aborted', '', signal.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class WooCommerceRestApi {
  #core;
  #fetch;
  #timeout;
  #retries;
  #onRequest;
  #onResponse;
  #clockOffset = 0;
  #clockGuesses = 0;

  constructor(options) {
    const what = 'new WooCommerceRestApi';
    // Every name checked here, against WebAssembly's and this file's, so a typo's message lists all.
    const { timeout, fetch: fetchImpl, retries, onRequest, onResponse, ...rest } = knownOptions(options, what, allClientOptions());
    for (const name of IGNORED_OPTIONS) delete rest[name];
    // Checked here, before WebAssembly reads the rest: a wrong value in an option JavaScript reads
    // would otherwise surface late and in other words (a fetch that is not a function as a
    // network failure, a timeout that is not a number as no timeout at all).
    this.#timeout = wholeNumber(timeout, 'timeout', what, { min: 0, max: MAX_TIMEOUT, fallback: 30_000, meaning: 'milliseconds, 0 for none' });
    this.#retries = wholeNumber(retries, 'retries', what, { min: 0, max: 10, fallback: 2, meaning: 'retries of a GET, HEAD or OPTIONS on 429, 502, 503 and 504' });
    this.#onRequest = optionalFunction(onRequest, 'onRequest', what, 'called before each attempt');
    this.#onResponse = optionalFunction(onResponse, 'onResponse', what, 'called after each answer');
    this.#fetch = fetchOption(fetchImpl, what);
    // The official client's port is a string: WebAssembly (which puts it in the URL) takes a number.
    rest.port = portNumber(rest.port, what);
    this.#core = new ClientCore(rest);
  }

  get(endpoint, params = {}) {
    return this.request({ method: 'GET', path: endpoint, query: params });
  }

  post(endpoint, data, params = {}) {
    return this.request({ method: 'POST', path: endpoint, query: params, body: data });
  }

  put(endpoint, data, params = {}) {
    return this.request({ method: 'PUT', path: endpoint, query: params, body: data });
  }

  delete(endpoint, params = {}) {
    return this.request({ method: 'DELETE', path: endpoint, query: params });
  }

  options(endpoint, params = {}) {
    return this.request({ method: 'OPTIONS', path: endpoint, query: params });
  }

  /** Any request: `{ method, path, query, body, signal }`. Resolves to `{ data, status, headers }`. */
  async request(options) {
    const { method = 'GET', path = '', query, body, signal: given } = knownOptions(options, 'request', REQUEST_OPTIONS);
    const signal = abortSignal(given, 'request');
    const jsonBody = body !== undefined;
    let payload;
    try {
      payload = jsonBody ? JSON.stringify(body) : undefined;
    } catch (error) {
      throw wcKeysError('ERR_INPUT_INVALID', `Invalid argument: the body cannot be written as JSON (${error.message}); pass plain objects, arrays, strings, numbers and booleans.`);
    }
    let timestampRetried = false;
    for (let attempt = 0; ; attempt += 1) {
      const prepared = this.#core.prepare({ method, path, query, jsonBody, clockOffset: this.#clockOffset });
      const summary = { method: prepared.method, url: prepared.redactedUrl, auth: prepared.auth };
      // An aborted signal sends nothing, and is not reported to onRequest as an attempt.
      if (signal?.aborted) throw networkError(new TransportFailure('aborted', '', signal.reason), summary);
      this.#onRequest?.({ ...summary, headers: redactHeaders(prepared.headers), attempt });
      const started = Date.now();
      let response;
      let text;
      try {
        ({ response, text } = await fetchOnce(
          this.#fetch,
          prepared.url,
          { method: prepared.method, headers: prepared.headers, body: payload },
          { timeout: this.#timeout, signal },
        ));
      } catch (error) {
        throw error instanceof TransportFailure ? networkError(error, summary) : error;
      }
      const status = response.status;
      const headers = headersObject(response.headers);
      const ms = Date.now() - started;
      if (status >= 300 && status < 400 || response.type === 'opaqueredirect') {
        this.#onResponse?.({ ...summary, status, ms, code: 'ERR_HTTP_REDIRECT' });
        throw new WooCommerceError({
          code: 'ERR_HTTP_REDIRECT',
          status,
          message: `The store redirected the request${headers.location ? ` to ${redact(headers.location)}` : ''}.`,
          hint: 'A redirect could turn a POST into a GET or drop the signature, so it is not followed. Use the URL the store redirects to (often https:// instead of http://, or www.).',
          request: summary,
        });
      }
      if (status < 400) {
        this.#onResponse?.({ ...summary, status, ms });
        let data = text;
        if (text && /json/i.test(headers['content-type'] ?? '')) {
          try {
            data = JSON.parse(text);
          } catch {
            throw new WooCommerceError({ code: 'ERR_HTTP_RESPONSE', status, message: 'The store answered with invalid JSON.', request: summary });
          }
        }
        return { data, status, headers };
      }
      const error = responseError(status, text);
      this.#onResponse?.({ ...summary, status, ms, code: error.code });
      // "Invalid timestamp.": sign again with the store's clock from its Date header, once; a
      // page cannot read that header from another origin, so there the clock is moved by +30,
      // then -30 minutes (WooCommerce accepts 15 minutes either side).
      if (prepared.auth.startsWith('oauth') && error.message === 'Invalid timestamp.') {
        const measured = clockOffset(headers.date);
        const guess = CLOCK_GUESSES[this.#clockGuesses];
        if (measured !== undefined && !timestampRetried) {
          this.#clockOffset = measured;
          timestampRetried = true;
          attempt -= 1;
          continue;
        }
        if (measured === undefined && guess !== undefined) {
          this.#clockOffset = guess;
          this.#clockGuesses += 1;
          attempt -= 1;
          continue;
        }
      }
      const delay = retryDelayMs(prepared.method, status, headers['retry-after'], attempt, this.#retries);
      if (delay !== undefined) {
        try {
          await sleep(delay, signal);
        } catch (failure) {
          throw networkError(failure, summary);
        }
        continue;
      }
      throw new WooCommerceError({ ...error, status, request: summary });
    }
  }

  /**
   * Every item of a list endpoint, page by page: `for await (const page of api.paginate('products'))`.
   * Follows `X-WP-TotalPages` (and `Link: rel="next"`), `per_page` 100 unless given.
   */
  async *paginate(endpoint, params = {}) {
    let page = Number(params.page ?? 1);
    const perPage = Math.min(Number(params.per_page ?? 100), 100);
    for (;;) {
      const response = await this.get(endpoint, { ...params, page, per_page: perPage });
      yield response;
      const info = pagination(response.headers['x-wp-total'], response.headers['x-wp-totalpages'], response.headers.link);
      const empty = Array.isArray(response.data) && response.data.length === 0;
      const last = info.totalPages !== null ? page >= info.totalPages : info.next === null;
      if (empty || last) return;
      page += 1;
    }
  }
}

