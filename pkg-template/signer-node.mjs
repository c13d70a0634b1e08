// `wc-keys/signer` in Node, Deno and Bun (package.json's `node` condition): what signer-entry.mjs
// exports, with the inline module gunzipped and compiled synchronously, so the import needs no
// top-level await and `require('wc-keys/signer')` works. Nothing is read from disk.
import { Buffer } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { initSync, SignerCore, basicAuthHeader } from './wc_keys_signer.js';
import gzipped from './wc_keys_signer_wasm.mjs';
import { signingEntrySigner } from './signer-base.mjs';

initSync({ module: gunzipSync(Buffer.from(gzipped, 'base64')) });

/** Resolves at once: the module is loaded when the import returns. */
export function init() {
  return Promise.resolve();
}

export const Signer = signingEntrySigner(SignerCore);

/** `Basic base64(key:secret)`. */
export { basicAuthHeader };
