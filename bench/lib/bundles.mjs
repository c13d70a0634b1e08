// The browser bundles the benchmark pages load and whose size it reports: esbuild, minified,
// ES module, for the browser. The official library needs Node's `stream`, `buffer`, `events`
// and the `process`/`Buffer` globals: the npm polyfills for them are aliased and injected.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, version as esbuildVersion } from 'esbuild';

const BENCH = new URL('..', import.meta.url).pathname;

/** name → entry file, and what its size row says. */
export const BUNDLES = [
  {
    id: 'wc-keys',
    entry: 'entries/wc-keys.mjs',
    label: 'wc-keys, `sign` only (JS; the .wasm is fetched beside it)',
    wasm: 'wc_keys_bg.wasm',
  },
  {
    id: 'wc-keys-signer-entry',
    entry: 'entries/wc-keys-signer-entry.mjs',
    label: 'wc-keys/signer, `Signer` (its module inline)',
  },
  {
    id: 'wc-keys-signer-entry-fetch',
    entry: 'entries/wc-keys-signer-entry-fetch.mjs',
    label: "for comparison: wc-keys/signer's module fetched beside the bundle (not shipped)",
    wasm: 'wc_keys_signer_bg.wasm',
    wasmDir: 'target/wasm-bindgen',
  },
  {
    id: 'crypto-js',
    entry: 'entries/crypto-js.mjs',
    label: 'oauth-1.0a + crypto-js (hmac-sha256, enc-base64)',
  },
  {
    id: 'official',
    entry: 'entries/official.mjs',
    label: '@woocommerce/woocommerce-rest-api with axios and Node polyfills',
    polyfills: true,
  },
];

/**
 * Builds every bundle into `outDir/<id>/<id>.js`; copies each wc-keys bundle's .wasm next to it.
 * Returns each bundle's output bytes, the files it took in and the path of its .wasm, if any.
 */
export async function buildBundles(outDir, pkgDir) {
  const out = {};
  for (const b of BUNDLES) {
    const dir = join(outDir, b.id);
    mkdirSync(dir, { recursive: true });
    const result = await build({
      entryPoints: [join(BENCH, b.entry)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'warning',
      absWorkingDir: BENCH,
      ...(b.polyfills
        ? {
            alias: { stream: 'stream-browserify' },
            inject: [join(BENCH, 'entries/node-globals.mjs')],
            define: { global: 'globalThis' },
          }
        : {}),
    });
    const bytes = result.outputFiles[0].contents;
    writeFileSync(join(dir, `${b.id}.js`), bytes);
    out[b.id] = { file: join(dir, `${b.id}.js`), bytes, inputs: Object.keys(result.metafile.inputs) };
  }
  for (const b of BUNDLES.filter((x) => x.wasm)) {
    out[b.id].wasm = join(outDir, b.id, b.wasm);
    copyFileSync(join(b.wasmDir ? join(BENCH, '..', b.wasmDir) : pkgDir, b.wasm), out[b.id].wasm);
  }
  return out;
}

/** The package's browser JavaScript as shipped: the files esbuild reads for `export *` of `specifier`. */
export async function browserFiles(specifier = 'wc-keys') {
  const result = await build({
    stdin: { contents: `export * from '${specifier}';`, resolveDir: BENCH, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: BENCH,
  });
  return Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('<stdin>'));
}

export { esbuildVersion };
