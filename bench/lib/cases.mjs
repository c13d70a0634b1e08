// The signers and the wc-keys breakdown cases, built from whatever the runtime loaded: the same
// code runs in Node (packages from node_modules) and in Chromium (esbuild bundles). Before
// anything is timed, `buildCases` checks that the signers agree byte for byte.

import { OFFICIAL_REQUEST, REQUEST, wcKeysOptions } from './request.mjs';
import { authorizationHeader, base64, baseString, percentEncode, protocolParams } from './rfc5849.mjs';

const SIGNING_KEY = `${percentEncode(REQUEST.consumerSecret)}&`;
const encoder = new TextEncoder();

/** oauth-1.0a draws a nonce and reads the clock on every `authorize`: pin both. */
function pinNonceAndClock(OAuth) {
  OAuth.prototype.getNonce = () => REQUEST.nonce;
  OAuth.prototype.getTimeStamp = () => REQUEST.timestamp;
}

/** The request URL with OAuth parameters in the query, as the official library sends them. */
function urlWithOAuth(oauthParams) {
  let url = REQUEST.url;
  for (const name of Object.keys(oauthParams)) {
    url += `&${percentEncode(name)}=${percentEncode(String(oauthParams[name]))}`;
  }
  return url;
}

/** wc-keys' OAuth parameters, unmasked: the pinned ones plus its signature. */
function wcKeysOAuth(sign, method) {
  return { ...protocolParams(REQUEST, method), oauth_signature: sign(wcKeysOptions(method)).signature };
}

/**
 * @param {object} libs
 * @param {{ sign: Function, keyHash?: Function, maskKey?: Function, explainSignature?: Function }} libs.wcKeys
 * @param {{ WooCommerceRestApi: Function, OAuth: Function }} libs.official  the library and the oauth-1.0a class it uses
 * @param {{ OAuth: Function, hmacSHA256: Function, Base64: { stringify: Function } }} libs.cryptoJs
 * @param {SubtleCrypto} libs.subtle
 * @param {{ Signer: Function }} [libs.wcKeysSigner]  the package's `wc-keys/signer` entry
 * @param {Function} [libs.createHmac]  Node only
 * @param {object} [libs.probe]  bench/probe, initialised, or undefined when it could not be built
 */
