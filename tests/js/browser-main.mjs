// In the page: load the package by name (import map), run the suite, report to the runner.
import * as wc from 'wc-keys';
import { defineSuite } from './suite.mjs';

const tests = [];
defineSuite((name, fn) => tests.push({ name, fn }), wc, await (await fetch('/tests/vectors/woocommerce-server.json')).json());

const results = [];
for (const { name, fn } of tests) {
  try {
    await fn();
    results.push({ name, ok: true });
  } catch (error) {
    results.push({ name, ok: false, error: `${error?.name}: ${error?.message}\n${error?.stack ?? ''}` });
  }
}
window.__results = results;
