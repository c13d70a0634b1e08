// Injected by esbuild into the official library's browser bundle: the Node globals its
// dependencies (create-hmac, cipher-base, readable-stream) read.
export { default as process } from 'process/browser.js';
export { Buffer } from 'buffer';
