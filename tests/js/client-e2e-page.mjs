// In the page: load the package by name (import map), define the client scenarios with the env
// the runner wrote into the page, and run one scenario at a time when the runner asks. The env's
// functions call back into Node through `window.__clientEnvCall` (Playwright's exposeFunction).
import * as wc from 'wc-keys';
import { defineClientScenarios } from './client-e2e-scenarios.mjs';

const data = JSON.parse(document.getElementById('client-env').textContent);
const call = (name) => (...args) => window.__clientEnvCall(name, args);
const env = {
  ...data,
  runtime: 'browser',
  state: call('state'),
  startReceiver: call('startReceiver'),
  receiverLog: call('receiverLog'),
};

const tests = new Map();
defineClientScenarios(
  (name, fn) => {
    if (tests.has(name)) throw new Error(`two scenarios named ${name}`);
    tests.set(name, fn);
  },
  wc,
  env,
);

window.__clientTests = {
  names: [...tests.keys()],
  async run(name) {
    try {
      await tests.get(name)();
      return { ok: true };
    } catch (error) {
      return { ok: false, error: `${error?.name}: ${error?.message}\n${error?.stack ?? ''}` };
    }
  },
};
