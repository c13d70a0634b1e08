// The live key check in Node: checkKeys from pkg/ (imported by name) against the stores of
// keys-e2e-stores.mjs, every scenario of keys-e2e.mjs. Node trusts the sandboxes' HTTPS through
// NODE_EXTRA_CA_CERTS (the shared test CA).
import { test, after } from 'node:test';
import * as wc from 'wc-keys';
import { defineKeyScenarios } from './keys-e2e.mjs';
import { startStores } from './keys-e2e-stores.mjs';

const stores = await startStores();
after(() => stores.stop());
defineKeyScenarios(test, wc, { runtime: 'node', ...stores.env });
