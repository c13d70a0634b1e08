/**
 * wc-keys: get, check and use WooCommerce REST API keys.
 *
 * Every function is synchronous once the module is loaded: in Node on import, in browsers and
 * bundlers when the module's own top-level `await` has loaded the WebAssembly.
 */

/** Every `code` a wc-keys error can carry. */
export type WcKeysErrorCode =
  | 'ERR_URL_INVALID'
  | 'ERR_HOME_URL_INVALID'
  | 'ERR_METHOD_INVALID'
  | 'ERR_SIGNATURE_METHOD_INVALID'
  | 'ERR_PLACEMENT_INVALID'
  | 'ERR_TIMESTAMP_INVALID'
  | 'ERR_NONCE_INVALID'
  | 'ERR_CONSUMER_KEY_INVALID'
  | 'ERR_CONSUMER_SECRET_INVALID'
  | 'ERR_FORM_INVALID'
  | 'ERR_OAUTH_PARAMS_MISSING'
  | 'ERR_RANDOM_UNAVAILABLE'
  | 'ERR_INPUT_INVALID'
  | 'ERR_NOT_INITIALIZED';

/** What wc-keys throws: a plain `Error` with `name === 'WcKeysError'` and a stable `code`. */
export interface WcKeysError extends Error {
  name: 'WcKeysError';
  code: WcKeysErrorCode;
}

/** Codes of the problems {@link validateConsumerKey} and {@link validateCredentials} report. */
export type KeyProblemCode =
  | 'KEY_EMPTY'
  | 'KEY_NOT_TEXT'
  | 'KEY_CLEANED'
  | 'KEY_PREFIX'
  | 'KEY_SWAPPED'
  | 'KEY_LENGTH'
  | 'KEY_NOT_HEX'
  | 'KEY_UPPERCASE'
  | 'KEY_MASKED'
  | 'SECRET_EMPTY'
  | 'SECRET_NOT_TEXT'
  | 'SECRET_CLEANED'
  | 'SECRET_PREFIX'
  | 'SECRET_SWAPPED'
  | 'SECRET_LENGTH'
  | 'SECRET_NOT_HEX'
  | 'SECRET_UPPERCASE'
  | 'SECRET_MASKED'
  | 'KEY_EQUALS_SECRET';

/** One finding about a pasted key or secret. `*_CLEANED` is a note; every other code makes `ok` false. */
export interface KeyProblem {
  code: KeyProblemCode;
  /** Which value the problem is about. */
  field: 'consumerKey' | 'consumerSecret';
  /** What is wrong and what to do. Never contains the key or secret. */
  message: string;
}

/** The verdict of {@link validateCredentials}, with both values cleaned of paste debris. */
export interface CredentialsValidation {
  ok: boolean;
  consumerKey: string;
  consumerSecret: string;
  problems: KeyProblem[];
}

/** The verdict of {@link validateConsumerKey}. */
export interface KeyValidation {
  ok: boolean;
  /** The value with white space, quotes and invisible characters around it removed. */
  value: string;
  problems: KeyProblem[];
}

/** A parameter value: written as PHP reads it back (`a[b]=1`, `ids[]=1`). */
export type ParamValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | ParamValue[]
  | { [key: string]: ParamValue };

export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256';
export type Placement = 'header' | 'query';

/** A request to sign. */
export interface SignOptions {
  /** HTTP method, upper-cased as WordPress does. */
  method: string;
  /** Full URL, query included. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** Form body: text (`a=1&b=2`) or an object. WooCommerce signs it for POST only. */
  form?: string | { [key: string]: ParamValue };
  /** Default `HMAC-SHA256`. */
  signatureMethod?: SignatureMethod;
  /** Default `header` (`Authorization: OAuth …`); `query` puts the OAuth parameters in the URL. */
  placement?: Placement;
  /** Seconds since 1970, a whole number. Default: the clock plus `clockOffset`. */
  timestamp?: number;
  /** Seconds to add to the clock, e.g. the store's clock minus yours. */
  clockOffset?: number;
  /** Default: 32 random letters and digits from `crypto.getRandomValues`. */
  nonce?: string;
  /** The store's home URL (Settings > General > Site Address) when you reach it by another name. */
  homeUrl?: string;
  /** Refuse a key or secret that is not `ck_`/`cs_` + 40 lower-case hex characters. */
  strict?: boolean;
}

/** A signed request, ready to send. */
export interface SignedRequest {
  method: string;
  /** The URL to request (with the OAuth parameters when `placement` is `query`). */
  url: string;
  /** `Authorization` (header placement) and `Content-Type` (form bodies). */
  headers: Record<string, string>;
  /** The form body to send, or `null`. */
  body: string | null;
  /** Base64 signature. */
  signature: string;
  /** What was signed: `METHOD&encoded-url&encoded-parameters`. */
  baseString: string;
  /** `oauth_consumer_key`, `oauth_nonce`, `oauth_signature_method`, `oauth_timestamp`, `oauth_signature`. */
  oauthParams: Record<string, string>;
}

