// What a page that signs with oauth-1.0a and crypto-js ships: the OAuth class and the two
// crypto-js modules its HMAC-SHA256 hash function needs.
export { default as OAuth } from 'oauth-1.0a';
export { default as hmacSHA256 } from 'crypto-js/hmac-sha256.js';
export { default as Base64 } from 'crypto-js/enc-base64.js';
