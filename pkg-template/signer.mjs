// The main entry's Signer: signer-base.mjs plus `sign()`, which passes its options object to
// Rust (SignerCore.sign in src/wasm/exports.rs).
import { SignerCore } from './wc_keys.js';
import { SignerBase, freedError } from './signer-base.mjs';

export class Signer extends SignerBase {
  #core;

  /** `{ consumerKey, consumerSecret, signatureMethod, placement, homeUrl, strict }`, checked now. */
  constructor(options) {
    const core = new SignerCore(options);
    super(core);
    this.#core = core;
  }

  /** What `sign()` returns, for `{ method, url, form, timestamp, clockOffset, nonce }`. */
  sign(request) {
    if (this.#core === null) throw freedError();
    return this.#core.sign(request);
  }

  free() {
    super.free();
    this.#core = null;
  }
}
