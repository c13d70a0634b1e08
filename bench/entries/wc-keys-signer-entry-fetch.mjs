// For comparison only, not shipped: wc-keys/signer's module fetched as a .wasm file beside the
// bundle (wasm-bindgen's own loader, streaming compile) instead of inline. The page calls the
// module's SignerCore directly (signer-base.mjs adds only argument checks around it).
import init, { SignerCore } from '../../target/wasm-bindgen/wc_keys_signer.js';

await init({ module_or_path: new URL('./wc_keys_signer_bg.wasm', import.meta.url) });

export { SignerCore };
