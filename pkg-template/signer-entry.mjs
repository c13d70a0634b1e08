// `wc-keys/signer`: Signer (without `sign()`) and basicAuthHeader over the small module (the crate
// built without its `full` feature; src/wasm/signer.rs), for every runtime.
//
// The module travels inside JavaScript (wc_keys_signer_wasm.mjs, in hex) and is compiled
// synchronously on import: no second request, no top-level await, no .wasm file for a bundler to
// copy. Measured in headless Chromium (`cargo xtask bench`, navigation to first signature, as a
// ratio to a page with oauth-1.0a and crypto-js): 0.98× to 1.17× this way over nine runs, 1.12×
// to 1.38× with the same module fetched as a .wasm beside the bundle and preloaded. Synchronous
// compilation of a module this size needs Chrome 114 or later (older Chrome refused it on the main
// thread); Firefox and Safari always allowed it.
import { initSync, SignerCore, basicAuthHeader } from './wc_keys_signer.js';
import hex from './wc_keys_signer_wasm.mjs';
import { SignerBase } from './signer-base.mjs';

function decodeHex(text) {
  if (typeof Uint8Array.fromHex === 'function') return Uint8Array.fromHex(text);
  const digit = (code) => (code < 97 ? code - 48 : code - 87);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i += 1) {
    out[i] = (digit(text.charCodeAt(2 * i)) << 4) | digit(text.charCodeAt(2 * i + 1));
  }
  return out;
}

initSync({ module: decodeHex(hex) });

/** Resolves at once: the module is compiled synchronously on import. */
export function init() {
  return Promise.resolve();
}

export class Signer extends SignerBase {
  /** `{ consumerKey, consumerSecret, signatureMethod, placement, homeUrl, strict }`, checked now. */
  constructor(options) {
    super(new SignerCore(options));
  }
}

/** `Basic base64(key:secret)`. */
export { basicAuthHeader };
