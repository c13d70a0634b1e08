// The one request every signer signs, with key, secret, nonce and timestamp fixed, so that all
// signatures can be compared byte for byte before anything is timed.

export const REQUEST = Object.freeze({
  method: 'GET',
  url: 'http://example.test/wp-json/wc/v3/products?per_page=20&page=3&search=blue%20shirt&orderby=date',
  consumerKey: 'ck_5f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4',
  consumerSecret: 'cs_0f9e8d7c6b5a49382716a5b4c3d2e1f00112233a',
  nonce: 'Qm7xT2vR9kLp4sWz8nYc1dHf6gJb3aEu',
  timestamp: 1795000000,
});

/** The same request as the official library is asked for it: `api.get('products', params)`. */
export const OFFICIAL_REQUEST = Object.freeze({
  storeUrl: 'http://example.test',
  version: 'wc/v3',
  endpoint: 'products',
  method: 'get',
  params: Object.freeze({ per_page: 20, page: 3, search: 'blue shirt', orderby: 'date' }),
});

/** `sign()` options for wc-keys. */
export function wcKeysOptions(signatureMethod) {
  return {
    method: REQUEST.method,
    url: REQUEST.url,
    consumerKey: REQUEST.consumerKey,
    consumerSecret: REQUEST.consumerSecret,
    signatureMethod,
    timestamp: REQUEST.timestamp,
    nonce: REQUEST.nonce,
  };
}
