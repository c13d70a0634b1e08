<?php
/**
 * WooCommerce's server-side OAuth 1.0a check, rewritten for the tests of wc-keys.
 *
 * This file shares no code with the Rust signer and none with WooCommerce: it was written from a
 * reading of WooCommerce's `includes/class-wc-rest-authentication.php` and `wc-rest-functions.php`
 * (the algorithm, its order of checks and its error strings) and of the WordPress functions they
 * call (`get_home_url()`, `set_url_scheme()`, `wp_parse_url()`, `wp_magic_quotes()`,
 * `wp_unslash()`). See ../../../shared/WOOCOMMERCE.md for the facts in prose.
 *
 * Quirks reproduced on purpose, because the real store has them:
 * - the parameters are PHP's own `$_GET` and `$_POST` (the caller passes them in), merged with
 *   `array_merge()` (integer keys renumbered), then the `Authorization: OAuth` header's values
 *   merged over them;
 * - the request path comes from REQUEST_URI after WordPress added slashes to it (`'` -> `\'`);
 * - parameters are sorted with `strcmp` by top-level key, encoded with `rawurlencode`, nested
 *   keys written as `parent%5Bchild%5D` and the whole `key=value` encoded again;
 * - a nested array under a top-level key PHP reads as false (`0`) loses its prefix, because the
 *   join tests the parent key for truthiness;
 * - nonces are remembered per key in a map from timestamp to nonce (so one nonce per second).
 *
 * Everything here is a pure function of its arguments except `wcv_check_nonce()`, which keeps
 * state in a file (and `wcv_authenticate_request()`, which calls it). Callers pass the request
 * arrays, the key table and the clock in: `verifier.php` the superglobals of a real request and
 * `time()`, `corpus.php` requests rebuilt from the signed-request corpus and the corpus's clock.
 */

declare(strict_types=0);

const WCV_AUTH_ERROR = 'woocommerce_rest_authentication_error';
const WCV_MISSING_PARAMETER = 'woocommerce_rest_authentication_missing_parameter';
const WCV_WINDOW = 900; // 15 minutes, either side of the store's clock.

/** The five parameters WooCommerce insists on, in the order its message lists them. */
const WCV_REQUIRED = array(
	'oauth_consumer_key',
	'oauth_timestamp',
	'oauth_nonce',
	'oauth_signature',
	'oauth_signature_method',
);

/** An authentication failure: WooCommerce's WP_Error code, message and HTTP status. */
final class WcvFailure {
	public function __construct(
		public string $code,
		public string $message,
		public int $status = 401
	) {}
}

/** What `wp_magic_quotes()` does to the request arrays: `addslashes` on every string value. */
function wcv_slash_deep( $value ) {
	if ( is_array( $value ) ) {
		foreach ( $value as $k => $v ) {
			$value[ $k ] = wcv_slash_deep( $v );
		}
		return $value;
	}
	return is_string( $value ) ? addslashes( $value ) : $value;
}

/** `wp_unslash()`: `stripslashes` on every string value, keys untouched. */
function wcv_unslash_deep( $value ) {
	if ( is_array( $value ) ) {
		foreach ( $value as $k => $v ) {
			$value[ $k ] = wcv_unslash_deep( $v );
		}
		return $value;
	}
	return is_string( $value ) ? stripslashes( $value ) : $value;
}

/**
 * `set_url_scheme()` for the schemes used here: `relative` keeps only the path, `http`/`https`
 * swap the scheme in front.
 */
function wcv_with_scheme( string $url, string $scheme ): string {
	$url = trim( $url );
	if ( str_starts_with( $url, '//' ) ) {
		$url = 'http:' . $url;
	}
	if ( 'relative' === $scheme ) {
		$url = ltrim( (string) preg_replace( '#^\w+://[^/]*#', '', $url ) );
		if ( '' !== $url && '/' === $url[0] ) {
			$url = '/' . ltrim( $url, "/ \t\n\r\0\x0B" );
		}
		return $url;
	}
	return (string) preg_replace( '#^\w+://#', $scheme . '://', $url );
}

/**
 * `get_home_url( null, $path, $scheme )` for a store whose `home` option is `$home`: the home
 * URL in that scheme, then `/` and the path when the path is truthy (so `''` and `'0'` add
 * nothing).
 */
function wcv_home_url( string $home, $path, string $scheme ): string {
	$url = wcv_with_scheme( $home, $scheme );
	if ( $path && is_string( $path ) ) {
		$url .= '/' . ltrim( $path, '/' );
	}
	return $url;
}

