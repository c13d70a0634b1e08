// Signer: a key pair checked once, with its HMAC key absorbed once (SignerCore, src/oauth/signer.rs).
// `authorization()` is the fast path: strings in, the header out, no options object crossing into
// WebAssembly, so this file checks the argument types that wasm-bindgen would otherwise coerce,
// the way the options readers in Rust do (own names only; `null` counts as not given).
import { SignerCore } from './wc_keys.js';
import { optionsObject, wcKeysError } from './errors.mjs';

const STAMP_OPTIONS = ['nonce', 'timestamp', 'clockOffset'];

function invalid(detail) {
  return wcKeysError('ERR_INPUT_INVALID', `Invalid argument: ${detail}.`);
}

function optional(value, type, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw invalid(`${name} must be a ${type}`);
  return value;
}

export class Signer {
  #core;

  /** `{ consumerKey, consumerSecret, signatureMethod, placement, homeUrl, strict }`, checked now. */
  constructor(options) {
    this.#core = new SignerCore(options);
  }

  #live() {
    if (this.#core === null) throw invalid('this Signer was freed; make a new one');
    return this.#core;
  }

  /** `HMAC-SHA1` or `HMAC-SHA256`. */
  get signatureMethod() {
    return this.#live().signatureMethod;
  }

  /** What `sign()` returns, for `{ method, url, form, timestamp, clockOffset, nonce }`. */
  sign(request) {
    return this.#live().sign(request);
  }

  /** The `Authorization: OAuth …` header value for a request without a form body. */
  authorization(method, url, options) {
    const core = this.#live();
    if (typeof method !== 'string') throw invalid('method must be a string');
    if (typeof url !== 'string') throw invalid('url must be a string');
    if (options === undefined) return core.authorization(method, url);
    const stamp = optionsObject(options, 'authorization');
    for (const name of Object.keys(stamp)) {
      if (!STAMP_OPTIONS.includes(name)) {
        throw invalid(`unknown option '${name.slice(0, 40)}'; the options are ${STAMP_OPTIONS.join(', ')}`);
      }
    }
    return core.authorization(
      method,
      url,
      optional(stamp.nonce, 'string', 'nonce'),
      optional(stamp.timestamp, 'number', 'timestamp'),
      optional(stamp.clockOffset, 'number', 'clockOffset'),
    );
  }

  /** Frees the WebAssembly memory now rather than when the object is collected. Safe to repeat. */
  free() {
    this.#core?.free();
    this.#core = null;
  }
}