/** A request someone else signed, to check with {@link explainSignature}. */
export interface ExplainOptions {
  method: string;
  /** The URL as requested (with OAuth parameters if they were in the query). */
  url: string;
  consumerSecret: string;
  form?: string | { [key: string]: ParamValue };
  /** The `Authorization` header that was sent, if any. */
  authorization?: string;
  homeUrl?: string;
  /** The other signer's base string, to find where it differs from WooCommerce's. */
  baseString?: string;
}

/** Where two base strings part. */
export interface SignatureDifference {
  /** Byte offset of the first difference. */
  index: number;
  part: 'method' | 'url' | 'parameters';
  /** The parameter it falls in, decoded (`meta[color]`), or `null`. */
  parameter: string | null;
  /** Up to 40 characters of WooCommerce's base string from just before the difference. */
  ours: string;
  /** The same stretch of the other base string. */
  theirs: string;
  /** What the difference most likely means. */
  hint: string;
}

/** What WooCommerce would make of a signed request. */
export interface SignatureExplanation {
  matches: boolean;
  signatureMethod: SignatureMethod;
  expectedSignature: string;
  providedSignature: string;
  baseString: string;
  /** The signed parameters as `[name, value]`, in signing order. */
  params: [string, string][];
  difference: SignatureDifference | null;
}

/**
 * Signs a WooCommerce REST request with OAuth 1.0a, as WooCommerce verifies it.
 * @throws {WcKeysError} on bad input (`ERR_URL_INVALID`, `ERR_SIGNATURE_METHOD_INVALID`, …).
 * @example
 * const signed = sign({
 *   method: 'GET',
 *   url: 'http://shop.example/wp-json/wc/v3/orders?status=processing',
 *   consumerKey: 'ck_…',
 *   consumerSecret: 'cs_…',
 * });
 * const response = await fetch(signed.url, { method: signed.method, headers: signed.headers });
 */
export function sign(options: SignOptions): SignedRequest;

/**
 * `Basic base64(key:secret)`, for HTTPS stores.
 * @throws {WcKeysError} `ERR_CONSUMER_KEY_INVALID` or `ERR_CONSUMER_SECRET_INVALID` when empty.
 * @example
 * fetch('https://shop.example/wp-json/wc/v3/products', {
 *   headers: { Authorization: basicAuthHeader('ck_…', 'cs_…') },
 * });
 */
export function basicAuthHeader(consumerKey: string, consumerSecret: string): string;

/**
 * Recomputes a request's signature as WooCommerce would, and says where a base string differs.
 * @throws {WcKeysError} `ERR_OAUTH_PARAMS_MISSING` when the request carries no OAuth parameters.
 * @example
 * const report = explainSignature({ method: 'GET', url: signedUrl, consumerSecret: 'cs_…', baseString: theirs });
 * if (!report.matches) console.log(report.difference?.hint);
 */
export function explainSignature(options: ExplainOptions): SignatureExplanation;

/**
 * Checks a consumer key's format and says what is wrong. Never throws.
 * @example
 * validateConsumerKey(' cs_13579bdf2468ace013579bdf2468ace013579bdf');
 * // { ok: false, value: 'cs_…', problems: [{ code: 'KEY_CLEANED', … }, { code: 'KEY_SWAPPED', … }] }
 */
export function validateConsumerKey(text: string): KeyValidation;

/**
 * Checks a pasted key and secret together: each one's format, paste debris (white space, quotes,
 * invisible characters, a `Consumer key:` label), swapped fields, equal values. Never throws.
 * @example
 * const v = validateCredentials({ consumerKey: input1.value, consumerSecret: input2.value });
 * if (!v.ok) showProblems(v.problems); // [{ code: 'SECRET_LENGTH', field: 'consumerSecret', message: '…2 characters short…' }]
 */
export function validateCredentials(options: { consumerKey?: unknown; consumerSecret?: unknown }): CredentialsValidation;

/**
 * Replaces every consumer key and secret in a text by `ck_…`/`cs_…` and its last 7 characters.
 * @example
 * redact('consumer_secret=cs_13579bdf2468ace013579bdf2468ace013579bdf'); // 'consumer_secret=cs_…3579bdf'
 */
export function redact(text: string): string;

/**
 * `…` and the last 7 characters, as WooCommerce's admin shows keys.
 * @example
 * maskKey('ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3'); // '…0e1d2c3'
 */
export function maskKey(key: string): string;

/**
 * HMAC-SHA256(key, "wc-api") in hex: how the store keeps a consumer key in its database.
 * @example
 * keyHash('ck_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3');
 * // '920bcceea6f329fd554f2166bbc492a0a26e35a1e6042b5f75163dc850a76108'
 */
export function keyHash(key: string): string;

/**
 * Every error code, for exhaustive handling.
 * @example
 * errorCodes().includes('ERR_URL_INVALID'); // true
 */
export function errorCodes(): WcKeysErrorCode[];

/**
 * Resolves when the WebAssembly module is loaded. Optional: the module loads itself on import.
 * @example
 * await init();
 */
export function init(): Promise<void>;
