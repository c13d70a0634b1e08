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
  | 'ERR_OAUTH_PARAMS_MISSING'
  | 'ERR_RANDOM_UNAVAILABLE'
  | 'ERR_STORE_URL_INVALID'
  | 'ERR_AUTH_PARAM_MISSING'
  | 'ERR_AUTH_SCOPE_INVALID'
  | 'ERR_AUTH_URL_INVALID'
  | 'ERR_AUTH_URL_MANGLED'
  | 'ERR_AUTH_CALLBACK_NOT_HTTPS'
  | 'ERR_AUTH_CALLBACK_UNSAFE'
  | 'ERR_AUTH_USER_ID_INVALID'
  | 'ERR_AUTH_RETURN_INVALID'
  | 'ERR_AUTH_STATE_MISSING'
  | 'ERR_AUTH_STATE_MISMATCH'
  | 'ERR_CALLBACK_INVALID'
  | 'ERR_CALLBACK_TOO_LARGE'
  | 'ERR_CALLBACK_USER_MISMATCH'
  | 'ERR_CALLBACK_PERMISSIONS_MISMATCH'
  | 'ERR_INPUT_INVALID'
  | 'ERR_AUTH_POPUP_BLOCKED'
  | 'ERR_AUTH_POPUP_CLOSED'
  | 'ERR_AUTH_TIMEOUT'
  | 'ERR_AUTH_NO_SESSION_STORAGE';

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

/** A parameter value: written as PHP reads it back (`a[b]=1`, `ids[]=1`); numbers as `String(n)` writes them (`0.5`, `1e+21`). */
export type ParamValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | ParamValue[]
  | { [key: string]: ParamValue };

/** How the signature is computed: `oauth_signature_method`, as WooCommerce accepts it. */
export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256';
/** Where the OAuth parameters go: the `Authorization` header, or the query string. */
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
  /** The method (or give `request`). */
  method?: string;
  /** The URL as requested, with OAuth parameters if they were in the query (or give `request`). */
  url?: string;
  /**
   * The whole request instead of `method`, `url`, `authorization` and `form`: what {@link sign}
   * returned, or a request log entry (`Authorization` found in `headers` whatever its case;
   * `body` read as the form).
   */
  request?: { method: string; url: string; headers?: Record<string, string>; body?: string | null };
  consumerSecret: string;
  form?: string | { [key: string]: ParamValue };
  /**
   * The `Authorization` header's value that was sent, if any, from `OAuth`. A whole
   * `Authorization: OAuth …` line is refused (`ERR_INPUT_INVALID`): the store reads nothing in it.
   */
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
  /** Up to 40 characters of WooCommerce's base string around the difference (from the start of the parameter it falls in, or 10 before it). */
  ours: string;
  /** The same stretch of the other base string. */
  theirs: string;
  /** Where the difference is in `ours` and `theirs`. */
  offset: number;
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

/** What holds for every request a {@link Signer} signs. */
export interface SignerOptions {
  consumerKey: string;
  consumerSecret: string;
  /** Default `HMAC-SHA256`. */
  signatureMethod?: SignatureMethod;
  /** Where {@link Signer.sign} puts the OAuth parameters. Default `header`. */
  placement?: Placement;
  /** The store's home URL (Settings > General > Site Address) when you reach it by another name. */
  homeUrl?: string;
  /** Refuse a key or secret that is not `ck_`/`cs_` + 40 lower-case hex characters. */
  strict?: boolean;
}

/** One request for {@link Signer.sign}. */
export interface SignerRequest {
  method: string;
  url: string;
  form?: string | { [key: string]: ParamValue };
  timestamp?: number;
  clockOffset?: number;
  nonce?: string;
}

/** The nonce and time of one {@link Signer.authorization} signature (all optional). */
export interface StampOptions {
  /** Default: 32 random letters and digits. */
  nonce?: string;
  /** Seconds since 1970, a whole number. Default: the clock plus `clockOffset`. */
  timestamp?: number;
  /** Seconds to add to the clock. */
  clockOffset?: number;
}

