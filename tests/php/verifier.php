<?php
/**
 * A stand-in WooCommerce store that only authenticates: run as the router script of PHP's
 * built-in server, so that PHP's own request parsing fills `$_GET`, `$_POST` and `$_SERVER`
 * exactly as it does for WordPress:
 *
 *     WC_VERIFIER_CONFIG=/path/config.json php -S 127.0.0.1:PORT tests/php/verifier.php
 *
 * The configuration file (JSON):
 *
 *     {
 *       "home": "http://127.0.0.1:PORT",          // the store's Site Address (home option)
 *       "nonceFile": "/tmp/…/nonces.ser",          // where used nonces are kept (created)
 *       "keys": [{ "consumerKey": "ck_…", "consumerSecret": "cs_…",
 *                  "permissions": "read|write|read_write", "keyId": 1, "userId": 1 }]
 *     }
 *
 * Every request is judged as WooCommerce's `WC_REST_Authentication` judges a request to its REST
 * API (see woo-oauth.php) and answered with JSON:
 *
 *     { ok, status, code, message, baseString, params, userId }
 *
 * `code` and `message` are WooCommerce's own (`woocommerce_rest_authentication_error`,
 * "Invalid signature - provided signature does not match.", …), HTTP status 401 on failure and
 * 200 on success. `baseString` is the one WooCommerce computed (null when it got no further than
 * the key), `params` the parameters it signed, as nested `[key, value]` pairs in PHP's order.
 * Codes starting with `verifier_` are this stand-in's own, for requests the real store would
 * not authenticate at all (no OAuth parameters, a route outside `wc/` and `wc-`).
 *
 * TEST-ONLY request headers (a real store has nothing like them):
 * - `X-Verifier-Home: http://host[:port][/path]` judges the request as if the store's home
 *   option were that URL, so one server can play a root and a subdirectory install.
 * - `X-Verifier-Https: on` makes `is_ssl()` true (a store behind a TLS-terminating proxy that
 *   reports HTTPS): the base URL gets `https`, and HTTP Basic is tried first.
 */

declare(strict_types=0);

// Warnings (max_input_vars, …) go to the server's log, never into the JSON answer.
ini_set( 'display_errors', '0' );
ini_set( 'log_errors', '1' );

require __DIR__ . '/woo-oauth.php';

/** Ends the request with a JSON verdict. */
function wcv_answer( int $status, array $body ): void {
	http_response_code( $status );
	header( 'Content-Type: application/json; charset=utf-8' );
	header( 'Cache-Control: no-store' );
	echo json_encode( $body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE );
}

/** The configuration named by WC_VERIFIER_CONFIG. */
function wcv_config(): array {
	$path = getenv( 'WC_VERIFIER_CONFIG' );
	if ( ! is_string( $path ) || '' === $path ) {
		throw new RuntimeException( 'set WC_VERIFIER_CONFIG to the path of the verifier configuration (JSON)' );
	}
	$config = json_decode( (string) file_get_contents( $path ), true );
	if ( ! is_array( $config ) || ! isset( $config['home'], $config['keys'] ) ) {
		throw new RuntimeException( "$path: expected JSON with home and keys" );
	}
	$config['nonceFile'] ??= sys_get_temp_dir() . '/wc-verifier-nonces-' . md5( $path ) . '.ser';
	return $config;
}

/** The Authorization header as WooCommerce reads it: $_SERVER first, then getallheaders(). */
function wcv_authorization_header( array $slashed_server ): string {
	if ( ! empty( $slashed_server['HTTP_AUTHORIZATION'] ) ) {
		return wcv_unslash_deep( $slashed_server['HTTP_AUTHORIZATION'] );
	}
	if ( function_exists( 'getallheaders' ) ) {
		foreach ( getallheaders() as $name => $value ) {
			if ( 'authorization' === strtolower( $name ) ) {
				return $value;
			}
		}
	}
	return '';
}

/** The method `WP_REST_Request::get_method()` returns: `_method` or the override header win. */
function wcv_rest_method( array $get, array $server ): string {
	if ( isset( $get['_method'] ) ) {
		return strtoupper( (string) $get['_method'] );
	}
	if ( isset( $server['HTTP_X_HTTP_METHOD_OVERRIDE'] ) ) {
		return strtoupper( (string) $server['HTTP_X_HTTP_METHOD_OVERRIDE'] );
	}
	return strtoupper( (string) $server['REQUEST_METHOD'] );
}

/** Judges the current request; returns [status, body]. */
function wcv_judge(): array {
	$config = wcv_config();
	$home   = (string) $config['home'];
	$test_home = $_SERVER['HTTP_X_VERIFIER_HOME'] ?? '';
	if ( '' !== $test_home ) {
		$home = $test_home;
	}
	$is_ssl = 'on' === strtolower( (string) ( $_SERVER['HTTP_X_VERIFIER_HTTPS'] ?? '' ) );

	// wp_magic_quotes(): WordPress slashes $_GET, $_POST and $_SERVER before any plugin runs.
	$get    = wcv_slash_deep( $_GET );
	$post   = wcv_slash_deep( $_POST );
	$server = wcv_slash_deep( $_SERVER );

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
	$raw_uri = (string) ( $_SERVER['REQUEST_URI'] ?? '' );
	if ( '' === $raw_uri || ! wcv_is_wc_route( wcv_route_of( $raw_uri, $home ) ) ) {
		return $fail( new WcvFailure( 'verifier_not_wc_route', 'Not a WooCommerce REST route: WooCommerce would not authenticate this request.', 404 ) );
	}

	$keys  = $config['keys'];
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
				if ( hash_equals( (string) $row['consumerSecret'], (string) $cs ) ) {
					$user = $row;
				} else {
					$error = new WcvFailure( WCV_AUTH_ERROR, 'Consumer secret is invalid.' );
				}
			}
		}
	}

	if ( null === $user ) {
		$params = wcv_oauth_parameters( $get, $post, wcv_authorization_header( $server ) );
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
						(string) $config['nonceFile'],
						$row['keyId'] ?? $row['consumerKey'],
						$params['oauth_timestamp'],
						$params['oauth_nonce'],
						time()
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
	$denied = wcv_check_permissions( (string) $user['permissions'], wcv_rest_method( $_GET, $_SERVER ) );
	if ( null !== $denied ) {
		return $fail( $denied );
	}
	$verdict['ok']     = true;
	$verdict['status'] = 200;
	$verdict['userId'] = $user['userId'] ?? null;
	return array( 200, $verdict );
}

try {
	[ $status, $body ] = wcv_judge();
	wcv_answer( $status, $body );
} catch ( Throwable $e ) {
	wcv_answer( 500, array( 'ok' => false, 'status' => 500, 'code' => 'verifier_crashed', 'message' => $e->getMessage() ) );
}