/**
 * The path of a request URI as `wp_parse_url( $uri, PHP_URL_PATH )` gives it: relative URIs
 * get a placeholder scheme and host so that `parse_url` reads them; a failed parse gives null.
 */
function wcv_uri_path( string $uri ): ?string {
	if ( str_starts_with( $uri, '//' ) ) {
		$uri = 'http:' . $uri;
	} elseif ( str_starts_with( $uri, '/' ) ) {
		$uri = 'placeholder://placeholder' . $uri;
	}
	$parts = @parse_url( $uri );
	if ( ! is_array( $parts ) || ! isset( $parts['path'] ) ) {
		return null;
	}
	return $parts['path'];
}

/**
 * The URL WooCommerce puts in the base string (not yet encoded): the home path is cut off the
 * front of the (slashed) request path, and `get_home_url()` puts it back in front.
 *
 * @param string $home         The store's `home` option.
 * @param string $slashed_uri  REQUEST_URI after `wp_magic_quotes()`.
 * @param bool   $is_ssl       What `is_ssl()` says.
 */
function wcv_base_url( string $home, string $slashed_uri, bool $is_ssl ): string {
	$path    = (string) wcv_uri_path( $slashed_uri );
	$wp_base = wcv_home_url( $home, '/', 'relative' );
	if ( substr( $path, 0, strlen( $wp_base ) ) === $wp_base ) {
		$path = substr( $path, strlen( $wp_base ) );
	}
	return wcv_home_url( $home, $path, $is_ssl ? 'https' : 'http' );
}

/**
 * `wc_rest_urlencode_rfc3986()`: `rawurlencode` on a string, on each value of an array. (Its
 * replacements of `+` and `%7E` never fire on `rawurlencode` output; they are kept all the same.)
 */
function wcv_encode( $value ) {
	if ( is_array( $value ) ) {
		$out = array();
		foreach ( $value as $k => $v ) {
			$out[ $k ] = wcv_encode( $v );
		}
		return $out;
	}
	return str_replace( array( '+', '%7E' ), array( ' ', '~' ), rawurlencode( (string) $value ) );
}

/**
 * The parameter part of the base string, before the `%26` join: one `key=value` per leaf.
 * `$params` is what WooCommerce signs, `oauth_signature` already removed.
 *
 * @return string[]
 */
function wcv_normalized_pairs( array $params, bool $falsy_parent_quirk = true ): array {
	uksort( $params, 'strcmp' );
	// Keys and values encoded once; array_combine turns "7" back into the integer 7.
	$encoded = array_combine(
		wcv_encode( array_keys( $params ) ),
		wcv_encode( array_values( $params ) )
	);
	$pairs = array();
	wcv_collect_pairs( $encoded, null, $pairs, $falsy_parent_quirk );
	return $pairs;
}

/**
 * Walks the encoded parameters depth-first, in their order. A child's name is the parent's and
 * `%5Bchild%5D`, unless the parent's name is one PHP reads as false (0 or '0'): then the child
 * keeps its bare name, as WooCommerce's `if ( $key )` does. With `$falsy_parent_quirk` false,
 * every child is prefixed: an exact rendering of what PHP parsed, for comparing parsers.
 */
function wcv_collect_pairs( array $params, $parent, array &$pairs, bool $falsy_parent_quirk ): void {
	foreach ( $params as $name => $value ) {
		$prefixed = $falsy_parent_quirk ? (bool) $parent : null !== $parent;
		$full     = $prefixed ? $parent . '%5B' . $name . '%5D' : $name;
		if ( is_array( $value ) ) {
			wcv_collect_pairs( $value, $full, $pairs, $falsy_parent_quirk );
		} else {
			$pairs[] = wcv_encode( $full . '=' . $value );
		}
	}
}

/** `METHOD&encoded-url&pairs`. */
function wcv_base_string( string $method, string $base_url, array $params ): string {
	return $method . '&' . rawurlencode( $base_url ) . '&' . implode( '%26', wcv_normalized_pairs( $params ) );
}

/**
 * OAuth parameters from an `Authorization` header value, as WooCommerce's `parse_header()`:
 * nothing unless it starts with `OAuth ` (case-sensitive), then every `oauth_name=value` where
 * the value is `"quoted"` (optionally after a colon) or runs to the next comma, `urldecode`d
 * (so `+` is a space). An empty quoted value falls back to the unquoted group, which is empty.
 *
 * @return array<string,string>
 */