/**
 * A key pair checked once, with its HMAC key prepared once: for code that signs many requests.
 * `authorization()` is the fast path (strings in, the header out); `sign()` gives what
 * {@link sign} gives. The WebAssembly memory is released when the object is garbage-collected,
 * or at once with `free()`. A page that only signs can import this class (without `sign()`) from
 * `wc-keys/signer`, about a quarter of the download (38 KB gzip with its JavaScript, against 138 KB).
 * @throws {WcKeysError} from the constructor on a bad configuration, as {@link sign} would.
 * @example
 * const signer = new Signer({ consumerKey: 'ck_…', consumerSecret: 'cs_…' });
 * const url = 'http://shop.example/wp-json/wc/v3/orders?status=processing';
 * const response = await fetch(url, { headers: { Authorization: signer.authorization('GET', url) } });
 */
export class Signer {
  constructor(options: SignerOptions);
  /** `HMAC-SHA1` or `HMAC-SHA256`. */
  readonly signatureMethod: SignatureMethod;
  /** Signs one request: the same result as {@link sign}. */
  sign(request: SignerRequest): SignedRequest;
  /**
   * The `Authorization: OAuth …` header value for a request without a form body.
   * @throws {WcKeysError} `ERR_METHOD_INVALID`, `ERR_URL_INVALID`, `ERR_INPUT_INVALID` (also
   * when the signer's `placement` is `query`: use `sign()` then), …
   */
  authorization(method: string, url: string, options?: StampOptions): string;
  /** Releases the WebAssembly memory now (safe to repeat); using the signer afterwards throws `ERR_INPUT_INVALID`. */
  free(): void;
}

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

/** What a key may do. */
export type Scope = 'read' | 'write' | 'read_write';

/** The parameters of the store's wc-auth endpoint, in JavaScript names. */
export interface AuthorizeOptions {
  /** The store's address (home URL), e.g. `https://shop.example` or `https://shop.example/store`. */
  storeUrl: string;
  /** Shown to the merchant on the approve screen and in the key's description. */
  appName: string;
  scope: Scope;
  /** Your id for this request, echoed to the return page and the callback (letters, digits, `-_.~:`). */
  userId: string;
  /** Where the store sends the merchant afterwards; `?success=1|0&user_id=…` is appended. */
  returnUrl: string;
  /** Your server's https:// endpoint the store POSTs the keys to. */
  callbackUrl: string;
  /** `pretty` (default): `/wc-auth/v1/authorize`; `plain`: `/?wc-auth-version=1&wc-auth-route=authorize`. */
  permalinks?: 'pretty' | 'plain';
  /** Accept a loopback, private-network or http:// callback: for a local sandbox store only (real stores refuse them). */
  allowLocalCallback?: boolean;
}

/** An authorize URL whose `user_id` carries a fresh state. */
export interface AuthorizationStart {
  url: string;
  /** 32 base64url characters (192 random bits). */
  state: string;
  /** The `user_id` sent: `yourId:state`, or the state alone. */
  userId: string;
}

/** The merchant's answer on the return page. */
export interface AuthorizationResult {
  status: 'approved' | 'denied';
  /** Your own id (the part of `user_id` before the state), or `null`. */
  userId: string | null;
}

/** The keys a store POSTed to the callback. */
export interface CallbackKeys {
  keyId: number;
  userId: string;
  consumerKey: string;
  consumerSecret: string;
  keyPermissions: Scope;
}

/**
 * The URL that sends the merchant to the store's approve screen. Refuses, before any redirect,
 * what the store would refuse (missing values, bad scope, URLs PHP rejects, non-HTTPS or private
 * callbacks, `%`/`+` the store would mangle).
 * @throws {WcKeysError} `ERR_AUTH_*`, `ERR_STORE_URL_INVALID`.
 * @example
 * location.assign(authorizeUrl({
 *   storeUrl: 'https://shop.example', appName: 'My App', scope: 'read', userId: 'u42',
 *   returnUrl: 'https://app.example/return', callbackUrl: 'https://app.example/wc-callback',
 * }));
 */
