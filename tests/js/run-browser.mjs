// Runs the package suite in headless Chromium: a page imports `wc-keys` from pkg/ by name
// (import map) and runs tests/js/suite.mjs. Prints one line per test and `browser: N passed, N failed`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The page's import map: wc-keys from pkg/, and fast-check with the pure-rand subpaths it
// imports (read from pure-rand's own exports map), all from tests/js/node_modules.
const modules = '/tests/js/node_modules';
const imports = { 'wc-keys': '/pkg/index.mjs', 'wc-keys/signer': '/pkg/signer-entry.mjs', 'fast-check': `${modules}/fast-check/lib/fast-check.js` };
const pureRand = JSON.parse(readFileSync(join(root, 'tests/js/node_modules/pure-rand/package.json'), 'utf8'));
for (const [subpath, target] of Object.entries(pureRand.exports)) {
  if (typeof target === 'object' && target.import) imports[`pure-rand${subpath.slice(1)}`] = `${modules}/pure-rand/${target.import.slice(2)}`;
}
const generated = mkdtempSync(join(tmpdir(), 'wc-keys-browser-'));
writeFileSync(
  join(generated, 'index.html'),
  readFileSync(join(root, 'tests/js/browser.html'), 'utf8').replace('"IMPORT_MAP"', JSON.stringify({ imports })),
);
const server = await serveStatic({ '/pkg/': `${root}pkg`, '/tests/': `${root}tests`, '/generated/': generated });
const { context, close } = await launch();
let failed = 0;
let passed = 0;
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${server.url}generated/index.html`);
  const results = await page.waitForFunction(() => window.__results, null, { timeout: 60_000 }).then((h) => h.jsonValue());
  for (const r of results) {
    if (r.ok) {
      passed += 1;
      console.log(`ok - ${r.name}`);
    } else {
      failed += 1;
      console.log(`not ok - ${r.name}\n${r.error}`);
    }
  }
  for (const e of errors) {
    failed += 1;
    console.log(`not ok - uncaught page error: ${e}`);
  }
} finally {
  await close();
  await server.close();
  rmSync(generated, { recursive: true, force: true });
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
