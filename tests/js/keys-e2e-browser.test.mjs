// The live key check in headless Chromium: the stores start in Node (keys-e2e-stores.mjs), a page
// served from 127.0.0.1 imports `wc-keys` from pkg/ by an import map and registers the scenarios
// of keys-e2e.mjs; each becomes one node:test here, run in the page. The page's origin differs
// from every store's, so each request is a real cross-origin fetch (preflights included).
// HTTPS: Chromium is launched with --ignore-certificate-errors-spki-list=<each sandbox's spki>
// (no ignoreHTTPSErrors, so a certificate other than the sandbox's would still be refused).
import { test, after } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, launch } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';
import { startStores } from './keys-e2e-stores.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stores = await startStores();
const env = { runtime: 'browser', ...stores.env };
const generated = mkdtempSync(join(tmpdir(), 'wc-keys-e2e-'));
writeFileSync(
  join(generated, 'index.html'),
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>checkKeys scenarios</title>
<script type="importmap">${JSON.stringify({ imports: { 'wc-keys': '/pkg/index.mjs' } })}</script>
<script type="module">
import * as wc from 'wc-keys';
import { defineKeyScenarios } from '/tests/js/keys-e2e.mjs';
const scenarios = new Map();
defineKeyScenarios((name, fn) => scenarios.set(name, fn), wc, ${JSON.stringify(env)});
window.__names = [...scenarios.keys()];
window.__run = async (name) => {
  try {
    await scenarios.get(name)();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: String(error?.stack ?? error) };
  }
};
</script></head><body></body></html>`,
);
let server;
let browser;
const cleanUp = async () => {
  await browser?.close();
  await server?.close();
  await stores.stop();
  rmSync(generated, { recursive: true, force: true });
};
let page;
let names;
const pageErrors = [];
try {
  server = await serveStatic({ '/pkg/': `${root}pkg`, '/tests/js/': `${root}tests/js`, '/generated/': generated });
  browser = await launch({ args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${stores.spkis.join(',')}`] });
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${server.url}generated/index.html`);
  names = await page.waitForFunction(() => window.__names, null, { timeout: 20_000 }).then((h) => h.jsonValue());
} catch (error) {
  await cleanUp();
  throw error;
}
after(cleanUp);

for (const name of names) {
  test(name, async () => {
    const result = await page.evaluate((n) => window.__run(n), name);
    if (!result.ok) throw new Error(`in Chromium: ${result.error}`);
  });
}

test('the page had no uncaught errors', () => {
  if (pageErrors.length > 0) throw new Error(pageErrors.join('\n'));
});