export function authorizeUrl(options: AuthorizeOptions): string;

/**
 * Like {@link authorizeUrl}, with a CSRF state put in `user_id`. For servers that keep `userId`
 * in their own session; in a page, use {@link beginAuthorization}.
 * @example
 * const { url, userId } = createAuthorization({ ...options, userId: session.id });
 * session.pendingUserId = userId;
 */
export function createAuthorization(options: Omit<AuthorizeOptions, 'userId'> & { userId?: string }): AuthorizationStart;

/**
 * Reads the store's return URL and checks its `user_id` against the one you sent, in constant time.
 * @throws {WcKeysError} `ERR_AUTH_RETURN_INVALID`, `ERR_AUTH_STATE_MISSING`, `ERR_AUTH_STATE_MISMATCH`.
 * @example
 * const { status } = verifyAuthorizationReturn(request.url, session.pendingUserId);
 */
export function verifyAuthorizationReturn(url: string, expectedUserId: string | undefined): AuthorizationResult;

/** Options of {@link beginAuthorization}. */
export interface BeginAuthorizationOptions extends Omit<AuthorizeOptions, 'userId'> {
  userId?: string;
  /** Timeout of popup mode, in milliseconds (default 5 minutes). */
  timeout?: number;
  /** `window.open` features of popup mode. */
  popupFeatures?: string;
}

/**
 * Starts wc-auth in a page: makes a state, keeps it in `sessionStorage`, and returns the URL to
 * navigate to (redirect mode).
 * @example
 * const { url } = beginAuthorization({ ...options, mode: 'redirect' });
 * location.assign(url);
 */
export function beginAuthorization(options: BeginAuthorizationOptions & { mode?: 'redirect' }): { url: string; state: string };
/**
 * Popup mode: opens the store in a popup (call it from a click) and resolves when the return page,
 * calling {@link completeAuthorization}, reports back.
 * @throws {WcKeysError} `ERR_AUTH_POPUP_BLOCKED`; the promise rejects with `ERR_AUTH_POPUP_CLOSED`, `ERR_AUTH_TIMEOUT` or a state error.
 * @example
 * button.onclick = async () => {
 *   const { status } = await beginAuthorization({ ...options, mode: 'popup' });
 * };
 */
export function beginAuthorization(options: BeginAuthorizationOptions & { mode: 'popup' }): Promise<AuthorizationResult & { state: string }>;

/**
 * On the return page: checks the store's answer against the state this tab kept, and clears it
 * (a reload finds nothing pending). In a popup opened by {@link beginAuthorization}, forwards the
 * URL to the opening page instead and returns `{ status: 'forwarded' }`.
 * @throws {WcKeysError} `ERR_AUTH_RETURN_INVALID`, `ERR_AUTH_STATE_MISSING`, `ERR_AUTH_STATE_MISMATCH`.
 * @example
 * const result = completeAuthorization();
 * if (result.status === 'forwarded') window.close();
 */
export function completeAuthorization(url?: string): AuthorizationResult | { status: 'forwarded'; userId: null };

/**
 * Checks the body a store POSTed to the callback.
 * @throws {WcKeysError} `ERR_CALLBACK_INVALID`, `ERR_CALLBACK_TOO_LARGE`, `ERR_CALLBACK_USER_MISMATCH`, `ERR_CALLBACK_PERMISSIONS_MISMATCH`.
 * @example
 * const keys = parseCallback(await request.text(), { expectedUserId, expectedScope: 'read' });
 */
export function parseCallback(body: string, options?: { expectedUserId?: string; expectedScope?: Scope }): CallbackKeys;

