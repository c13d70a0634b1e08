// The REST client end to end in Node: the shared scenarios (client-e2e-scenarios.mjs) against
// sandbox stores, then the compatibility test (client-e2e-compat.mjs): one script run with
// wc-keys' client and with @woocommerce/woocommerce-rest-api, results compared.
import { after, test } from 'node:test';
import * as wc from 'wc-keys';
import { createEnv } from './client-e2e-env.mjs';
import { defineClientScenarios } from './client-e2e-scenarios.mjs';
import { defineCompatibility } from './client-e2e-compat.mjs';

const harness = await createEnv('node');
after(() => harness.close());

defineClientScenarios(test, wc, harness.env);
defineCompatibility(test);