function wcv_parse_authorization( string $header ): array {
	if ( 'OAuth ' !== substr( $header, 0, 6 ) ) {
		return array();
	}
	$params = array();
	if ( preg_match_all( '/(oauth_[a-z_-]*)=(?::?"([^"]*)"|([^,]*))/', $header, $found, PREG_SET_ORDER ) ) {
		foreach ( $found as $match ) {
			$quoted   = $match[2] ?? '';
			$unquoted = $match[3] ?? '';
			$params[ $match[1] ] = urldecode( empty( $quoted ) ? $unquoted : $quoted );
		}
	}
	return $params;
}

/**
 * The parameters WooCommerce signs: `array_merge( $_GET, $_POST )`, unslashed, with the
 * header's OAuth parameters merged over them; or a failure when only some of the five are there;
 * or an empty array when none is (the request is not using OAuth).
 *
 * @param array  $slashed_get   $_GET after wp_magic_quotes().
 * @param array  $slashed_post  $_POST after wp_magic_quotes() (PHP fills it for POST only).
 * @param string $authorization The Authorization header, unslashed.
 * @return array|WcvFailure
 */
function wcv_oauth_parameters( array $slashed_get, array $slashed_post, string $authorization ) {
	$params = wcv_unslash_deep( array_merge( $slashed_get, $slashed_post ) );
	if ( '' !== $authorization ) {
		$from_header = wcv_parse_authorization( trim( $authorization ) );
		if ( ! empty( $from_header ) ) {
			$params = array_merge( $params, $from_header );
		}
	}
	$missing  = array();
	$have_one = false;
	foreach ( WCV_REQUIRED as $name ) {
		if ( empty( $params[ $name ] ) ) {
			$missing[] = $name;
		} else {
			$have_one = true;
		}
	}
	if ( ! $have_one ) {
		return array();
	}
	if ( $missing ) {
		$label = 1 === count( $missing ) ? 'Missing OAuth parameter %s' : 'Missing OAuth parameters %s';
		return new WcvFailure( WCV_MISSING_PARAMETER, sprintf( $label, implode( ', ', $missing ) ) );
	}
	return $params;
}

/**
 * The subset of WordPress's `sanitize_text_field()` that can change a consumer key: invalid
 * UTF-8 becomes empty, tags are stripped, runs of white space become one space, the ends are
 * trimmed and percent-encoded octets are removed.
 */
function wcv_sanitize_text( $text ): string {
	if ( ! is_string( $text ) || 1 !== preg_match( '//u', $text ) ) {
		return '';
	}
	if ( str_contains( $text, '<' ) ) {
		$text = strip_tags( $text );
	}
	$text = trim( (string) preg_replace( '/[\r\n\t ]+/', ' ', $text ) );
	while ( preg_match( '/%[a-f0-9]{2}/i', $text, $octet ) ) {
		$text = str_replace( $octet[0], '', $text );
	}
	return trim( $text );
}

/** `wc_api_hash()`: how the store keeps a consumer key. */
function wcv_key_hash( string $key ): string {
	return hash_hmac( 'sha256', $key, 'wc-api' );
}

/**
 * The stored key row for a consumer key as sent, or null (`get_user_data_by_consumer_key()`).
 *
 * @param array $keys Rows with consumerKey, consumerSecret, permissions, keyId, userId.
 */
function wcv_find_key( array $keys, $consumer_key ): ?array {
	$wanted = wcv_key_hash( wcv_sanitize_text( $consumer_key ) );
	foreach ( $keys as $row ) {
		if ( hash_equals( wcv_key_hash( (string) $row['consumerKey'] ), $wanted ) ) {
			return $row;
		}
	}
	return null;
}

/**
 * `check_oauth_signature()`: builds the base string and compares signatures. Returns the base
 * string and, on failure, the failure.
 *
 * @return array{0: string, 1: ?WcvFailure}
 */
