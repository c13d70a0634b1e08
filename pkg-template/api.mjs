// Everything the main entry exports, and its module's two loaders, for the two files that load
// it: index.mjs (browsers and bundlers) and node.mjs (Node). `cargo xtask build` bundles this file
// and every module it imports, but errors.mjs, into pkg/api.mjs: without a bundler a page then
// fetches three files in two rounds of imports (index.mjs, then api.mjs and errors.mjs), not
// twelve in three, before its `.wasm` fetch can start. In `cargo xtask bench` that page's first
// signature went from 2.10× to 2.38× the crypto-js page's time (seven runs) to 1.59× to 1.74×
// (three runs; bench/runs). errors.mjs stays apart so that `WcKeysError` is one class for both
// entries. Node loads this file too (node.mjs): one copy of the code in the package.
import initWasm, { initSync } from './wc_keys.js';

export * from './bindings.mjs';
export * from './auth.mjs';
export * from './server.mjs';
export * from './client.mjs';
export * from './webhooks.mjs';
export * from './keys.mjs';
export * from './signer.mjs';

// The loaders as the default export: the entries' `export * from './api.mjs'` passes on every
// named export and never the default one (ECMAScript leaves `default` out of `export *`), so they
// stay out of the package's API.
export default { initWasm, initSync };