/** Options of {@link createCallbackHandler}. */
export interface CallbackHandlerOptions {
  /** Stores the keys. The store keeps the key only if this resolves (the handler then answers 200). */
  onKeys: (keys: CallbackKeys) => unknown | Promise<unknown>;
  /** Whether `userId` was issued by your app (e.g. a pending state); 403 otherwise. Required: without it any store could push keys into your app. */
  verifyUserId: (userId: string) => boolean | Promise<boolean>;
  /** Refuse keys whose permissions differ from this scope. */
  expectedScope?: Scope;
  /** Body limit in bytes, a whole number from 1 (default and most 16384; WooCommerce's payload is about 200). */
  maxBytes?: number;
}

/**
 * A Fetch-API handler made by {@link createCallbackHandler} or {@link createWebhookHandler}: call it
 * with a `Request`, pass it to `Deno.serve`, or put it behind Node's `http` server with
 * {@link toNodeListener}.
 */
export interface RequestHandler {
  (request: Request): Promise<Response>;
  /** The largest body it reads, in bytes (read-only): what {@link toNodeListener} reads unless given `maxBytes`. */
  readonly maxBytes: number;
}

/**
 * A Fetch-API handler for the wc-auth callback (Node 20, Deno, Bun, workers): POST and
 * `application/json` only, body limited, answers exactly 200 only after `onKeys` resolved (so the
 * store keeps the key) and otherwise `{ code, message }` (so the store deletes it): 405
 * `ERR_CALLBACK_METHOD`, 415 `ERR_CALLBACK_INVALID`, 413 `ERR_CALLBACK_TOO_LARGE`, 400 with
 * `parseCallback`'s code, 403 `ERR_CALLBACK_USER_MISMATCH`, 500 `ERR_CALLBACK_HANDLER_FAILED` (`onKeys`
 * threw). Never logs or echoes secrets.
 * @throws {WcKeysError} `ERR_INPUT_INVALID` for a missing function, a bad `maxBytes`, an unknown option.
 * @example
 * const handler = createCallbackHandler({ onKeys: (keys) => db.save(keys), verifyUserId: (id) => pending.has(id) });
 * Deno.serve((request) => handler(request));
 */
export function createCallbackHandler(options: CallbackHandlerOptions): RequestHandler;

/**
 * Adapts a Fetch-API handler to Node's `http` server. Reads a body up to `maxBytes`, else the
 * handler's own `maxBytes`, else 16384; a larger one is answered 413 `{ code: 'ERR_BODY_TOO_LARGE' }`
 * without calling the handler; a handler that throws, 500 `{ code: 'ERR_HANDLER_FAILED' }`.
 * @throws {WcKeysError} `ERR_INPUT_INVALID` for a handler that is not a function, a bad `maxBytes`, an unknown option.
 * @example
 * const callback = createCallbackHandler({ onKeys: (keys) => db.save(keys), verifyUserId: (id) => pending.has(id) });
 * http.createServer(toNodeListener(callback)).listen(8443);
 * http.createServer(toNodeListener(createWebhookHandler({ secret, onEvent }))).listen(8091); // reads up to 1 MiB
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
  options?: { maxBytes?: number },
): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void>;

/** The parts of Node's `IncomingMessage` that {@link toNodeListener} uses. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The parts of Node's `ServerResponse` that {@link toNodeListener} uses. */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: Uint8Array | string): unknown;
}

/**
 * The store's Add key screen (WooCommerce > Settings > Advanced > REST API > Add key).
 * @example
 * addKeyUrl('https://shop.example'); // 'https://shop.example/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys&create-key=1'
 */
export function addKeyUrl(storeUrl: string): string;

/**
 * The store's key list (WooCommerce > Settings > Advanced > REST API).
 * @example
 * keysAdminUrl('https://shop.example'); // 'https://shop.example/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys'
 */
export function keysAdminUrl(storeUrl: string): string;

