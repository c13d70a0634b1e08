// The PHP verifier and the sandbox store held to one set of answers: every case of the
// signed-request corpus (sandbox/tests/corpus/signed-requests.json, written and replayed against
// the sandbox by sandbox/tests/corpus.rs) is judged by the PHP verifier (tests/php/corpus.php,
// which calls woo-oauth.php), and its outcome must be the case's `expect`, the same answer
// `cargo test -p wc-sandbox --test corpus` requires of the sandbox.
//
//   cd tests/js && node --test --test-reporter=spec corpus-agreement.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS_PATH = join(ROOT, 'sandbox/tests/corpus/signed-requests.json');
const SCRIPT = join(ROOT, 'tests/php/corpus.php');

const CORPUS = JSON.parse(readFileSync(CORPUS_PATH, 'utf8'));
const VECTORS = JSON.parse(readFileSync(join(ROOT, 'tests/vectors/woocommerce-server.json'), 'utf8')).vectors;
const VECTOR_PREFIX = 'woocommerce-vector/';

/** Runs tests/php/corpus.php over a corpus file; returns its JSON lines. */
async function judge(corpusPath) {
  const child = spawn('php', ['-d', 'display_errors=stderr', SCRIPT, corpusPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const [code] = await once(child, 'close');
  assert.equal(code, 0, `corpus.php exited with ${code}:\n${err}`);
  assert.equal(err, '', 'corpus.php wrote nothing on stderr (no PHP warning or notice)');
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

/** The part of a PHP verdict a case's `expect` holds. */
function outcomeOf(line) {
  if (line.outcome === 'authenticated') return { outcome: 'authenticated' };
  if (line.outcome === 'rejected') {
    return { outcome: 'rejected', status: line.status, code: line.code, message: line.message };
  }
  return { outcome: line.outcome, message: line.message };
}

/** Key order does not matter between the corpus file and PHP's answer. */
function sameOutcome(a, b) {
  const keys = (o) => Object.keys(o).sort();
  return JSON.stringify(keys(a)) === JSON.stringify(keys(b)) && keys(a).every((k) => a[k] === b[k]);
}

test('the corpus holds what both verifiers must agree on', () => {
  const names = CORPUS.cases.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, 'case names are unique');
  const vectorCases = CORPUS.cases.filter((c) => c.name.startsWith(VECTOR_PREFIX));
  assert.deepEqual(
    vectorCases.map((c) => c.name),
    VECTORS.map((v) => VECTOR_PREFIX + v.name),
    "every request of tests/vectors/woocommerce-server.json is a case, in the vectors' order",
  );
  const variations = CORPUS.cases.length - vectorCases.length;
  assert.ok(variations >= 15, `${variations} variations`);
  const outcomes = new Set(CORPUS.cases.map((c) => c.expect.outcome));
  assert.deepEqual([...outcomes].sort(), ['authenticated', 'rejected'], 'accepted and rejected cases alike');
  // The falsy-parent quirk of join_with_equals_sign(): a nested array under top-level key 0.
  assert.ok(
    CORPUS.cases.some((c) => /[?&]0\[/.test(c.target) && c.expect.outcome === 'authenticated'),
    'a case has a nested array under the top-level key 0',
  );
});

test('the PHP verifier gives every corpus case the outcome the corpus expects', async (t) => {
  const lines = await judge(CORPUS_PATH);
  assert.deepEqual(
    lines.map((l) => l.name),
    CORPUS.cases.map((c) => c.name),
    'one answer per case, in file order',
  );
  const disagreements = [];
  let agreeing = 0;
  CORPUS.cases.forEach((c, i) => {
    const got = outcomeOf(lines[i]);
    if (sameOutcome(got, c.expect)) {
      agreeing += 1;
      return;
    }
    const line =
      `${c.name}: the corpus expects ${JSON.stringify(c.expect)}, PHP gives ${JSON.stringify(got)}` +
      (lines[i].baseString ? `\n    PHP's base string: ${lines[i].baseString}` : '');
    disagreements.push(line);
    t.diagnostic(`DISAGREEMENT ${line}`);
  });
  t.diagnostic(`${agreeing} of ${CORPUS.cases.length} cases agree`);
  assert.ok(disagreements.length === 0, `PHP and the corpus disagree on ${disagreements.length} case(s):\n${disagreements.join('\n')}`);
});

test("the PHP verifier's base strings for the 24 WooCommerce vectors are WooCommerce's own", async () => {
  const lines = await judge(CORPUS_PATH);
  const byName = new Map(lines.map((l) => [l.name, l]));
  const wrong = [];
  for (const v of VECTORS) {
    const line = byName.get(VECTOR_PREFIX + v.name);
    if (line?.baseString !== v.baseString) {
      wrong.push(`${v.name}:\n    WooCommerce: ${v.baseString}\n    PHP:         ${line?.baseString}`);
    }
  }
  assert.ok(wrong.length === 0, `base strings differ from WooCommerce's:\n${wrong.join('\n')}`);
});

test("the cases are judged by the corpus's clock, not the machine's", async () => {
  // An hour later, every timestamp in the corpus is out of the 15-minute window: each case the
  // corpus accepts must now fail on its timestamp, which it reaches only after its signature.
  const dir = mkdtempSync(join(tmpdir(), 'wc-corpus-'));
  try {
    const later = join(dir, 'later.json');
    writeFileSync(later, JSON.stringify({ ...CORPUS, now: CORPUS.now + 3600 }));
    const lines = await judge(later);
    const accepted = CORPUS.cases.map((c, i) => [c, lines[i]]).filter(([c]) => c.expect.outcome === 'authenticated');
    assert.ok(accepted.length >= 24);
    for (const [c, line] of accepted) {
      assert.deepEqual(
        outcomeOf(line),
        { outcome: 'rejected', status: 401, code: 'woocommerce_rest_authentication_error', message: 'Invalid timestamp.' },
        c.name,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