function wcv_check_signature( string $secret, array $params, string $method, string $base_url ): array {
	$provided = rawurldecode( str_replace( ' ', '+', $params['oauth_signature'] ) );
	unset( $params['oauth_signature'] );
	$base = wcv_base_string( strtoupper( $method ), $base_url, $params );
	$sig_method = $params['oauth_signature_method'];
	if ( 'HMAC-SHA1' !== $sig_method && 'HMAC-SHA256' !== $sig_method ) {
		return array( $base, new WcvFailure( WCV_AUTH_ERROR, 'Invalid signature - signature method is invalid.' ) );
	}
	$algorithm = 'HMAC-SHA1' === $sig_method ? 'sha1' : 'sha256';
	$expected  = base64_encode( hash_hmac( $algorithm, $base, $secret . '&', true ) );
	if ( ! hash_equals( $expected, $provided ) ) {
		return array( $base, new WcvFailure( WCV_AUTH_ERROR, 'Invalid signature - provided signature does not match.' ) );
	}
	return array( $base, null );
}

/**
 * `check_oauth_timestamp_and_nonce()`: the timestamp within 15 minutes of `$now`, the nonce not
 * among those remembered for the key. The memory is a map timestamp => nonce, kept in
 * `$store_file` (one serialized map per key id), pruned of entries older than the window.
 */
function wcv_check_nonce( string $store_file, $key_id, $timestamp, $nonce, int $now ): ?WcvFailure {
	if ( ( $timestamp < $now - WCV_WINDOW ) || ( $timestamp > $now + WCV_WINDOW ) ) {
		return new WcvFailure( WCV_AUTH_ERROR, 'Invalid timestamp.' );
	}
	$handle = fopen( $store_file, 'c+' );
	if ( false === $handle ) {
		return new WcvFailure( 'verifier_store_unavailable', "cannot open the nonce store $store_file", 500 );
	}
	flock( $handle, LOCK_EX );
	$text  = stream_get_contents( $handle );
	$store = '' === $text ? array() : unserialize( $text );
	$used  = $store[ $key_id ] ?? array();
	if ( in_array( $nonce, $used, true ) ) {
		flock( $handle, LOCK_UN );
		fclose( $handle );
		return new WcvFailure( WCV_AUTH_ERROR, 'Invalid nonce - nonce has already been used.' );
	}
	$used[ $timestamp ] = $nonce;
	foreach ( array_keys( $used ) as $seen_at ) {
		if ( $seen_at < $now - WCV_WINDOW ) {
			unset( $used[ $seen_at ] );
		}
	}
	$store[ $key_id ] = $used;
	ftruncate( $handle, 0 );
	rewind( $handle );
	fwrite( $handle, serialize( $store ) );
	fflush( $handle );
	flock( $handle, LOCK_UN );
	fclose( $handle );
	return null;
}

/** `check_permissions()`: what the key's permission allows for the method the REST server saw. */
function wcv_check_permissions( string $permissions, string $method ): ?WcvFailure {
	switch ( $method ) {
		case 'HEAD':
		case 'GET':
			if ( 'read' !== $permissions && 'read_write' !== $permissions ) {
				return new WcvFailure( WCV_AUTH_ERROR, 'The API key provided does not have read permissions.' );
			}
			return null;
		case 'POST':
		case 'PUT':
		case 'PATCH':
		case 'DELETE':
			if ( 'write' !== $permissions && 'read_write' !== $permissions ) {
				return new WcvFailure( WCV_AUTH_ERROR, 'The API key provided does not have write permissions.' );
			}
			return null;
		case 'OPTIONS':
			return null;
		default:
			return new WcvFailure( WCV_AUTH_ERROR, 'Unknown request method.' );
	}
}

/**
 * The REST route a request URI names (`route_from_request_uri()`), '' when it names none:
 * `rest_route` from the query for plain permalinks, else the path after the home path,
 * an optional `index.php/` and `wp-json/`.
 */
function wcv_route_of( string $raw_uri, string $home ): string {
	if ( str_starts_with( $raw_uri, '//' ) ) {
		$raw_uri = '/' . ltrim( $raw_uri, '/' );
	}
	$parts = @parse_url( 'placeholder://placeholder' . $raw_uri );
	if ( is_array( $parts ) && isset( $parts['query'] ) ) {
		parse_str( $parts['query'], $query );
		if ( isset( $query['rest_route'] ) && is_string( $query['rest_route'] ) ) {
			return trim( $query['rest_route'], '/' );
		}
	}
	if ( ! is_array( $parts ) || ! isset( $parts['path'] ) ) {
		return '';
	}
	$path      = trim( $parts['path'], '/' );
	$home_path = parse_url( $home, PHP_URL_PATH );
	if ( is_string( $home_path ) && '' !== $home_path ) {
		$home_path = trim( $home_path, '/' );
		if ( 0 === stripos( $path, $home_path ) ) {
			$path = trim( substr( $path, strlen( $home_path ) ), '/' );
		}
	}
	if ( str_starts_with( $path, 'index.php/' ) ) {
		$path = substr( $path, strlen( 'index.php/' ) );
	}
	if ( ! str_starts_with( $path, 'wp-json/' ) ) {
		return '';
	}
	return trim( substr( $path, strlen( 'wp-json/' ) ), '/' );
}