export async function buildCases(libs) {
  const { wcKeys, official, cryptoJs, subtle, createHmac, probe } = libs;
  const cases = [];
  const checks = [];
  const add = (c) => cases.push(c);

  // --- wc-keys, as shipped -------------------------------------------------------------------
  const sign = wcKeys.sign;
  add({
    id: 'wc-keys-sha256',
    label: 'wc-keys sign() (HMAC-SHA256)',
    group: 'signer',
    kind: 'sync',
    run: () => sign(wcKeysOptions('HMAC-SHA256')),
    signature: () => sign(wcKeysOptions('HMAC-SHA256')).signature,
    oauth: () => wcKeysOAuth(sign, 'HMAC-SHA256'),
    params: 'plain',
    hash: 'SHA-256',
  });
  add({
    id: 'wc-keys-sha1',
    label: 'wc-keys sign() (HMAC-SHA1)',
    group: 'signer',
    kind: 'sync',
    run: () => sign(wcKeysOptions('HMAC-SHA1')),
    signature: () => sign(wcKeysOptions('HMAC-SHA1')).signature,
    oauth: () => wcKeysOAuth(sign, 'HMAC-SHA1'),
    params: 'plain',
    hash: 'SHA-1',
  });

  // --- wc-keys' fast path: a Signer holding the key, strings in, the header out ---------------
  // What a client that signs every call does (the package's own client included): the key pair
  // is checked and the HMAC key absorbed once, outside the timed loop, as WebCrypto's imported
  // key is. Nonce and timestamp are pinned as for every other signer. The same case for the main
  // entry's Signer and for wc-keys/signer's, over the small signing module.
  const stamp = { nonce: REQUEST.nonce, timestamp: REQUEST.timestamp };
  const signatureOf = (h) => decodeURIComponent(/oauth_signature="([^"]*)"/.exec(h)[1]);
  const authorizationCase = (Signer, id, label, method, hash) => {
    const signer = new Signer({ consumerKey: REQUEST.consumerKey, consumerSecret: REQUEST.consumerSecret, signatureMethod: method });
    const header = () => signer.authorization(REQUEST.method, REQUEST.url, stamp);
    add({
      id,
      label: `${label} Signer.authorization (${method})`,
      group: 'signer',
      kind: 'sync',
      run: header,
      signature: () => signatureOf(header()),
      oauth: () => ({ ...protocolParams(REQUEST, method), oauth_signature: signatureOf(header()) }),
      params: 'plain',
      hash,
    });
  };
  if (typeof wcKeys.Signer === 'function') {
    for (const [method, hash, suffix] of [['HMAC-SHA256', 'SHA-256', 'sha256'], ['HMAC-SHA1', 'SHA-1', 'sha1']]) {
      authorizationCase(wcKeys.Signer, `wc-keys-authorization-${suffix}`, 'wc-keys', method, hash);
    }
  }
  if (libs.wcKeysSigner) {
    authorizationCase(libs.wcKeysSigner.Signer, 'wc-keys-signer-entry-sha256', 'wc-keys/signer', 'HMAC-SHA256', 'SHA-256');
  }

  // --- the official library's own signing path ----------------------------------------------
  // What `api.get('products', params)` does before handing over to axios on an http:// store:
  // `_getUrl` (sorts and re-encodes the query), then a new OAuth (HMAC-SHA256 via create-hmac)
  // and `authorize`.
  {
    const { OAuth } = official;
    // Published as CommonJS compiled by Babel: depending on the loader the class is the export
    // itself or its `default`.
    const Api = typeof official.WooCommerceRestApi === 'function' ? official.WooCommerceRestApi : official.WooCommerceRestApi.default;
    pinNonceAndClock(OAuth);
    const api = new Api({
      url: OFFICIAL_REQUEST.storeUrl,
      consumerKey: REQUEST.consumerKey,
      consumerSecret: REQUEST.consumerSecret,
      version: OFFICIAL_REQUEST.version,
    });
    if (typeof api._getUrl !== 'function' || typeof api._getOAuth !== 'function') {
      throw new Error('@woocommerce/woocommerce-rest-api no longer has _getUrl/_getOAuth: update bench/lib/cases.mjs');
    }
    const run = () =>
      api._getOAuth().authorize({
        url: api._getUrl(OFFICIAL_REQUEST.endpoint, OFFICIAL_REQUEST.params),
        method: OFFICIAL_REQUEST.method,
      });
    add({
      id: 'official',
      label: '@woocommerce/woocommerce-rest-api (its signing path)',
      group: 'signer',
      kind: 'sync',
      run,
      signature: () => run().oauth_signature,
      oauth: run,
      params: 'versioned',
      hash: 'SHA-256',
    });
  }

  // --- oauth-1.0a + crypto-js, configured as the official library configures oauth-1.0a --------
  {
    const { OAuth, hmacSHA256, Base64 } = cryptoJs;
    pinNonceAndClock(OAuth);
    const oauth = new OAuth({
      consumer: { key: REQUEST.consumerKey, secret: REQUEST.consumerSecret },
      signature_method: 'HMAC-SHA256',
      hash_function: (base, key) => Base64.stringify(hmacSHA256(base, key)),
    });
    const request = { url: REQUEST.url, method: REQUEST.method };
    add({
      id: 'crypto-js',
      label: 'oauth-1.0a + crypto-js (HMAC-SHA256)',
      group: 'signer',
      kind: 'sync',
      run: () => oauth.toHeader(oauth.authorize(request)).Authorization,
      signature: () => oauth.authorize(request).oauth_signature,
      oauth: () => oauth.authorize(request),
      params: 'versioned',
      hash: 'SHA-256',
    });
  }

  // --- WebCrypto, key imported once --------------------------------------------------------
  const importKey = (hash) =>
    subtle.importKey('raw', encoder.encode(SIGNING_KEY), { name: 'HMAC', hash }, false, ['sign']);
  const webCryptoSigner = (key, method, withVersion) => async () => {
    const params = protocolParams(REQUEST, method, withVersion);
    const base = baseString(REQUEST.method, REQUEST.url, params);
    const signature = base64(await subtle.sign('HMAC', key, encoder.encode(base)));
    return { signature, header: authorizationHeader(params, signature), params };
  };
  {
    const sha256 = await importKey('SHA-256');
    const signer = webCryptoSigner(sha256, 'HMAC-SHA256', false);
    add({
      id: 'webcrypto',
      label: 'WebCrypto HMAC-SHA256 (key cached) + minimal RFC 5849',
      group: 'signer',
      kind: 'async',
      run: async () => (await signer()).header,
      signature: async () => (await signer()).signature,
      oauth: async () => {
        const { params, signature } = await signer();
        return { ...params, oauth_signature: signature };
      },
      params: 'plain',
      hash: 'SHA-256',
    });
    // Untimed references: SHA-1 for wc-keys' SHA-1, and the oauth-1.0a parameter set.
    const sha1 = webCryptoSigner(await importKey('SHA-1'), 'HMAC-SHA1', false);
    const versioned = webCryptoSigner(sha256, 'HMAC-SHA256', true);
    checks.push({ params: 'plain', hash: 'SHA-1', reference: (await sha1()).signature });
    checks.push({ params: 'versioned', hash: 'SHA-256', reference: (await versioned()).signature });
    checks.push({ params: 'plain', hash: 'SHA-256', reference: (await signer()).signature });
  }

  // --- Node's crypto.createHmac: the near-native reference -----------------------------------
  if (createHmac) {
    const run = () => {
      const params = protocolParams(REQUEST, 'HMAC-SHA256');
      const base = baseString(REQUEST.method, REQUEST.url, params);
      const signature = createHmac('sha256', SIGNING_KEY).update(base).digest('base64');
      return { signature, header: authorizationHeader(params, signature), params };
    };
    add({
      id: 'createhmac',
      label: 'Node crypto.createHmac + minimal RFC 5849',
      group: 'signer',
      kind: 'sync',
      run: () => run().header,
      signature: () => run().signature,
      oauth: () => {
        const { params, signature } = run();
        return { ...params, oauth_signature: signature };
      },
      params: 'plain',
      hash: 'SHA-256',
    });
  }

  // --- where wc-keys' time goes --------------------------------------------------------------
  add({
    id: 'js-base-string',
    label: 'minimal RFC 5849 base string + header in JS (no HMAC)',
    group: 'breakdown',
    kind: 'sync',
    run: () => {
      const params = protocolParams(REQUEST, 'HMAC-SHA256');
      return authorizationHeader(params, baseString(REQUEST.method, REQUEST.url, params));
    },
  });
  if (typeof wcKeys.keyHash === 'function') {
    add({
      id: 'wc-keys-keyhash',
      label: 'wc-keys keyHash(key): string in, one HMAC-SHA256, hex out',
      group: 'breakdown',
      kind: 'sync',
      run: () => wcKeys.keyHash(REQUEST.consumerKey),
    });
  }
  if (typeof wcKeys.maskKey === 'function') {
    add({
      id: 'wc-keys-maskkey',
      label: 'wc-keys maskKey(key): string in, string out (boundary floor)',
      group: 'breakdown',
      kind: 'sync',
      run: () => wcKeys.maskKey(REQUEST.consumerKey),
    });
  }
  if (probe) addProbeCases(probe, add, checks);

  await crossCheck(cases, checks, wcKeys);
  return { cases, checks };
}

