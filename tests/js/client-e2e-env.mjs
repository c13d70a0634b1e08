// The Node side of the REST client's end-to-end tests: the sandbox stores the scenarios talk to
// (one per quirk, each with its own keys and products), a server that never answers, a port
// nobody listens on, and webhook receivers. The same `env` reaches the scenarios in Node
// directly and in Chromium through one exposed function (client-e2e-browser.test.mjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWebhookHandler, toNodeListener } from 'wc-keys';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BIN = process.env.WC_SANDBOX_BIN ?? join(root, 'target/debug/wc-sandbox');
const CA_KEY = process.env.WC_SANDBOX_CA_KEY ?? join(root, 'target/sandbox/test-ca-key.pem');

/**
 * The stores, by name, and their switches (`wc-sandbox --help`). Each scenario writes only to
 * its own store, so the order tests run in does not matter.
 */
export const STORES = {
  crud: [],
  pages: [],
  params: [],
  errors: [],
  plain: ['--plain-permalinks'],
  subdir: ['--subdir', '/shop'],
  strip: ['--strip-authorization'],
  skew: ['--clock-skew', '3600'],
  skewExposed: ['--clock-skew', '-3600', '--expose-headers', 'Date'],
  redirect: ['--redirect-https'],
  home: ['--home-host', 'shop.test:8080'],
  // Its own CA, which neither Node nor the page trusts.
  selfSigned: [],
  limitHttp: ['--rate-limit', '2'],
  limitHttps: ['--rate-limit', '2'],
  hooks: [],
};

/** The stores whose HTTPS certificate chains to a CA of their own, trusted by nobody. */
const UNTRUSTED = new Set(['selfSigned']);

/**
 * One sandbox with `args`: like tests/js/sandbox.mjs's startSandbox, for switches it does not
 * know (`--rate-limit`, `--expose-headers`). Its certificate chains to the tests' shared CA
 * (which NODE_EXTRA_CA_CERTS makes Node trust) unless `ownCa`.
 */
export async function startStore(args = [], { ownCa = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wc-client-e2e-'));
  const stateFile = join(dir, 'state.json');
  const child = spawn(
    BIN,
    ['--port', '0', '--https-port', '0', '--quiet', '--seed-keys', 'random', '--state-out', stateFile, ...(ownCa ? [] : ['--ca-key', CA_KEY]), '--ca-out', join(dir, 'ca.pem'), ...args],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let state;
  for (let waited = 0; state === undefined; waited += 25) {
    try {
      const text = readFileSync(stateFile, 'utf8');
      if (text.endsWith('}')) state = JSON.parse(text);
    } catch {
      // Not written yet.
    }
    if (state !== undefined) break;
    if (child.exitCode !== null) throw new Error(`wc-sandbox ${args.join(' ')} exited (${child.exitCode}) before listening`);
    if (waited > 20_000) throw new Error('wc-sandbox did not start within 20 s');
    await new Promise((r) => setTimeout(r, 25));
  }
  const keys = {};
  for (const seed of state.seed_keys) keys[seed.permissions] = { consumerKey: seed.consumer_key, consumerSecret: seed.consumer_secret };
  return {
    // What the scenarios see (plain data, so it crosses into the page as JSON).
    info: { httpUrl: state.http_url, httpsUrl: state.https_url, homeUrl: state.home_url, keys },
    spki: state.spki_sha256,
    state: async () => (await fetch(`${state.http_url}/__sandbox/state`)).json(),
    stop: async () => {
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP server that accepts connections and never writes a byte. */
async function startSilentServer() {
  const sockets = new Set();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port that was free a moment ago and that nobody listens on. */
async function closedPortUrl() {
  const server = createTcpServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * A webhook receiver on 127.0.0.1: `createWebhookHandler` behind `toNodeListener`, recording
 * each request as it arrived (headers and raw body), what the handler answered, and the events
 * it passed on.
 */
async function startReceiver(secret) {
  const deliveries = [];
  const events = [];
  const handler = createWebhookHandler({ secret, onEvent: (event) => events.push(event) });
  const recording = async (request) => {
    const body = new TextDecoder().decode(await request.clone().arrayBuffer());
    const response = await handler(request);
    deliveries.push({ method: request.method, headers: Object.fromEntries(request.headers), body, status: response.status });
    return response;
  };
  const server = createServer(toNodeListener(recording, { maxBytes: 1024 * 1024 }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/wc-webhook`,
    log: () => ({ deliveries: structuredClone(deliveries), events: structuredClone(events) }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Starts everything. `env` is what the scenarios get: `{ runtime, stores, silentUrl,
 * closedUrl, state(name), startReceiver(secret), receiverLog(id) }`; `call(name, ...args)` runs
 * one of its functions by name (for the page).
 */
export async function createEnv(runtime) {
  const names = Object.keys(STORES);
  const started = await Promise.all(names.map((name) => startStore(STORES[name], { ownCa: UNTRUSTED.has(name) })));
  const byName = Object.fromEntries(names.map((name, i) => [name, started[i]]));
  const silent = await startSilentServer();
  const receivers = [];
  const functions = {
    state: (name) => byName[name].state(),
    startReceiver: async (secret) => {
      const receiver = await startReceiver(secret);
      receivers.push(receiver);
      return { id: receivers.length - 1, url: receiver.url };
    },
    receiverLog: async (id) => receivers[id].log(),
  };
  const env = {
    runtime,
    stores: Object.fromEntries(names.map((name) => [name, byName[name].info])),
    silentUrl: silent.url,
    closedUrl: await closedPortUrl(),
    ...functions,
  };
  return {
    env,
    call: (name, args) => functions[name](...args),
    // The key hashes Chromium is told to accept (not the untrusted stores').
    spkis: names.filter((name) => !UNTRUSTED.has(name)).map((name) => byName[name].spki),
    close: async () => {
      await Promise.all([...started.map((s) => s.stop()), silent.close(), ...receivers.map((r) => r.close())]);
    },
  };
}
