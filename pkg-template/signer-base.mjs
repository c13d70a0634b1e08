// What `Signer` is in both entries, whichever WebAssembly core it holds: the main entry's
// (signer.mjs, SignerCore in src/wasm/exports.rs) or `wc-keys/signer`'s (signing.mjs, SigningCore
// in src/wasm/signing.rs). `authorization()` is the fast path: strings in, the header out, no
// options object crossing into WebAssembly, so this file checks the argument types that
// wasm-bindgen would otherwise coerce, the way the options readers in Rust do (own names only;
// `null` counts as not given).
import { optionsObject, wcKeysError } from './errors.mjs';

const STAMP_OPTIONS = ['nonce', 'timestamp', 'clockOffset'];

/** `ERR_INPUT_INVALID`, worded as Rust's `Error::InputInvalid`. */
export function invalid(detail) {
  return wcKeysError('ERR_INPUT_INVALID', `Invalid argument: ${detail}.`);
}

/** Rust's `Error::unknown_option` message, for option names checked here. */
export function unknownOption(name, known) {
  return invalid(`unknown option '${name.slice(0, 40)}'; the options are ${known.join(', ')}`);
}

/** `value` if it has `type`; undefined for undefined or null; a typed error otherwise. */
export function optional(value, type, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw invalid(`${name} must be a ${type}`);
  return value;
}

/** The live core of a signer of a subclass (for methods only one entry has). */
export let coreOf;

export class SignerBase {
  #core;

  static {
    coreOf = (signer) => signer.#live();
  }

  constructor(core) {
    this.#core = core;
  }

  #live() {
    if (this.#core === null) throw invalid('this Signer was freed; make a new one');
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
