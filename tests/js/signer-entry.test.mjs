// wc-keys/signer against the main entry, in Node (see signer-entry-suite.mjs).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as signing from 'wc-keys/signer';
import * as wc from 'wc-keys';
import { defineSignerEntrySuite } from './signer-entry-suite.mjs';

const data = JSON.parse(readFileSync(new URL('../vectors/woocommerce-server.json', import.meta.url), 'utf8'));
defineSignerEntrySuite(test, signing, wc, data, fc);
