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

/** Judges the current request, as PHP's built-in server parsed it; returns [status, body]. */
function wcv_judge(): array {
	$config    = wcv_config();
	$home      = (string) $config['home'];
	$test_home = $_SERVER['HTTP_X_VERIFIER_HOME'] ?? '';
	if ( '' !== $test_home ) {
		$home = $test_home;
	}
	return wcv_authenticate_request(
		array(
			'server'  => $_SERVER,
			'get'     => $_GET,
			'post'    => $_POST,
			'headers' => function_exists( 'getallheaders' ) ? getallheaders() : array(),
			'ssl'     => 'on' === strtolower( (string) ( $_SERVER['HTTP_X_VERIFIER_HTTPS'] ?? '' ) ),
		),
		array(
			'home'      => $home,
			'keys'      => $config['keys'],
			'nonceFile' => (string) $config['nonceFile'],
			'now'       => time(),
		)
	);
}

try {
	[ $status, $body ] = wcv_judge();
	wcv_answer( $status, $body );
} catch ( Throwable $e ) {
	wcv_answer( 500, array( 'ok' => false, 'status' => 500, 'code' => 'verifier_crashed', 'message' => $e->getMessage() ) );
}
