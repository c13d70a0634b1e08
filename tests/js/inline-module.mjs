// wc-keys/signer's WebAssembly module as `cargo xtask build` ships it in wc_keys_signer_wasm.mjs
// (xtask/src/build.rs, `to_compressed_module`: gzipped, in base64, as the default export), read
// back for the package tests and the benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The module's bytes, from the package directory `pkgDir`. */
export function readInlineModule(pkgDir) {
  const text = readFileSync(join(pkgDir, 'wc_keys_signer_wasm.mjs'), 'utf8');
  return gunzipSync(Buffer.from(/"([A-Za-z0-9+/=]+)"/.exec(text)[1], 'base64'));
}