/** Whether an API key may authenticate this route: `wc/…` and `wc-…` namespaces. */
function wcv_is_wc_route( string $route ): bool {
	return str_starts_with( $route, 'wc/' ) || str_starts_with( $route, 'wc-' );
}

/**
 * A PHP array as ordered `[key, value]` pairs, nested the same way, so that JSON keeps the order
 * and the integer keys PHP has (a JavaScript object would reorder them).
 */
function wcv_pairs( array $array ): array {
	$out = array();
	foreach ( $array as $k => $v ) {
		$out[] = array( $k, is_array( $v ) ? wcv_pairs( $v ) : $v );
	}
	return $out;
}

/**
 * WordPress's `is_ssl()` for a `$_SERVER` array: HTTPS is `on` (any case) or `1`, or the port
 * is 443.
 */
function wcv_is_ssl( array $server ): bool {
	if ( isset( $server['HTTPS'] ) ) {
		if ( 'on' === strtolower( (string) $server['HTTPS'] ) || '1' === (string) $server['HTTPS'] ) {
			return true;
		}
	} elseif ( isset( $server['SERVER_PORT'] ) && '443' === (string) $server['SERVER_PORT'] ) {
		return true;
	}
	return false;
}

/**
 * The Authorization header as WooCommerce's `get_authorization_header()` reads it:
 * `$_SERVER['HTTP_AUTHORIZATION']` (slashed by WordPress, so unslashed here) when not empty,
 * else the first header named `authorization` in any case among `getallheaders()`.
 *
 * @param array $slashed_server $_SERVER after wp_magic_quotes().
 * @param array $all_headers    What getallheaders() returns (empty when it does not exist).
 */
function wcv_authorization_header( array $slashed_server, array $all_headers ): string {
	if ( ! empty( $slashed_server['HTTP_AUTHORIZATION'] ) ) {
		return wcv_unslash_deep( $slashed_server['HTTP_AUTHORIZATION'] );
	}
	foreach ( $all_headers as $name => $value ) {
		if ( 'authorization' === strtolower( (string) $name ) ) {
			return $value;
		}
	}
	return '';
}

/**
 * The method `WP_REST_Request::get_method()` returns: `_method` or the override header win.
 * `set_method()` calls `strtoupper()` on it, so `_method` sent as an array is a TypeError (a
 * fatal error) in WordPress, and here too.
 */
function wcv_rest_method( array $get, array $server ): string {
	if ( isset( $get['_method'] ) ) {
		return strtoupper( $get['_method'] );
	}
	if ( isset( $server['HTTP_X_HTTP_METHOD_OVERRIDE'] ) ) {
		return strtoupper( (string) $server['HTTP_X_HTTP_METHOD_OVERRIDE'] );
	}
	return strtoupper( (string) $server['REQUEST_METHOD'] );
}

/**
 * `WC_REST_Authentication`'s verdict on one request: the route check, Basic over HTTPS, OAuth,
 * then the key's permission for the method.
 *
 * @param array $request What PHP filled for the request, before WordPress touched it:
 *                       `server` ($_SERVER), `get` ($_GET), `post` ($_POST), `headers`
 *                       (getallheaders(), or an empty array), `ssl` (what is_ssl() says).
 * @param array $store   `home` (the home option), `keys` (rows with consumerKey,
 *                       consumerSecret, permissions, keyId, userId), `nonceFile` (the nonce
 *                       memory, see wcv_check_nonce()) and `now` (the store's clock).
 * @return array{0: int, 1: array} The HTTP status and the verdict
 *                       `{ ok, status, code, message, baseString, params, userId }`.
 */
