// wc-keys as a page that only signs ships it (the package is side-effect free, so esbuild keeps
// only what `sign` and `Signer` need of the JavaScript; the .wasm is loaded next to the bundle).
export { Signer, sign } from 'wc-keys';
