// Node 20+ (and Deno through its Node compatibility): the .wasm is read from disk synchronously,
// so the functions work as soon as the import resolves, with no top-level await.
import { readFileSync } from 'node:fs';
import {
  initSync,
  sign,
  basicAuthHeader,
  explainSignature,
  validateConsumerKey,
  maskKey,
  keyHash,
  errorCodes,
} from './wc_keys.js';

initSync({ module: readFileSync(new URL('./wc_keys_bg.wasm', import.meta.url)) });

/** Resolves at once: in Node the module is loaded synchronously on import. */
export function init() {
  return Promise.resolve();
}

export { sign, basicAuthHeader, explainSignature, validateConsumerKey, maskKey, keyHash, errorCodes };