/**
 * What a scope allows, as the store's approve screen lists it.
 * @example
 * describeScope('read').permissions; // ['View coupons', 'View customers', 'View orders and sales reports', 'View products']
 */
export function describeScope(scope: Scope): { scope: Scope; label: string; permissions: string[] };

/** Codes a {@link WooCommerceError} carries when no answer came back (others are WooCommerce's own). */
export type HttpErrorCode =
  | 'ERR_HTTP_TIMEOUT'
  | 'ERR_HTTP_ABORTED'
  | 'ERR_HTTP_TLS'
  | 'ERR_HTTP_NETWORK'
  | 'ERR_HTTP_REDIRECT'
  | 'ERR_HTTP_RESPONSE'
  | 'ERR_HTTP_STATUS';

/** A request summary with credentials masked, as hooks and errors carry it. */
export interface RequestSummary {
  method: string;
  /** The URL with keys and secrets masked. */
  url: string;
  auth: 'basic' | 'query-credentials' | 'oauth-header' | 'oauth-query';
}

/**
 * An error answer from the store (`code` is WooCommerce's, e.g. `woocommerce_rest_authentication_error`),
 * or a request that got no answer (`code` is one of {@link HttpErrorCode}).
 * @example
 * try {
 *   await api.get('orders');
 * } catch (error) {
 *   if (error instanceof WooCommerceError && error.status === 401) console.log(error.hint);
 * }
 */
export class WooCommerceError extends Error {
  name: 'WooCommerceError';
  code: HttpErrorCode | (string & {});
  /** HTTP status, 0 when no answer came. */
  status: number;
  /** WooCommerce's `data`, if any. */
  data: unknown;
  /** What to do about it, when wc-keys knows. */
  hint: string | null;
  request: RequestSummary | null;
}

/** Options of {@link WooCommerceRestApi}: those of `@woocommerce/woocommerce-rest-api`, and more. */
export interface WooCommerceRestApiOptions {
  /** The store's address, e.g. `https://shop.example`. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** Default `wc/v3`. */
  version?: string;
  /** Default `wp-json`. */
  wpAPIPrefix?: string;
  /** Credentials (HTTPS) or OAuth parameters (HTTP) in the query string, for servers that strip `Authorization`. */
  queryStringAuth?: boolean;
  /** For HTTP stores; default `HMAC-SHA256`. */
  signatureMethod?: SignatureMethod;
  /**
   * `auto` (default): Basic over HTTPS, OAuth 1.0a over HTTP. `oauth`: OAuth 1.0a over HTTPS too,
   * which WooCommerce accepts after Basic finds no credentials.
   */
  auth?: 'auto' | 'oauth';
  /** Milliseconds, a whole number from 0 to 2147483647; default 30000; 0 for none. */
  timeout?: number;
  /** The store's home URL when it differs from `url` (signatures use it). */
  homeUrl?: string;
  /** `plain` for stores whose permalinks are Plain (`/?rest_route=`). */
  permalinks?: 'pretty' | 'plain';
  /** A fetch to use instead of the global one (a function; `null` or left out for the global one). */
  fetch?: typeof fetch | null;
  /** Retries of GET/HEAD/OPTIONS on 429, 502, 503, 504: a whole number from 0 to 10 (default 2). */
  retries?: number;
  /** Called before each attempt, with credentials masked: an audit log of what the key was used for. */
  onRequest?: (request: RequestSummary & { headers: Record<string, string>; attempt: number }) => void;
  /** Called after each answer, with credentials masked. */
  onResponse?: (response: RequestSummary & { status: number; ms: number; code?: string }) => void;
  /**
   * Put after the host of `url`, as `@woocommerce/woocommerce-rest-api` does: 1 to 65535, as a number
   * or a string of digits (`''` for none). A `url` that names another port is refused
   * (`ERR_STORE_URL_INVALID`).
   */
  port?: string | number;
  /** Accepted for compatibility, ignored. */
  encoding?: string;
  /** Accepted for compatibility, ignored. */
  axiosConfig?: unknown;
  /** Accepted for compatibility, ignored. */
  classVersion?: string;
}

