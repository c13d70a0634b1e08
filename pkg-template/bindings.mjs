// The public functions of the WebAssembly module, by name. The generated wc_keys.js also exports
// wasm-bindgen's `initSync` and the internals that client.mjs and webhooks.mjs wrap (ClientCore,
// responseError, verifyWebhookRaw, …): `export *` from it would make those API by accident.
// A new public function goes here and into index.d.ts (tests/package checks both against each other).
export {
  addKeyUrl,
  authorizeUrl,
  basicAuthHeader,
  createAuthorization,
  describeScope,
  explainSignature,
  keyHash,
  keysAdminUrl,
  maskKey,
  parseCallback,
  redact,
  sign,
  validateConsumerKey,
  validateCredentials,
  verifyAuthorizationReturn,
} from './wc_keys.js';

import { errorCodesJoined } from './wc_keys.js';

/** Every error code the package can throw. */
export function errorCodes() {
  return errorCodesJoined().split(' ');
}
