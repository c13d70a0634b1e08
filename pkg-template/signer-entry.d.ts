// `wc-keys/signer`: signing only, over a WebAssembly module of its own. The option types are the
// main entry's.
import type { SignatureMethod, SignerOptions, StampOptions } from './index.js';

export type { Placement, SignatureMethod, SignerOptions, StampOptions, WcKeysError, WcKeysErrorCode } from './index.js';

/**
 * The main entry's `Signer` without `sign()`: a key pair checked once, with its HMAC key prepared
 * once, that gives the `Authorization: OAuth …` header for requests without a form body. For
 * form bodies or `placement: 'query'`, use the main entry (`wc-keys`).
 * @throws {WcKeysError} from the constructor on a bad configuration, with the main entry's codes.
 * @example
 * import { Signer } from 'wc-keys/signer';
 * const signer = new Signer({ consumerKey: 'ck_…', consumerSecret: 'cs_…' });
 * const url = 'https://shop.example/wp-json/wc/v3/orders?status=processing';
 * const response = await fetch(url, { headers: { Authorization: signer.authorization('GET', url) } });
 */
export class Signer {
  constructor(options: SignerOptions);
  /** `HMAC-SHA1` or `HMAC-SHA256`. */
  readonly signatureMethod: SignatureMethod;
  /**
   * The `Authorization: OAuth …` header value for a request without a form body.
   * @throws {WcKeysError} `ERR_METHOD_INVALID`, `ERR_URL_INVALID`, `ERR_INPUT_INVALID` (also
   * when the signer's `placement` is `query`: use the main entry's `sign()` then), …
   */
  authorization(method: string, url: string, options?: StampOptions): string;
  /** Releases the WebAssembly memory now (safe to repeat); using the signer afterwards throws `ERR_INPUT_INVALID`. */
  free(): void;
}

/**
 * `Basic base64(key:secret)`, for HTTPS stores.
 * @throws {WcKeysError} `ERR_CONSUMER_KEY_INVALID` or `ERR_CONSUMER_SECRET_INVALID` when empty.
 * @example
 * import { basicAuthHeader } from 'wc-keys/signer';
 * fetch('https://shop.example/wp-json/wc/v3/products', {
 *   headers: { Authorization: basicAuthHeader('ck_…', 'cs_…') },
 * });
 */
export function basicAuthHeader(consumerKey: string, consumerSecret: string): string;

/**
 * Resolves when the WebAssembly module is loaded. Optional: the module loads itself on import.
 * @example
 * import { init } from 'wc-keys/signer';
 * await init();
 */
export function init(): Promise<void>;
