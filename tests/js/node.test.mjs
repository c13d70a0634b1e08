// Runs the package suite in Node, against pkg/ imported by name.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as wc from 'wc-keys';
import { defineSuite } from './suite.mjs';

const data = JSON.parse(readFileSync(new URL('../vectors/woocommerce-server.json', import.meta.url), 'utf8'));
defineSuite(test, wc, data);