/** bench/probe: the stages of `sign()` one by one, in a module built like the package. */
function addProbeCases(probe, add, checks) {
  const options = wcKeysOptions('HMAC-SHA256');
  const prepared = probe.prepare(JSON.stringify(options));
  checks.push({ params: 'plain', hash: 'SHA-256', reference: prepared, probe: true });
  const stage = (id, label, kind, run) => add({ id: `probe-${id}`, label, group: 'probe', kind, run });
  stage('noop', 'call with the options object, no work', 'sync', () => probe.noop(wcKeysOptions('HMAC-SHA256')));
  stage('read', 'options object → SignInput (unknown-name check + serde-wasm-bindgen)', 'sync', () =>
    probe.readOnly(wcKeysOptions('HMAC-SHA256')),
  );
  stage('deserialize', 'options object → SignInput (serde-wasm-bindgen only)', 'sync', () =>
    probe.deserializeOnly(wcKeysOptions('HMAC-SHA256')),
  );
  stage('core', 'core signing alone, looped inside wasm (no boundary)', 'loop', (n) => probe.coreLoop(n));
  stage('write', 'Signed → result object (serde-wasm-bindgen)', 'sync', () => probe.writeOnly());
  if (typeof probe.writeLean === 'function') {
    stage('write-lean', 'Signed → result object without baseString and oauthParams (serde-wasm-bindgen)', 'sync', () =>
      probe.writeLean(),
    );
    stage('write-direct', 'Signed → result object, field by field with Reflect.set (no serde)', 'sync', () =>
      probe.writeDirect(),
    );
    stage('read-getters', 'options object → SignInput, typed getters (no serde, no name check)', 'sync', () =>
      probe.readGetters(wcKeysOptions('HMAC-SHA256')),
    );
    stage('write-via-js', 'Signed → result object, built by one JS function from strings (no serde)', 'sync', () =>
      probe.writeViaJs(),
    );
    stage('read-direct', 'options object → SignInput, field by field with Reflect.get (no serde, no name check)', 'sync', () =>
      probe.readDirect(wcKeysOptions('HMAC-SHA256')),
    );
  }
  stage('signature-only', 'options object in, core, signature string out', 'sync', () =>
    probe.signSignatureOnly(wcKeysOptions('HMAC-SHA256')),
  );
  stage('positional', 'seven plain arguments in, core, signature string out', 'sync', () =>
    probe.signPositional(
      REQUEST.method,
      REQUEST.url,
      REQUEST.consumerKey,
      REQUEST.consumerSecret,
      'HMAC-SHA256',
      REQUEST.timestamp,
      REQUEST.nonce,
    ),
  );
  if (typeof probe.sign === 'function') {
    stage('sign', "the package's own sign() export, as linked into the probe", 'sync', () =>
      probe.sign(wcKeysOptions('HMAC-SHA256')),
    );
  }
}

