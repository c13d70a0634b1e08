<?php
/**
 * The PHP verifier's side of the signed-request corpus (sandbox/tests/corpus/signed-requests.json):
 * every case is rebuilt as the request PHP would hand WordPress and judged by
 * `wcv_authenticate_request()` of woo-oauth.php, the same function the verifier's HTTP router
 * (verifier.php) calls.
 *
 *     php tests/php/corpus.php [path/to/signed-requests.json]
 *
 * For each case, in file order, one JSON line:
 *
 *     {"name": "…", "outcome": "authenticated", "baseString": "…"}
 *     {"name": "…", "outcome": "rejected", "status": 401, "code": "…", "message": "…", "baseString": …}
 *     {"name": "…", "outcome": "error", "message": "…"}       // the case could not be judged
 *
 * How a case becomes a request (what PHP itself does before WordPress runs):
 * - `$_SERVER`: REQUEST_METHOD and REQUEST_URI as sent (the target); HTTPS=on when the case
 *   arrived over HTTPS; each header as HTTP_NAME (dashes to underscores, upper case), except
 *   Content-Type and Content-Length, which are CONTENT_TYPE and CONTENT_LENGTH; for
 *   `Authorization: Basic …`, PHP_AUTH_USER and PHP_AUTH_PW as PHP decodes them.
 * - `$_GET`: `parse_str()` of what follows the first `?` of the target.
 * - `$_POST`: `parse_str()` of the body, only when the method is exactly `POST` (PHP compares
 *   it case-sensitively) and the content type, up to `;`, is application/x-www-form-urlencoded
 *   in any case. A multipart body is not supported (the case is reported as an error).
 * - getallheaders(): the case's headers.
 * WordPress then slashes those arrays (wp_magic_quotes()) inside wcv_authenticate_request().
 *
 * The store: the case's `home_url`, the corpus's key table (key ids 1, 2, … in table order),
 * the corpus's `now` as `time()`. Cases with the same `store` share one nonce memory, in file
 * order; every other store starts with none.
 */

declare(strict_types=0);

ini_set( 'display_errors', 'stderr' );
error_reporting( E_ALL );

require __DIR__ . '/woo-oauth.php';

/** The request arrays PHP fills for one case. */
function wcc_request( array $case ): array {
	$method = (string) $case['method'];
	$target = (string) $case['target'];
	$server = array(
		'REQUEST_METHOD'  => $method,
		'REQUEST_URI'     => $target,
		'SERVER_PROTOCOL' => 'HTTP/1.1',
	);
	if ( ! empty( $case['https'] ) ) {
		$server['HTTPS'] = 'on';
	}
	$headers = array();
	foreach ( (array) $case['headers'] as [ $name, $value ] ) {
		$name  = (string) $name;
		$value = (string) $value;
		$lower = strtolower( $name );
		foreach ( array_keys( $headers ) as $seen ) {
			if ( strtolower( $seen ) === $lower ) {
				throw new RuntimeException( "header $name appears twice: not supported" );
			}
		}
		$headers[ $name ] = $value;
		if ( 'content-type' === $lower ) {
			$server['CONTENT_TYPE'] = $value;
		} elseif ( 'content-length' === $lower ) {
			$server['CONTENT_LENGTH'] = $value;
		} else {
			$server[ 'HTTP_' . strtoupper( str_replace( '-', '_', $name ) ) ] = $value;
		}
		// main/main.c php_handle_auth_data(): "Basic " in any case, base64, split at the first ':'.
		if ( 'authorization' === $lower && 0 === strncasecmp( $value, 'Basic ', 6 ) ) {
			$decoded = base64_decode( substr( $value, 6 ) );
			if ( false !== $decoded && str_contains( $decoded, ':' ) ) {
				[ $user, $password ]     = explode( ':', $decoded, 2 );
				$server['PHP_AUTH_USER'] = $user;
				$server['PHP_AUTH_PW']   = $password;
			}
		}
	}

	$get      = array();
	$question = strpos( $target, '?' );
	if ( false !== $question ) {
		$server['QUERY_STRING'] = substr( $target, $question + 1 );
		parse_str( $server['QUERY_STRING'], $get );
	} else {
		$server['QUERY_STRING'] = '';
	}

	$post         = array();
	$content_type = strtolower( trim( explode( ';', (string) ( $server['CONTENT_TYPE'] ?? '' ), 2 )[0] ) );
	$body         = $case['body'] ?? null;
	if ( 'POST' === $method && null !== $body ) {
		if ( 'application/x-www-form-urlencoded' === $content_type ) {
			parse_str( (string) $body, $post );
		} elseif ( 'multipart/form-data' === $content_type ) {
			throw new RuntimeException( 'multipart/form-data bodies are not supported' );
		}
	}

	return array(
		'server'  => $server,
		'get'     => $get,
		'post'    => $post,
		'headers' => $headers,
		'ssl'     => wcv_is_ssl( $server ),
	);
}

/** The corpus's key table in the rows woo-oauth.php reads. */
function wcc_keys( array $corpus ): array {
	$keys = array();
	foreach ( array_values( (array) $corpus['keys'] ) as $i => $key ) {
		$keys[] = array(
			'consumerKey'    => (string) $key['consumer_key'],
			'consumerSecret' => (string) $key['consumer_secret'],
			'permissions'    => (string) $key['permissions'],
			'keyId'          => $i + 1,
			'userId'         => 1,
		);
	}
	return $keys;
}

/** Removes the nonce files this run made, and their directory. */
function wcc_remove_dir( string $dir ): void {
	foreach ( (array) glob( $dir . '/*' ) as $file ) {
		@unlink( (string) $file );
	}
	@rmdir( $dir );
}

$path   = $argv[1] ?? dirname( __DIR__, 2 ) . '/sandbox/tests/corpus/signed-requests.json';
$text   = file_get_contents( $path );
$corpus = false === $text ? null : json_decode( $text, true );
if ( ! is_array( $corpus ) || ! isset( $corpus['now'], $corpus['keys'], $corpus['cases'] ) ) {
	fwrite( STDERR, "$path: expected the signed-request corpus (now, keys, cases)\n" );
	exit( 2 );
}

$keys      = wcc_keys( $corpus );
$nonce_dir = sys_get_temp_dir() . '/wc-corpus-' . getmypid() . '-' . bin2hex( random_bytes( 6 ) );
if ( ! mkdir( $nonce_dir, 0700 ) ) {
	fwrite( STDERR, "cannot create $nonce_dir\n" );
	exit( 2 );
}
register_shutdown_function( 'wcc_remove_dir', $nonce_dir );

$flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE;
foreach ( $corpus['cases'] as $case ) {
	$line = array( 'name' => (string) $case['name'] );
	try {
		[ , $verdict ] = wcv_authenticate_request(
			wcc_request( $case ),
			array(
				'home'      => (string) $case['home_url'],
				'keys'      => $keys,
				// One nonce memory per store value.
				'nonceFile' => $nonce_dir . '/' . md5( (string) $case['store'] ) . '.ser',
				'now'       => (int) $corpus['now'],
			)
		);
		if ( $verdict['ok'] ) {
			$line['outcome'] = 'authenticated';
		} else {
			$line['outcome'] = 'rejected';
			$line['status']  = $verdict['status'];
			$line['code']    = $verdict['code'];
			$line['message'] = $verdict['message'];
		}
		$line['baseString'] = $verdict['baseString'];
	} catch ( Throwable $e ) {
		$line['outcome'] = 'error';
		$line['message'] = get_class( $e ) . ': ' . $e->getMessage();
	}
	echo json_encode( $line, $flags ), "\n";
}
