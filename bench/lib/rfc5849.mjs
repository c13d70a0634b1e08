// A minimal RFC 5849 signer, written for the benchmark: the base string of section 3.4.1 over
// the query and the OAuth parameters, and the `Authorization` header of section 3.5.1. The HMAC
// itself is passed in (WebCrypto in browsers and Node, `crypto.createHmac` in Node), so both
// peers share exactly the same string work. It knows nothing of WooCommerce's PHP quirks, which
// the benchmark request does not need.

const RESERVED_BY_3986 = /[!'()*]/g;

/** Section 3.6: RFC 3986 unreserved characters stay, everything else is %XX (upper case). */
export function percentEncode(text) {
  return encodeURIComponent(text).replace(
    RESERVED_BY_3986,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function byNameThenValue(a, b) {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/**
 * The OAuth protocol parameters of section 3.1 (no `oauth_version`, as wc-keys and WooCommerce
 * need none; `withVersion` adds `oauth_version=1.0` as the oauth-1.0a package always does).
 */
export function protocolParams(request, signatureMethod, withVersion = false) {
  const params = {
    oauth_consumer_key: request.consumerKey,
    oauth_nonce: request.nonce,
    oauth_signature_method: signatureMethod,
    oauth_timestamp: String(request.timestamp),
  };
  if (withVersion) params.oauth_version = '1.0';
  return params;
}

/** Section 3.4.1: `METHOD&base-url&normalized-parameters`. */
export function baseString(method, url, oauthParams) {
  const parsed = new URL(url);
  const pairs = [];
  for (const [name, value] of parsed.searchParams) {
    pairs.push([percentEncode(name), percentEncode(value)]);
  }
  for (const name of Object.keys(oauthParams)) {
    pairs.push([percentEncode(name), percentEncode(oauthParams[name])]);
  }
  pairs.sort(byNameThenValue);
  let normalized = '';
  for (const [name, value] of pairs) {
    if (normalized.length > 0) normalized += '&';
    normalized += `${name}=${value}`;
  }
  const baseUrl = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  return `${method.toUpperCase()}&${percentEncode(baseUrl)}&${percentEncode(normalized)}`;
}

/** Section 3.5.1: `OAuth name="value", …`. */
export function authorizationHeader(oauthParams, signature) {
  let header = 'OAuth ';
  for (const name of Object.keys(oauthParams)) {
    header += `${percentEncode(name)}="${percentEncode(oauthParams[name])}", `;
  }
  return `${header}oauth_signature="${percentEncode(signature)}"`;
}

/** Base64 of an ArrayBuffer, with the platform's `btoa`. */
export function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}
