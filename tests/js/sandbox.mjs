// Starts the sandbox store (sandbox/, binary wc-sandbox) for a test, with the switches it needs.
// `cargo xtask test` builds the binary and sets WC_SANDBOX_BIN, WC_SANDBOX_CA_KEY (every sandbox
// chains to that one CA) and NODE_EXTRA_CA_CERTS (so Node's fetch trusts it over HTTPS).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BIN = process.env.WC_SANDBOX_BIN ?? join(root, 'target/debug/wc-sandbox');
const CA_KEY = process.env.WC_SANDBOX_CA_KEY ?? join(root, 'target/sandbox/test-ca-key.pem');

/**
 * @param {{ https?: boolean, plainPermalinks?: boolean, subdir?: string, homeHost?: string,
 *   stripAuthorization?: boolean, clockSkew?: number, redirectHttps?: boolean,
 *   seedKeys?: 'fixed' | 'random', log?: boolean }} options
 * @returns {Promise<{ httpUrl: string, httpsUrl: string | null, homeUrl: string, restUrl: string,
 *   keys: Record<'read' | 'write' | 'read_write', { consumerKey: string, consumerSecret: string }>,
 *   admin: { user: string, password: string }, spki: string | null, caFile: string,
 *   state: () => Promise<any>, stop: () => Promise<void> }>}
 */
export async function startSandbox(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wc-sandbox-'));
  const stateFile = join(dir, 'state.json');
  const caFile = join(dir, 'ca.pem');
  const args = ['--port', '0', '--state-out', stateFile, '--seed-keys', options.seedKeys ?? 'random', '--ca-key', CA_KEY, '--ca-out', caFile];
  if (options.https === false) args.push('--no-https');
  else args.push('--https-port', '0');
  if (!options.log) args.push('--quiet');
  if (options.plainPermalinks) args.push('--plain-permalinks');
  if (options.subdir) args.push('--subdir', options.subdir);
  if (options.homeHost) args.push('--home-host', options.homeHost);
  if (options.stripAuthorization) args.push('--strip-authorization');
  if (options.clockSkew) args.push('--clock-skew', String(options.clockSkew));
  if (options.redirectHttps) args.push('--redirect-https');
  const child = spawn(BIN, args, { stdio: ['ignore', options.log ? 'inherit' : 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let state;
  for (let waited = 0; ; waited += 50) {
    try {
      const text = readFileSync(stateFile, 'utf8');
      if (text.endsWith('}')) {
        state = JSON.parse(text);
        break;
      }
    } catch {
      // Not written yet.
    }
    if (child.exitCode !== null) throw new Error(`wc-sandbox exited (${child.exitCode}) before listening`);
    if (waited > 20_000) throw new Error('wc-sandbox did not start within 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const keys = {};
  for (const seed of state.seed_keys) {
    keys[seed.permissions] = { consumerKey: seed.consumer_key, consumerSecret: seed.consumer_secret };
  }
  return {
    httpUrl: state.http_url,
    httpsUrl: state.https_url ?? null,
    homeUrl: state.home_url,
    restUrl: state.rest_url,
    keys,
    admin: state.admin,
    spki: state.spki_sha256 ?? null,
    caFile,
    state: async () => (await fetch(`${state.http_url}/__sandbox/state`)).json(),
    stop: async () => {
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