/** What every call resolves to. */
export interface WooCommerceResponse<T = unknown> {
  data: T;
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
}

/** Query parameters: nested objects and arrays are written as PHP reads them (`a[b]=1`, `ids[]=1`). */
export type QueryParams = { [key: string]: ParamValue };

/**
 * A WooCommerce REST client for browsers, Node, Deno, Bun and workers, with the constructor and
 * call shapes of `@woocommerce/woocommerce-rest-api` (switching is a change of import).
 * @example
 * import WooCommerceRestApi from 'wc-keys';
 * const api = new WooCommerceRestApi({ url: 'https://shop.example', consumerKey: 'ck_…', consumerSecret: 'cs_…' });
 * const { data } = await api.get('products', { per_page: 20 });
 */
export class WooCommerceRestApi {
  constructor(options: WooCommerceRestApiOptions);
  get<T = unknown>(endpoint: string, params?: QueryParams): Promise<WooCommerceResponse<T>>;
  post<T = unknown>(endpoint: string, data: unknown, params?: QueryParams): Promise<WooCommerceResponse<T>>;
  put<T = unknown>(endpoint: string, data: unknown, params?: QueryParams): Promise<WooCommerceResponse<T>>;
  delete<T = unknown>(endpoint: string, params?: QueryParams): Promise<WooCommerceResponse<T>>;
  options<T = unknown>(endpoint: string, params?: QueryParams): Promise<WooCommerceResponse<T>>;
  /** Any request (these names only). A `signal` already aborted rejects with `ERR_HTTP_ABORTED` and sends nothing. */
  request<T = unknown>(request: { method?: string; path?: string; query?: QueryParams; body?: unknown; signal?: AbortSignal | null }): Promise<WooCommerceResponse<T>>;
  /** Page after page of a list endpoint (`per_page` 100 unless given), following `X-WP-TotalPages`. */
  paginate<T = unknown>(endpoint: string, params?: QueryParams): AsyncGenerator<WooCommerceResponse<T[]>, void, void>;
}
export default WooCommerceRestApi;

/** A webhook delivery's verdict. */
export interface WebhookVerdict {
  valid: boolean;
  /** The unsigned `webhook_id=N` ping WooCommerce sends when a webhook is saved (`valid` is false: anyone can send one). */
  ping: boolean;
  webhookId: number | null;
}

/**
 * Checks a webhook delivery: base64 HMAC-SHA256 of the raw body, as WooCommerce signs it, in constant time.
 * @throws {WcKeysError} `ERR_INPUT_INVALID` for an empty `secret`, a body of another type, an unknown option.
 * @example
 * const { valid } = verifyWebhook({ body: rawBody, signature: request.headers.get('x-wc-webhook-signature'), secret });
 */
export function verifyWebhook(options: { body: string | Uint8Array | ArrayBuffer; signature?: string | null; secret: string }): WebhookVerdict;

/** One webhook event. */
export interface WebhookEvent {
  topic: string | null;
  resource: string | null;
  event: string | null;
  webhookId: string | null;
  deliveryId: string | null;
  source: string | null;
  payload: unknown;
}

/**
 * A Fetch-API handler for webhook deliveries: 401 for a bad signature, 200 at once otherwise, then
 * `onEvent`; 200 to the unsigned ping (not passed on), 400 to a body that is not JSON, 405 to
 * another method, 413 over `maxBytes` (1 MiB by default), in plain text.
 * @throws {WcKeysError} `ERR_INPUT_INVALID` for a missing `secret` or `onEvent`, a bad `onError` or `maxBytes`, an unknown option.
 * @example
 * Deno.serve(createWebhookHandler({ secret, onEvent: (e) => queue.push(e) }));
 * http.createServer(toNodeListener(createWebhookHandler({ secret, onEvent: (e) => queue.push(e) }))).listen(8091);
 */
