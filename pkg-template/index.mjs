// Browsers and bundlers: the .wasm sits next to this file, and `new URL(..., import.meta.url)`
// is the pattern Vite and webpack 5 recognise to ship it (with esbuild or plain Rollup the file
// is copied by hand, see README.md). The module initialises itself (top-level await), so
// importers can call the functions at once; package.json lists it in `sideEffects` so that
// bundlers keep that initialisation when only re-exported names are used.
import { initSync } from './wc_keys.js';

const ready = compile(new URL('./wc_keys_bg.wasm', import.meta.url)).then((module) => {
  initSync({ module });
});
await ready;

/**
 * Compiles the .wasm while it downloads, then the glue instantiates it synchronously. In headless
 * Chromium, an esbuild bundle with the .wasm preloaded reaches its first signature a few
 * milliseconds sooner this way than with wasm-bindgen's own loader (`instantiateStreaming`):
 * 1.25× and 1.26× the crypto-js page against 1.38× and 1.30×, over two runs of 60 interleaved
 * loads. A server that sends the .wasm with another type than
 * application/wasm makes streaming refuse it; then the same response is read and compiled whole,
 * with a warning in the console.
 */
async function compile(url) {
  const response = fetch(url);
  try {
    return await WebAssembly.compileStreaming(response);
  } catch (error) {
    const answer = await response;
    const type = answer.headers.get('Content-Type')?.split(';')[0].trim();
    if (!answer.ok || type === 'application/wasm' || answer.bodyUsed) throw error;
    console.warn(
      `wc-keys: ${url} came as ${type ?? 'no type'}, not application/wasm, so it was compiled after it downloaded rather than while. Serve .wasm files as application/wasm.`,
    );
    return WebAssembly.compile(await answer.arrayBuffer());
  }
}

/** Resolves when the WebAssembly module is loaded (it already is once this module has loaded). */
export function init() {
  return ready.then(() => undefined);
}

export * from './bindings.mjs';
export * from './auth.mjs';
export * from './server.mjs';
export * from './client.mjs';
export * from './webhooks.mjs';
export * from './keys.mjs';
export * from './signer.mjs';
// Drop-in for @woocommerce/woocommerce-rest-api's default export.
export { WooCommerceRestApi as default } from './client.mjs';
