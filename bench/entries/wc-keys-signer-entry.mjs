// wc-keys/signer as a page that signs every API call ships it: the Signer over the small module,
// which is inline (gzipped, in base64, inside the bundle).
export { Signer } from 'wc-keys/signer';
