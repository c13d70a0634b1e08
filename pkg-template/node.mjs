// Node 20+ (and Deno through its Node compatibility): the .wasm is read from disk synchronously,
// so the functions work as soon as the import resolves, with no top-level await. Having no
// top-level await, this file also loads with require() (Node 20.19 and later).
import { readFileSync } from 'node:fs';
import loaders from './api.mjs';

loaders.initSync({ module: readFileSync(new URL('./wc_keys_bg.wasm', import.meta.url)) });

/** Resolves at once: in Node the module is loaded synchronously on import. */
export function init() {
  return Promise.resolve();
}

export * from './api.mjs';
// Drop-in for @woocommerce/woocommerce-rest-api's default export.
export { WooCommerceRestApi as default } from './api.mjs';
