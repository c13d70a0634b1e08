// The main entry's Signer: a key pair checked once, with its HMAC key absorbed once (SignerCore,
// src/oauth/signer.rs). The constructor and `sign()` pass their options objects to Rust, which
// reads them with serde; the rest is signer-base.mjs.
import { SignerCore } from './wc_keys.js';
import { SignerBase, coreOf } from './signer-base.mjs';

export class Signer extends SignerBase {
  /** `{ consumerKey, consumerSecret, signatureMethod, placement, homeUrl, strict }`, checked now. */
  constructor(options) {
    super(new SignerCore(options));
  }

  /** What `sign()` returns, for `{ method, url, form, timestamp, clockOffset, nonce }`. */
  sign(request) {
    return coreOf(this).sign(request);
  }
}
