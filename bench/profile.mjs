// Where `sign()` spends its time, in Node: run by `cargo xtask bench` under
// `node --cpu-prof`, against a build of the package's wasm that keeps function names
// (target/bench/named: the same code as pkg/, plus a `name` section).
// Usage: node --cpu-prof … profile.mjs --named DIR --out FILE [--ms N]
//
// It also counts the calls the wasm makes into JavaScript per `sign()` (each import wrapped in a
// counter, in a second, separate instance of the module).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { wcKeysOptions } from './lib/request.mjs';

const { values } = parseArgs({
  options: { named: { type: 'string' }, out: { type: 'string' }, ms: { type: 'string' } },
});
const glueUrl = pathToFileURL(join(values.named, 'wc_keys.js')).href;
const wasmBytes = readFileSync(join(values.named, 'wc_keys_bg.wasm'));

async function countImportCalls(runs) {
  const counts = new Map();
  const Original = WebAssembly.Instance;
  WebAssembly.Instance = function counted(module, imports) {
    const wrapped = {};
    for (const [space, functions] of Object.entries(imports)) {
      wrapped[space] = {};
      for (const [name, f] of Object.entries(functions)) {
        wrapped[space][name] =
          typeof f === 'function'
            ? function (...args) {
                counts.set(name, (counts.get(name) ?? 0) + 1);
                return f.apply(this, args);
              }
            : f;
      }
    }
    return new Original(module, wrapped);
  };
  try {
    const glue = await import(`${glueUrl}?count`);
    glue.initSync({ module: wasmBytes });
    glue.sign(wcKeysOptions('HMAC-SHA256'));
    counts.clear();
    for (let i = 0; i < runs; i += 1) glue.sign(wcKeysOptions('HMAC-SHA256'));
  } finally {
    WebAssembly.Instance = Original;
  }
  const source = readFileSync(join(values.named, 'wc_keys.js'), 'utf8');
  const perSign = [...counts]
    .map(([name, n]) => ({ name, calls: n / runs, does: describeImport(source, name) }))
    .sort((a, b) => b.calls - a.calls);
  return { total: perSign.reduce((sum, x) => sum + x.calls, 0), imports: perSign };
}

/** What an import does, read from its body in the glue (`arg0[arg1] = arg2`). */
function describeImport(source, name) {
  const start = source.indexOf(`${name}: function(`);
  if (start < 0) return '';
  const open = source.indexOf('{', start);
  let depth = 0;
  let end = open;
  for (; end < source.length; end += 1) {
    if (source[end] === '{') depth += 1;
    else if (source[end] === '}' && --depth === 0) break;
  }
  return source
    .slice(open + 1, end)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && line !== 'return ret;')
    .map((line) => line.replace(/^const ret = /, '').replace(/^\/\/ /, ''))
    .join(' ')
    .slice(0, 110);
}

const importCalls = await countImportCalls(200);

const glue = await import(glueUrl);
glue.initSync({ module: wasmBytes });
const sign = glue.sign;

// The profile summary keeps only the samples taken inside this function.
function signLoop(ms) {
  const end = performance.now() + ms;
  let n = 0;
  let last;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i += 1) last = sign(wcKeysOptions('HMAC-SHA256'));
    n += 200;
  }
  return { n, last };
}

signLoop(300);
const ms = Number(values.ms ?? 3000);
const { n, last } = signLoop(ms);
writeFileSync(
  values.out,
  JSON.stringify({ importCalls, loop: { ms, signs: n, usPerOp: (ms * 1000) / n, signature: last.signature } }),
);
