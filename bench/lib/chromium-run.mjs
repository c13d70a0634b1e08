// The Chromium half of the benchmark: Debian's /usr/bin/chromium through playwright-core (never
// a downloaded browser), pages served from 127.0.0.1 by the tests' static server.
// - speed: one page runs browser-speed.mjs;
// - cold start: for each page, from navigation start (performance.now() = 0) to the first
//   signature, in a fresh browser context per load (empty HTTP and code caches), pages taken in
//   turn, round after round.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../tests/js/chromium.mjs';
import { serveStatic } from '../../tests/js/static-server.mjs';
import { OFFICIAL_REQUEST, REQUEST, wcKeysOptions } from './request.mjs';
import { summarize } from './harness.mjs';

/** The file a browser without a bundler loads for `import 'wc-keys'` (or a subpath such as
 * `./signer`), from pkg/package.json. */
export function browserEntry(pkgDir, subpath = '.') {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const conditions = new Set(['browser', 'import', 'module', 'default']);
  const resolve = (target) => {
    if (typeof target === 'string') return target;
    if (Array.isArray(target)) return target.map(resolve).find(Boolean);
    if (target && typeof target === 'object') {
      for (const [key, value] of Object.entries(target)) {
        if (conditions.has(key)) {
          const found = resolve(value);
          if (found) return found;
        }
      }
    }
    return undefined;
  };
  const exportsField = manifest.exports;
  const root = exportsField && typeof exportsField === 'object' && subpath in exportsField ? exportsField[subpath] : exportsField;
  const entry = resolve(root) ?? manifest.module ?? manifest.main ?? 'index.js';
  return entry.replace(/^\.\//, '');
}

const pinOAuth = `OAuth.prototype.getNonce = () => ${JSON.stringify(REQUEST.nonce)};
OAuth.prototype.getTimeStamp = () => ${REQUEST.timestamp};`;

/**
 * Cold-start pages: each imports its signer, signs once and records the time. The `-preload`
 * variants are the same pages with what README.md recommends for production: the .wasm
 * fetched from the start (`<link rel="preload" as="fetch" crossorigin>`, which the package's
 * own fetch of the same URL then reuses), and without a bundler the package's modules listed as
 * `modulepreload` so that they are fetched at once instead of import by import.
 */
function coldPages(entries, modules) {
  const wasmPreload = (href) => `<link rel="preload" href="${href}" as="fetch" type="application/wasm" crossorigin>`;
  const modulePreload = (files) => files.map((m) => `<link rel="modulepreload" href="/pkg/${m}">`).join('');
  const importMap = `<script type="importmap">${JSON.stringify({ imports: { 'wc-keys': `/pkg/${entries.main}` } })}</script>`;
  const signerMap = `<script type="importmap">${JSON.stringify({ imports: { 'wc-keys/signer': `/pkg/${entries.signer}` } })}</script>`;
  const signerBody = (from) =>
    `import { Signer } from '${from}';\nconst header = new Signer(${JSON.stringify({ consumerKey: REQUEST.consumerKey, consumerSecret: REQUEST.consumerSecret })}).authorization(${JSON.stringify(REQUEST.method)}, ${JSON.stringify(REQUEST.url)}, ${JSON.stringify({ nonce: REQUEST.nonce, timestamp: REQUEST.timestamp })});\n${record('decodeURIComponent(/oauth_signature="([^"]*)"/.exec(header)[1])')}`;
  // `ready`: the module body starts (its imports are loaded and evaluated); `t`: signed.
  const record = (signature) => `const t = performance.now();
const resources = performance.getEntriesByType('resource');
const ends = (re) => Math.max(0, ...resources.filter((r) => re.test(r.name)).map((r) => r.responseEnd));
const wasm = resources.find((r) => /\\.wasm$/.test(r.name));
window.__cold = { t, ready, signature: ${signature}, files: resources.length,
  scriptsEnd: ends(/\\.m?js$/), wasmStart: wasm ? wasm.fetchStart : null, wasmEnd: wasm ? wasm.responseEnd : null };`;
  const page = (title, head, body) => {
    // Static imports first (they are hoisted anyway), then the time the body starts.
    const lines = body.split('\n');
    const imports = lines.filter((l) => l.startsWith('import '));
    const rest = lines.filter((l) => !l.startsWith('import '));
    const script = [...imports, 'const ready = performance.now();', ...rest].join('\n');
    return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}\n<script type="module">\n${script}\n</script></head><body></body></html>\n`;
  };
  const options = JSON.stringify(wcKeysOptions('HMAC-SHA256'));
  return {
    empty: {
      label: 'empty page (floor): one inline module script, no signing',
      html: page('cold: empty', '', record('null')),
    },
    'wc-keys': {
      label: 'wc-keys as shipped, no bundler (import map → pkg/)',
      html: page(
        'cold: wc-keys',
        importMap,
        `import { sign } from 'wc-keys';\nconst signed = sign(${options});\n${record('signed.signature')}`,
      ),
    },
    'wc-keys-preload': {
      label: 'wc-keys as shipped, no bundler, modules and .wasm preloaded',
      html: page(
        'cold: wc-keys preload',
        `${importMap}${modulePreload(modules.main)}${wasmPreload('/pkg/wc_keys_bg.wasm')}`,
        `import { sign } from 'wc-keys';\nconst signed = sign(${options});\n${record('signed.signature')}`,
      ),
    },
    'wc-keys-bundle': {
      label: 'wc-keys, esbuild bundle of `sign` + .wasm',
      html: page(
        'cold: wc-keys bundle',
        '',
        `import { sign } from '/dist/wc-keys/wc-keys.js';\nconst signed = sign(${options});\n${record('signed.signature')}`,
      ),
    },
    'wc-keys-bundle-preload': {
      label: 'wc-keys, esbuild bundle of `sign` + .wasm, .wasm preloaded',
      html: page(
        'cold: wc-keys bundle preload',
        wasmPreload('/dist/wc-keys/wc_keys_bg.wasm'),
        `import { sign } from '/dist/wc-keys/wc-keys.js';\nconst signed = sign(${options});\n${record('signed.signature')}`,
      ),
    },
    'wc-keys-signer-entry': {
      label: 'wc-keys/signer as shipped, no bundler (import map → pkg/)',
      html: page('cold: wc-keys/signer', signerMap, signerBody('wc-keys/signer')),
    },
    'wc-keys-signer-entry-preload': {
      label: 'wc-keys/signer as shipped, no bundler, modules preloaded',
      html: page('cold: wc-keys/signer preload', `${signerMap}${modulePreload(modules.signer)}`, signerBody('wc-keys/signer')),
    },
    'wc-keys-signer-entry-bundle': {
      label: 'wc-keys/signer, esbuild bundle of `Signer` (module inline)',
      html: page('cold: wc-keys/signer bundle', '', signerBody('/dist/wc-keys-signer-entry/wc-keys-signer-entry.js')),
    },
    'wc-keys-signer-entry-fetch-preload': {
      label: "for comparison: wc-keys/signer's module as a .wasm beside the bundle, preloaded (not shipped)",
      html: page(
        'cold: wc-keys/signer module fetched',
        wasmPreload('/dist/wc-keys-signer-entry-fetch/wc_keys_signer_bg.wasm'),
        `import { SignerCore } from '/dist/wc-keys-signer-entry-fetch/wc-keys-signer-entry-fetch.js';\nconst header = new SignerCore(${JSON.stringify({ consumerKey: REQUEST.consumerKey, consumerSecret: REQUEST.consumerSecret })}).authorization(${JSON.stringify(REQUEST.method)}, ${JSON.stringify(REQUEST.url)}, ${JSON.stringify(REQUEST.nonce)}, ${REQUEST.timestamp});\n${record('decodeURIComponent(/oauth_signature="([^"]*)"/.exec(header)[1])')}`,
      ),
    },
    'crypto-js': {
      label: 'oauth-1.0a + crypto-js, esbuild bundle',
      html: page(
        'cold: crypto-js',
        '',
        `import { OAuth, hmacSHA256, Base64 } from '/dist/crypto-js/crypto-js.js';
${pinOAuth}
const oauth = new OAuth({
  consumer: { key: ${JSON.stringify(REQUEST.consumerKey)}, secret: ${JSON.stringify(REQUEST.consumerSecret)} },
  signature_method: 'HMAC-SHA256',
  hash_function: (base, key) => Base64.stringify(hmacSHA256(base, key)),
});
const data = oauth.authorize({ url: ${JSON.stringify(REQUEST.url)}, method: ${JSON.stringify(REQUEST.method)} });
${record('data.oauth_signature')}`,
      ),
    },
    official: {
      label: '@woocommerce/woocommerce-rest-api, esbuild bundle with polyfills',
      html: page(
        'cold: official',
        '',
        `import { WooCommerceRestApi, OAuth } from '/dist/official/official.js';
${pinOAuth}
const Api = typeof WooCommerceRestApi === 'function' ? WooCommerceRestApi : WooCommerceRestApi.default;
const api = new Api({
  url: ${JSON.stringify(OFFICIAL_REQUEST.storeUrl)},
  consumerKey: ${JSON.stringify(REQUEST.consumerKey)},
  consumerSecret: ${JSON.stringify(REQUEST.consumerSecret)},
  version: ${JSON.stringify(OFFICIAL_REQUEST.version)},
});
const data = api._getOAuth().authorize({
  url: api._getUrl(${JSON.stringify(OFFICIAL_REQUEST.endpoint)}, ${JSON.stringify(OFFICIAL_REQUEST.params)}),
  method: ${JSON.stringify(OFFICIAL_REQUEST.method)},
});
${record('data.oauth_signature')}`,
      ),
    },
  };
}

/**
 * @param {{ root: string, pkgDir: string, distDir: string, probeDir?: string, siteDir: string,
 *   modules: { main: string[], signer: string[] }, rounds: number, coldRounds: number, log: (line: string) => void,
 *   expected: { plain: string, versioned: string } }} options
 */
export async function runChromium(options) {
  const { root, pkgDir, distDir, probeDir, siteDir, modules, rounds, coldRounds, log, expected } = options;
  const entry = browserEntry(pkgDir);
  const signerEntry = browserEntry(pkgDir, './signer');
  mkdirSync(siteDir, { recursive: true });
  writeFileSync(
    join(siteDir, 'speed.html'),
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>wc-keys speed</title>
<script type="importmap">${JSON.stringify({ imports: { 'wc-keys': `/pkg/${entry}`, 'wc-keys/signer': `/pkg/${signerEntry}` } })}</script>
<script type="module" src="/bench/browser-speed.mjs"></script></head><body></body></html>\n`,
  );
  const pages = coldPages({ main: entry, signer: signerEntry }, modules);
  for (const [id, p] of Object.entries(pages)) writeFileSync(join(siteDir, `cold-${id}.html`), p.html);

  const mounts = { '/pkg/': pkgDir, '/bench/': join(root, 'bench'), '/dist/': distDir, '/site/': siteDir };
  if (probeDir) mounts['/probe/'] = probeDir;
  const server = await serveStatic(mounts);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const version = browser.version();
    log(`chromium ${version}: speed page`);
    const speed = await speedRun(browser, `${server.url}site/speed.html?rounds=${rounds}&probe=${probeDir ? 1 : 0}`, log);
    log(`chromium: cold start, ${coldRounds} fresh loads of each of ${Object.keys(pages).length} pages`);
    const cold = await coldStart(browser, server.url, pages, coldRounds, expected, log);
    return { version, entry, speed, cold };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function speedRun(browser, url, log) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'log') log(`  [page] ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 60_000, polling: 200 });
    const result = await page.evaluate(() => window.__bench);
    if (errors.length > 0) throw new Error(`speed page: ${errors.join('\n')}`);
    if (result.error) throw new Error(`speed page: ${result.error}`);
    return result;
  } finally {
    await context.close();
  }
}

async function coldStart(browser, baseUrl, pages, rounds, expected, log) {
  const ids = Object.keys(pages);
  const samples = Object.fromEntries(ids.map((id) => [id, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[(i + round) % ids.length];
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(`${baseUrl}site/cold-${id}.html`);
        const handle = await page.waitForFunction(() => window.__cold, null, { timeout: 30_000, polling: 50 });
        const sample = await handle.jsonValue();
        const { signature } = sample;
        if (errors.length > 0) throw new Error(`cold-${id}: ${errors.join('\n')}`);
        const want = id === 'empty' ? null : id.startsWith('wc-keys') ? expected.plain : expected.versioned;
        if (signature !== want) throw new Error(`cold-${id}: signature ${signature}, expected ${want}`);
        samples[id].push(sample);
      } finally {
        await context.close();
      }
    }
    if ((round + 1) % 5 === 0) log(`  cold start round ${round + 1}/${rounds}`);
  }
  const out = {};
  for (const id of ids) {
    const list = samples[id];
    const s = summarize(list.map((x) => x.t));
    const median = (key) => (list.every((x) => x[key] != null) ? summarize(list.map((x) => x[key])).median : null);
    const round = (x) => (x == null ? null : Math.round(x * 10) / 10);
    out[id] = {
      label: pages[id].label,
      ms: s.median,
      p25: s.p25,
      p75: s.p75,
      min: s.min,
      max: s.max,
      loads: s.n,
      readyMs: median('ready'),
      firstSignMs: summarize(list.map((x) => x.t - x.ready)).median,
      scriptsEndMs: median('scriptsEnd'),
      wasmStartMs: median('wasmStart'),
      wasmEndMs: median('wasmEnd'),
      files: list[0]?.files ?? null,
      samples: list.map((x) => ({ t: round(x.t), ready: round(x.ready), scriptsEnd: round(x.scriptsEnd), wasmStart: round(x.wasmStart), wasmEnd: round(x.wasmEnd) })),
    };
  }
  return out;
}
