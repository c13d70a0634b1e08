// In the page: load the package by name (import map), run the suite, report to the runner.
import * as wc from 'wc-keys';
import * as signing from 'wc-keys/signer';
import fc from 'fast-check';
import { defineSuite } from './suite.mjs';
import { defineHostile } from './hostile.mjs';
import { defineSignerEntrySuite } from './signer-entry-suite.mjs';

const tests = [];
const register = (name, fn) => tests.push({ name, fn });
const vectors = await (await fetch('/tests/vectors/woocommerce-server.json')).json();
defineSuite(register, wc, vectors);
defineSignerEntrySuite(register, signing, wc, vectors, fc);
defineHostile(register, wc, fc);

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
