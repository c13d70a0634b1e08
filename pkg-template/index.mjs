// Browsers and bundlers: the .wasm sits next to this file, and `new URL(..., import.meta.url)`
// is the pattern Vite and webpack 5 recognise to ship it (with esbuild or plain Rollup the file
// is copied by hand, see README.md). The module initialises itself (top-level await), so
// importers can call the functions at once; package.json lists it in `sideEffects` so that
// bundlers keep that initialisation when only re-exported names are used.
import loaders from './api.mjs';

// wasm-bindgen's loader: `instantiateStreaming`, and when the server sends the .wasm with another
// type than application/wasm, a console warning and `instantiate` on the same response. A loader
// that compiled with `compileStreaming` and instantiated synchronously was no faster within the
// noise (1.24× to 1.29× the crypto-js page, against 1.24× to 1.25× for this one, over two runs of
// interleaved loads of an esbuild bundle with the .wasm preloaded), and Chrome before 114 refuses
// synchronous instantiation of a module this size.
//
// Not inline like wc-keys/signer's module: an esbuild bundle with this module gzipped inside it
// (as signer-entry.mjs does it) reached the first signature at 1.26× the crypto-js page against
// 1.42× for this loader, in one development A/B (a throwaway script, 30 interleaved loads each),
// but it would compile from bytes instead of a fetch, which gives up streaming compilation and
// the compiled code Chrome keeps for modules compiled from a fetched .wasm, on every later visit,
// for a module four times the size.
const ready = loaders.initWasm({ module_or_path: new URL('./wc_keys_bg.wasm', import.meta.url) });
await ready;

/** Resolves when the WebAssembly module is loaded (it already is once this module has loaded). */
export function init() {
  return ready.then(() => undefined);
}

export * from './api.mjs';
// Drop-in for @woocommerce/woocommerce-rest-api's default export.
export { WooCommerceRestApi as default } from './api.mjs';
