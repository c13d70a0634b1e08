// The REST client end to end in headless Chromium: the same scenarios as client-e2e.test.mjs
// (client-e2e-scenarios.mjs), run in a page on http://127.0.0.1:<port> that imports `wc-keys`
// from pkg/ by name. The sandbox stores and helpers run here in Node (client-e2e-env.mjs); the
// page reaches the stores cross-origin (the sandbox answers CORS as WordPress does).
//
// HTTPS: each store's certificate is trusted by its public key, with Chromium's
// --ignore-certificate-errors-spki-list (the key hashes the stores print), not by ignoring
// certificate errors altogether.
import { after, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, launch } from './chromium.mjs';
import { createEnv } from './client-e2e-env.mjs';
import { serveStatic } from './static-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const harness = await createEnv('browser');
const generated = mkdtempSync(join(tmpdir(), 'wc-client-e2e-page-'));
const { runtime, state, startReceiver, receiverLog, ...data } = harness.env;
// `<` is escaped so that no value can close the script element.
const json = (value) => JSON.stringify(value).replaceAll('<', '\\u003c');
writeFileSync(
  join(generated, 'index.html'),
  `<!doctype html>
<meta charset="utf-8">
<title>wc-keys REST client end to end</title>
<script type="importmap">${json({ imports: { 'wc-keys': '/pkg/index.mjs' } })}</script>
<script type="application/json" id="client-env">${json(data)}</script>
<script type="module" src="/tests/js/client-e2e-page.mjs"></script>
`,
);
const server = await serveStatic({ '/pkg/': join(root, 'pkg'), '/tests/': join(root, 'tests'), '/generated/': generated });
const browser = await launch({ args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${harness.spkis.join(',')}`] });
const page = await browser.context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
await page.exposeFunction('__clientEnvCall', (name, args) => harness.call(name, args));
await page.goto(`${server.url}generated/index.html`);
const names = await page
  .waitForFunction(() => window.__clientTests?.names, null, { timeout: 30_000 })
  .then((handle) => handle.jsonValue())
  .catch((error) => {
    throw new Error(`the page did not load the scenarios: ${pageErrors.join('; ') || error.message}`);
  });

after(async () => {
  await browser.close();
  await server.close();
  await harness.close();
  rmSync(generated, { recursive: true, force: true });
});

test('the page loaded the package and the scenarios', () => {
  if (names.length < 20) throw new Error(`only ${names.length} scenarios in the page`);
});

for (const name of names) {
  test(`chromium: ${name}`, async () => {
    const result = await page.evaluate((n) => window.__clientTests.run(n), name);
    if (!result.ok) throw new Error(result.error);
    if (pageErrors.length > 0) throw new Error(`uncaught in the page: ${pageErrors.splice(0).join('; ')}`);
  });
}
