<?php
/**
 * PHP's own parsing of query strings and form bodies, for the parser differential test
 * (tests/js/php-verifier.test.mjs). Reads JSON lines on stdin,
 *
 *     {"query": "a[b]=1&c=2", "extra": {"oauth_consumer_key": "ck_…", …}}
 *
 * and writes one JSON line per input:
 *
 *     { "parsed": [[key, value-or-pairs], …],  // parse_str(), merged as WooCommerce merges
 *       "params": "a%255Bb%255D%3D1%26…",      // that array written as the base string's
 *                                              // parameter part, every child prefixed by its
 *                                              // parent: an exact rendering of the parse
 *       "woo":    "…" }                        // the parameter part WooCommerce itself writes
 *
 * The parse is `array_merge( parse_str( query ), extra )`: `extra` stands for the OAuth
 * parameters of an `Authorization` header, merged over the query as WooCommerce does, and
 * array_merge renumbers integer keys. `parse_str` is the parser (main/php_variables.c) that
 * fills `$_GET` and `$_POST`, with this php-cli's `max_input_vars` and `max_input_nesting_level`.
 *
 *     php tests/php/parse-query.php < queries.jsonl
 */

declare(strict_types=0);

require __DIR__ . '/woo-oauth.php';

while ( false !== ( $line = fgets( STDIN ) ) ) {
	if ( '' === trim( $line ) ) {
		continue;
	}
	$input  = json_decode( $line, true, 512, JSON_THROW_ON_ERROR );
	$parsed = array();
	parse_str( (string) $input['query'], $parsed );
	$merged = array_merge( $parsed, (array) ( $input['extra'] ?? array() ) );
	echo json_encode(
		array(
			'parsed' => wcv_pairs( $merged ),
			'params' => implode( '%26', wcv_normalized_pairs( $merged, false ) ),
			'woo'    => implode( '%26', wcv_normalized_pairs( $merged, true ) ),
		),
		JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE
	), "\n";
}
