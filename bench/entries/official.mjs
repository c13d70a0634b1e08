// The official library as a page ships it, plus the oauth-1.0a class it bundles (exported only
// so the benchmark can pin the nonce and clock; it adds no bytes, the library already has it).
export { default as WooCommerceRestApi } from '@woocommerce/woocommerce-rest-api';
export { default as OAuth } from 'oauth-1.0a';