export function createWebhookHandler(options: {
  secret: string;
  onEvent: (event: WebhookEvent) => unknown;
  /** Called with what `onEvent` threw or rejected with. */
  onError?: (error: unknown) => void;
  /** Body limit in bytes, a whole number from 1; default 1048576. */
  maxBytes?: number;
}): RequestHandler;

/** One finding of {@link checkKeys}: a stable code and what to do. */
export interface KeyFinding {
  code:
    | 'KEY_INVALID' | 'SECRET_INVALID' | 'SIGNATURE_REJECTED' | 'CLOCK_REJECTED' | 'AUTHORIZATION_NOT_SEEN'
    | 'REDIRECTED' | 'UNEXPECTED_ANSWER' | 'READ_MISSING' | 'WRITE_MISSING' | 'API_NOT_FOUND'
    | 'WOOCOMMERCE_NOT_FOUND' | 'STORE_UNREACHABLE' | 'STORE_TIMEOUT' | 'TLS_REJECTED' | 'CORS_BLOCKED' | 'CHECK_FAILED'
    | 'HOME_DIFFERS' | 'NOT_HTTPS' | 'CLOCK_SKEW' | 'AUTHORIZATION_STRIPPED' | 'MORE_THAN_NEEDED';
  message: string;
}

/** The verdict of {@link checkKeys}. Secrets never appear in it. */
export interface KeyReport {
  ok: boolean;
  /** One sentence a person can read. */
  summary: string;
  store: {
    apiFound: boolean;
    apiRoot: string | null;
    permalinks: 'pretty' | 'plain' | null;
    homeUrl: string | null;
    homeDiffers: boolean;
    woocommerce: boolean;
    https: boolean;
    /** The store's clock minus this device's, in seconds, when measured. */
    clockOffset: number | null;
  };
  key: {
    masked: string;
    valid: boolean | null;
    method: 'basic' | 'query-credentials' | 'oauth-header' | 'oauth-query' | null;
    /** The base string of a refused signature. */
    baseString: string | null;
  };
  permissions: { read: boolean | null; write: boolean | null };
  warnings: KeyFinding[];
  errors: KeyFinding[];
  steps: { request: string; purpose: string; status: number; code: string | null; ms: number }[];
}

/**
 * Checks keys against a live store with safe requests only (GETs, and a POST to a route that does
 * not exist): finds the REST API (pretty or plain permalinks, the home URL), authenticates as
 * WooCommerce expects (Basic over HTTPS, falling back to query credentials when the server strips
 * `Authorization`; OAuth over HTTP), measures clock skew, and tells read and write permission.
 * Never throws for a store's answer.
 * @throws {WcKeysError} for bad options (`ERR_STORE_URL_INVALID`, `ERR_AUTH_SCOPE_INVALID`, an empty key
 *   or secret: `ERR_CONSUMER_KEY_INVALID`, `ERR_CONSUMER_SECRET_INVALID`; a `signal`, `timeout` or
 *   `fetch` of the wrong type: `ERR_INPUT_INVALID`), before any request.
 * @example
 * const report = await checkKeys({ storeUrl: 'https://shop.example', consumerKey, consumerSecret, need: 'read' });
 * console.log(report.summary);
 */
export function checkKeys(options: {
  storeUrl: string;
  consumerKey: string;
  consumerSecret: string;
  need?: Scope;
  signal?: AbortSignal | null;
  /** Per request, whole milliseconds from 0 (none) to 2147483647 (default 15000). */
  timeout?: number;
  fetch?: typeof fetch | null;
}): Promise<KeyReport>;

/**
 * Resolves when the WebAssembly module is loaded. Optional: the module loads itself on import.
 * @example
 * await init();
 */
export function init(): Promise<void>;