function wcv_authenticate_request( array $request, array $store ): array {
	$home        = (string) $store['home'];
	$is_ssl      = (bool) $request['ssl'];
	$raw_get     = (array) $request['get'];
	$raw_server  = (array) $request['server'];
	$all_headers = (array) ( $request['headers'] ?? array() );

	// wp_magic_quotes(): WordPress slashes $_GET, $_POST and $_SERVER before any plugin runs.
	$get    = wcv_slash_deep( $raw_get );
	$post   = wcv_slash_deep( (array) $request['post'] );
	$server = wcv_slash_deep( $raw_server );

	$verdict = array(
		'ok'         => false,
		'status'     => 401,
		'code'       => null,
		'message'    => null,
		'baseString' => null,
		'params'     => null,
		'userId'     => null,
	);
	$fail = static function ( WcvFailure $f ) use ( &$verdict ): array {
		$verdict['code']    = $f->code;
		$verdict['message'] = $f->message;
		$verdict['status']  = $f->status;
		return array( $f->status, $verdict );
	};

	// is_request_to_rest_api(): other routes are never authenticated by a key.
	$raw_uri = (string) ( $raw_server['REQUEST_URI'] ?? '' );
	if ( '' === $raw_uri || ! wcv_is_wc_route( wcv_route_of( $raw_uri, $home ) ) ) {
		return $fail( new WcvFailure( 'verifier_not_wc_route', 'Not a WooCommerce REST route: WooCommerce would not authenticate this request.', 404 ) );
	}

	$keys  = (array) $store['keys'];
	$error = null;
	$user  = null;

	// Over HTTPS: consumer_key/consumer_secret in the query, else HTTP Basic (values still slashed).
	if ( $is_ssl ) {
		$ck = '';
		$cs = '';
		if ( ! empty( $get['consumer_key'] ) && ! empty( $get['consumer_secret'] ) ) {
			$ck = $get['consumer_key'];
			$cs = $get['consumer_secret'];
		}
		if ( ! $ck && ! empty( $server['PHP_AUTH_USER'] ) && ! empty( $server['PHP_AUTH_PW'] ) ) {
			$ck = $server['PHP_AUTH_USER'];
			$cs = $server['PHP_AUTH_PW'];
		}
		if ( $ck && $cs ) {
			$row = wcv_find_key( $keys, $ck );
			if ( null !== $row ) {
				// No cast: a secret sent as an array (`consumer_secret[]=…`) makes hash_equals()
				// throw a TypeError in PHP 8, a fatal error for WordPress, as in WooCommerce.
				if ( hash_equals( (string) $row['consumerSecret'], $cs ) ) {
					$user = $row;
				} else {
					$error = new WcvFailure( WCV_AUTH_ERROR, 'Consumer secret is invalid.' );
				}
			}
		}
	}

	if ( null === $user ) {
		$params = wcv_oauth_parameters( $get, $post, wcv_authorization_header( $server, $all_headers ) );
		if ( $params instanceof WcvFailure ) {
			$error = $params;
		} elseif ( $params ) {
			$user = null;
			$signed = $params;
			unset( $signed['oauth_signature'] );
			$verdict['params'] = wcv_pairs( $signed );
			$row = wcv_find_key( $keys, $params['oauth_consumer_key'] );
			if ( null === $row ) {
				$error = new WcvFailure( WCV_AUTH_ERROR, 'Consumer key is invalid.' );
			} else {
				$base_url = wcv_base_url( $home, (string) $server['REQUEST_URI'], $is_ssl );
				[ $base, $failure ] = wcv_check_signature(
					(string) $row['consumerSecret'],
					$params,
					(string) $server['REQUEST_METHOD'],
					$base_url
				);
				$verdict['baseString'] = $base;
				if ( null === $failure ) {
					$failure = wcv_check_nonce(
						(string) $store['nonceFile'],
						$row['keyId'] ?? $row['consumerKey'],
						$params['oauth_timestamp'],
						$params['oauth_nonce'],
						(int) $store['now']
					);
				}
				if ( null === $failure ) {
					$user = $row;
				} else {
					$error = $failure;
				}
			}
		}
	}

	if ( null !== $error ) {
		return $fail( $error );
	}
	if ( null === $user ) {
		return $fail( new WcvFailure( 'verifier_no_credentials', 'No OAuth parameters and no HTTP Basic credentials: WooCommerce would treat the request as anonymous.' ) );
	}
	// check_user_permissions() on rest_pre_dispatch.
	$denied = wcv_check_permissions( (string) $user['permissions'], wcv_rest_method( $raw_get, $raw_server ) );
	if ( null !== $denied ) {
		return $fail( $denied );
	}
	$verdict['ok']     = true;
	$verdict['status'] = 200;
	$verdict['userId'] = $user['userId'] ?? null;
	return array( 200, $verdict );
}
