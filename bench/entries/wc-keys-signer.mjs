// wc-keys/signer as a page that signs every API call ships it: the Signer over the small module
// (the .wasm is loaded next to the bundle).
export { Signer } from 'wc-keys/signer';
