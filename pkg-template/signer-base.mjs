// What `Signer` is in both entries, over the SignerCore of either module (src/wasm/signer.rs):
// the main entry's Signer (signer.mjs) adds `sign()`. The constructor's options are read in Rust.
// `authorization()` is the fast path: strings in, the header out, no options object crossing into
// WebAssembly, so this file checks the argument types that wasm-bindgen would otherwise coerce,
// the way the options readers in Rust do (own names only; `null` counts as not given).
import { invalid, optionsObject, unknownOption } from './errors.mjs';

const STAMP_OPTIONS = ['nonce', 'timestamp', 'clockOffset'];

function optional(value, type, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw invalid(`${name} must be a ${type}`);
  return value;
}

/** What a freed signer throws. */
export function freedError() {
  return invalid('this Signer was freed; make a new one');
}

export class SignerBase {
  #core;

  constructor(core) {
    this.#core = core;
  }

  #live() {
    if (this.#core === null) throw freedError();
    return this.#core;
  }

  /** `HMAC-SHA1` or `HMAC-SHA256`. */
  get signatureMethod() {
    return this.#live().signatureMethod;
  }

  /** The `Authorization: OAuth …` header value for a request without a form body. */
  authorization(method, url, options) {
    const core = this.#live();
    if (typeof method !== 'string') throw invalid('method must be a string');
    if (typeof url !== 'string') throw invalid('url must be a string');
    if (options === undefined) return core.authorization(method, url);
    const stamp = optionsObject(options, 'authorization');
    for (const name of Object.keys(stamp)) {
      if (!STAMP_OPTIONS.includes(name)) throw unknownOption(name, STAMP_OPTIONS);
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

/**
 * `wc-keys/signer`'s `Signer` over the small module's `SignerCore`, for both of that entry's files
 * (signer-entry.mjs in browsers and bundlers, signer-node.mjs in Node, Deno and Bun).
 */
export function signingEntrySigner(SignerCore) {
  return class Signer extends SignerBase {
    /** `{ consumerKey, consumerSecret, signatureMethod, placement, homeUrl, strict }`, checked now. */
    constructor(options) {
      super(new SignerCore(options));
    }
  };
}