/**
 * Every signer's signature must equal the reference of its parameter set (with or without
 * `oauth_version`, which oauth-1.0a always adds) and hash; and, where the package has
 * `explainSignature`, WooCommerce's own recomputation (as wc-keys implements it) must accept
 * each signer's OAuth parameters, sent in the query as the official library sends them.
 */
async function crossCheck(cases, checks, wcKeys) {
  const reference = (params, hash) =>
    checks.find((c) => c.params === params && c.hash === hash && !c.probe)?.reference;
  for (const c of cases.filter((x) => x.group === 'signer')) {
    const got = await c.signature();
    const want = reference(c.params, c.hash);
    c.check = { signature: got, reference: want, equal: got === want };
    if (got !== want) {
      throw new Error(`${c.label}: signature ${got} differs from the reference ${want} (${c.params}, ${c.hash})`);
    }
    if (typeof wcKeys.explainSignature === 'function') {
      const url = urlWithOAuth(await c.oauth());
      try {
        const verdict = wcKeys.explainSignature({
          method: REQUEST.method,
          url,
          consumerSecret: REQUEST.consumerSecret,
        });
        c.check.wooCommerceAccepts = verdict.matches === true;
      } catch (error) {
        c.check.wooCommerceAccepts = null;
        c.check.note = `explainSignature threw: ${error.code ?? error.message}`;
      }
      if (c.check.wooCommerceAccepts === false) {
        throw new Error(`${c.label}: wc-keys' explainSignature says WooCommerce would reject ${url}`);
      }
    }
  }
  for (const c of checks.filter((x) => x.probe)) {
    if (c.reference !== reference('plain', 'SHA-256')) {
      throw new Error(`bench/probe signs ${c.reference}, the package ${reference('plain', 'SHA-256')}`);
    }
  }
}

/** What `results.json` keeps of a case (functions dropped). */
export function describeCase(c) {
  return { id: c.id, label: c.label, group: c.group, kind: c.kind, check: c.check };
}
