// Runs the package suite in headless Chromium: a page imports `wc-keys` from pkg/ by name
// (import map) and runs tests/js/suite.mjs. Prints one line per test and `browser: N passed, N failed`.
import { fileURLToPath } from 'node:url';
import { launch } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const server = await serveStatic({ '/pkg/': `${root}pkg`, '/tests/': `${root}tests` });
const { context, close } = await launch();
let failed = 0;
let passed = 0;
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${server.url}tests/js/browser.html`);
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
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
