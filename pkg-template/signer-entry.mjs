// `wc-keys/signer` in browsers, workers and bundlers: Signer (without `sign()`) and basicAuthHeader
// over the small module (the crate built without its `full` feature; src/wasm/signer.rs).
// Node, Deno and Bun load signer-node.mjs instead (package.json's `node` condition).
//
// The module travels inside JavaScript (wc_keys_signer_wasm.mjs: gzipped by zopfli, in base64),
// so there is no second request and no .wasm file for a bundler to copy. The import gunzips it with
// the runtime's DecompressionStream (top-level await, as the main entry has) and then compiles it
// synchronously: in a development A/B of the benchmark's cold-start page (a throwaway script, 25
// loads each) that reached the first signature about 6 ms sooner than `WebAssembly.instantiate`.
// Browsers that refuse a synchronous compile of this size on the main thread (Chrome and Edge
// before 114 throw a RangeError) get the asynchronous one. Any other error is the import's.
// DecompressionStream needs Chrome and Edge 80, Firefox 113, Safari 16.4.
import initModule, { initSync, SignerCore, basicAuthHeader } from './wc_keys_signer.js';
import gzipped from './wc_keys_signer_wasm.mjs';
import { signingEntrySigner } from './signer-base.mjs';
// Also imported by signer-base.mjs. Named here too so that a page without a bundler requests it
// with the entry's other imports rather than after signer-base.mjs arrives: one round trip less,
// about 3 ms of the cold start in a development A/B (a throwaway script, 30 and 40 loads each).
import './errors.mjs';

function base64Bytes(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

// Written and read through the stream's own writer and reader: in the same A/B, piping it into a
// Response and reading that took 4 to 7 ms in Chromium, this about 1.3 ms (the module is 68 KB).
async function gunzip(bytes) {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // A corrupt input also fails the reads below, which report it; these two would only repeat it.
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const parts = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const wasm = await gunzip(base64Bytes(gzipped));
try {
  initSync({ module: wasm });
} catch (error) {
  if (!(error instanceof RangeError)) throw error;
  await initModule({ module_or_path: wasm });
}

/** Resolves at once: the module is loaded when the import returns. */
export function init() {
  return Promise.resolve();
}

export const Signer = signingEntrySigner(SignerCore);

/** `Basic base64(key:secret)`. */
export { basicAuthHeader };
