// Everything the main entry exports, and its module's two loaders, for the two files that load
// it: index.mjs (browsers and bundlers) and node.mjs (Node). `cargo xtask build` bundles this file
// and every module it imports into pkg/api.mjs: without a bundler a page then fetches two files
// (index.mjs, then api.mjs) before its `.wasm` fetch can start, not twelve in three rounds of
// imports. In `cargo xtask bench` that page's first signature went from 2.10× to 2.38× the
// crypto-js page's time (seven runs) to 1.41× to 1.72× (eight runs; bench/runs/README.md).
// The modules it shares with wc-keys/signer (errors.mjs, signer-base.mjs: functions and a base
// class, no state) are bundled too: a page that loads both entries loads their code twice (1,698
// bytes gzip as separate files), one that loads the main entry alone fetches no file for them.
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
// stay out of the package's API. An object's properties are not tree-shaken, so a browser bundle
// keeps `initSync`, which it never calls: 66 bytes gzip of a minified esbuild bundle of `sign`
// (4,047 against 3,981 with it taken out of the object, measured by hand).
export default { initWasm, initSync };
