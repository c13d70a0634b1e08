// Summarises a V8 CPU profile (.cpuprofile) of bench/profile.mjs. Only samples taken inside
// `signLoop` count. It gives:
// - `split`: time inside the wasm `sign` export, in the JS glue and the call boundary around it,
//   and in the benchmark loop itself;
// - `stages`: the same, grouped by what each frame under the export does;
// - `tree`: the call tree under the wasm `sign` export (merged by name, two levels, pass-through
//   wrappers skipped), so the stages (options in, core, result out, drops) show with their share;
// - `buckets`: self time per crate (wasm frames, named by lib/rust-names.mjs) or JS part;
// - `functions`: the functions with the most self time.
import { cleanName, crateOf } from './rust-names.mjs';

// Frames between the export and its work: wasm-bindgen's wrappers (which wasm-opt may or may
// not have inlined into each other, so the names under the export vary from build to build).
const PASS_THROUGH = /^wasm_bindgen::__rt::maybe_catch_unwind$|^sign( (externref|multivalue) shim)*$/;

function bucketOf(frame) {
  const { functionName: name, url } = frame;
  if (name.startsWith('wasm-to-js:') || name.startsWith('js-to-wasm:')) return 'wasm ⇄ JS call wrappers (V8)';
  if (url.startsWith('wasm://')) return `wasm: ${crateOf(name)}`;
  if (url.endsWith('wc_keys.js')) return 'JS: wasm-bindgen glue (wc_keys.js, with the builtins it calls)';
  if (name === '(garbage collector)') return 'JS: garbage collector';
  if (url.endsWith('profile.mjs') || url.endsWith('request.mjs')) return 'JS: benchmark loop + options literal';
  return null;
}

// The stage a frame right under the export belongs to. Names vary with inlining, so these are
// patterns, and anything unmatched is shown as "other" (the tree lists the frames themselves).
const STAGES = [
  ['core signing (wc_keys::oauth::sign and the rest of the core)', /^wc_keys::(?!wasm::)|^<wc_keys::(?!wasm::)/],
  ['field-name strings (static_str_to_js, used both ways)', /static_str_to_js/],
  ['result object out (serde-wasm-bindgen Serializer, obj[key] = value)', /serde_wasm_bindgen::ser|serde_core::ser::|ObjectExt::set|convert::to_js|__wbg_set/],
  ['options object in (serde-wasm-bindgen Deserializer, obj[key] reads)', /serde_wasm_bindgen::de|serde_core::de::|Deserialize|from_js|get_with_ref_key|__wbindgen_(in|is_undefined|is_string|number_get|is_object)$/],
  ['unknown-option check (Object.keys, names read into Rust strings)', /call_mut|string_get|ArrayIter|slice_contains|Object::keys|is_array|isArray|try_iter|Array.*length/],
  ['dropping values and the allocator (drop_in_place, malloc, free)', /drop_in_place|ops::drop::Drop|deallocate|dlmalloc|talc::|__rdl_dealloc/],
  ['reading the clock (Date.now, although the timestamp is given)', /::now$/],
];

const isWasm = (frame) => frame.url.startsWith('wasm://') && !frame.functionName.startsWith('js-to-wasm');

export function summarizeProfile(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfByFunction = new Map();
  const selfByBucket = new Map();
  const split = { wasmSign: 0, glue: 0, loop: 0 };
  const tree = new Map();
  const stageHits = new Map();
  let total = 0;
  for (const id of profile.samples) {
    const stack = [];
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.push(nodes.get(cur).callFrame);
    const loopAt = stack.findIndex((f) => f.functionName === 'signLoop');
    if (loopAt < 0) continue;
    total += 1;
    const leaf = stack[0];
    const where = leaf.url.startsWith('wasm://') ? 'wasm' : leaf.url.split('/').pop() || 'builtin';
    const fkey = `${cleanName(leaf.functionName || '(anonymous)')}\u0000${where}`;
    selfByFunction.set(fkey, (selfByFunction.get(fkey) ?? 0) + 1);
    let bucket = null;
    for (const frame of stack) {
      bucket = bucketOf(frame);
      if (bucket) break;
    }
    bucket ??= 'JS: other';
    selfByBucket.set(bucket, (selfByBucket.get(bucket) ?? 0) + 1);
    // The outermost wasm frame is the `sign` export (whatever wasm-opt left of its wrappers).
    let signAt = -1;
    for (let i = loopAt - 1; i >= 0; i -= 1) {
      if (isWasm(stack[i])) {
        signAt = i;
        break;
      }
    }
    if (signAt >= 0) {
      split.wasmSign += 1;
      // Path below the export, root first, wrappers skipped.
      const below = stack
        .slice(0, signAt)
        .reverse()
        .map((f) => cleanName(f.functionName))
        .filter((name) => !PASS_THROUGH.test(name));
      const first = below[0] ?? '(the export itself, with what wasm-opt inlined into it)';
      const second = below[1] ?? '(self)';
      const stage = below.length === 0 ? 'the export frame itself (inlined code)' : STAGES.find(([, re]) => re.test(first))?.[0] ?? 'other';
      stageHits.set(stage, (stageHits.get(stage) ?? 0) + 1);
      const entry = tree.get(first) ?? { hits: 0, children: new Map() };
      entry.hits += 1;
      entry.children.set(second, (entry.children.get(second) ?? 0) + 1);
      tree.set(first, entry);
    } else if (stack.slice(0, loopAt).some((f) => f.url.endsWith('wc_keys.js') || f.functionName.startsWith('js-to-wasm'))) {
      split.glue += 1;
    } else {
      split.loop += 1;
    }
  }
  const share = (n) => (total === 0 ? 0 : n / total);
  return {
    samples: total,
    intervalUs: profile.samples.length > 1 ? (profile.endTime - profile.startTime) / profile.samples.length : null,
    split: {
      wasmSign: share(split.wasmSign),
      glue: share(split.glue),
      loop: share(split.loop),
    },
    stages: [...stageHits].map(([name, n]) => ({ name, share: share(n) })).sort((a, b) => b.share - a.share),
    tree: [...tree]
      .map(([name, e]) => ({
        name,
        crate: crateOf(name),
        share: share(e.hits),
        children: [...e.children]
          .map(([child, n]) => ({ name: child, share: share(n) }))
          .filter((c) => c.share >= 0.01 && c.name !== '(self)')
          .sort((a, b) => b.share - a.share)
          .slice(0, 8),
      }))
      .filter((e) => e.share >= 0.003)
      .sort((a, b) => b.share - a.share),
    buckets: [...selfByBucket].map(([name, n]) => ({ name, share: share(n) })).sort((a, b) => b.share - a.share),
    functions: [...selfByFunction]
      .map(([key, n]) => {
        const [name, where] = key.split('\u0000');
        return { name, where, share: share(n) };
      })
      .sort((a, b) => b.share - a.share)
      .slice(0, 25),
  };
}
