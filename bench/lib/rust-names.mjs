// Which crate a function of the wasm belongs to, from the name the `name` section gives it
// (demangled by the linker: `<serde_wasm_bindgen::de::Deserializer as serde_core::de::Deserializer>::deserialize_any::h…`).

const PRIMITIVES = new Set([
  'str', 'char', 'bool', 'f32', 'f64', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize',
  'i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'T', 'U', 'K', 'V', 'A', 'F', 'I', 'P', 'R', 'S',
]);

/** Drops crate disambiguators (`core[c593…]`) and hashes (`::h0123…`). */
export function cleanName(name) {
  return name.replace(/\[[0-9a-f]{8,}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
}

function firstSegment(path) {
  const stripped = path.replace(/^[<&*\[( ]+|^(mut|const|dyn) /g, '').replace(/^(mut|const|dyn) /, '');
  return stripped.split(/::|[<> ,;\]()]/)[0];
}

/** `<Self as Trait>::f`: [Self path, Trait path], or null for a plain path. */
function splitQualified(name) {
  if (!name.startsWith('<')) return null;
  let depth = 0;
  for (let i = 0; i < name.length; i += 1) {
    const ch = name[i];
    if (ch === '<') depth += 1;
    else if (ch === '>') {
      depth -= 1;
      if (depth === 0) {
        const inner = name.slice(1, i);
        const as = findTopLevelAs(inner);
        return as < 0 ? [inner, ''] : [inner.slice(0, as), inner.slice(as + 4)];
      }
    }
  }
  return null;
}

function findTopLevelAs(text) {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '<') depth += 1;
    else if (text[i] === '>') depth -= 1;
    else if (depth === 0 && text.startsWith(' as ', i)) return i;
  }
  return -1;
}

function coreArea(path) {
  if (/^core::fmt|::fmt::|Formatter|Display|Debug/.test(path)) return 'core::fmt';
  if (/^core::num::(flt2dec|dec2flt|bignum|diy_float)|^core::num::fmt/.test(path)) return 'core::num (float ⇄ text)';
  if (/^core::str/.test(path)) return 'core::str';
  if (/^core::slice::sort/.test(path)) return 'core::slice::sort';
  if (/^core::char/.test(path)) return 'core::char';
  return 'core (other)';
}

function crateOfPath(path) {
  const crate = firstSegment(path);
  if (crate === 'core') return coreArea(path.replace(/^[<&]+/, ''));
  if (crate === 'serde_core' || crate === 'serde') return 'serde';
  if (crate === '__rustc' || crate === 'std') return crate === 'std' ? 'std' : 'alloc';
  return crate;
}

/**
 * @param {string | undefined} rawName
 * @returns {string} a crate name (`serde_wasm_bindgen`), a part of core (`core::fmt`), or a
 *   bucket for what the toolchain generates.
 */
export function crateOf(rawName) {
  if (!rawName) return '(unnamed)';
  const name = cleanName(rawName);
  if (/ (externref|multivalue) shim$/.test(name) || /^[a-zA-Z]+ (externref|multivalue) shim/.test(name)) {
    return 'wc_keys exports (wasm-bindgen shims, bodies inlined)';
  }
  if (/^__wbindgen|^__wbg_|^__externref|^__wbg/.test(name)) return 'wasm_bindgen';
  // An export whose body wasm-bindgen did not need to wrap keeps its JavaScript name.
  if (/^[a-z][A-Za-z0-9]*$/.test(name)) return 'wc_keys exports (wasm-bindgen shims, bodies inlined)';
  if (/^__rust_|^__rdl_|^__rg_/.test(name)) return 'alloc';
  if (/^(memcpy|memset|memmove|memcmp|bcmp|strlen|fmax|fmin|__multi3|__[a-z0-9]+[sdt]f[23i]?)$/.test(name) || name.startsWith('compiler_builtins')) {
    return 'compiler_builtins';
  }
  const qualified = splitQualified(name);
  if (qualified) {
    const [self, trait] = qualified;
    const selfCrate = firstSegment(self);
    const traitCrate = trait ? crateOfPath(trait) : '';
    if (selfCrate === 'wc_keys' && /serde/.test(name)) return 'wc_keys (serde derive)';
    if (PRIMITIVES.has(selfCrate) || selfCrate === '') {
      if (/fmt::(Display|Debug|Write|LowerHex|UpperHex)/.test(trait)) return 'core::fmt';
      return traitCrate || 'core (other)';
    }
    const selfPath = crateOfPath(self);
    if (/^(core|alloc|std)/.test(selfPath) && traitCrate && !/^(core|alloc|std)/.test(traitCrate)) return traitCrate;
    if (/^(core|alloc|std)/.test(selfPath) && /fmt::(Display|Debug|Write)/.test(trait)) return 'core::fmt';
    return selfPath;
  }
  if (/^wc_keys::.*(_::<impl serde|__Visitor|__FieldVisitor|deserialize|serialize)/.test(name)) return 'wc_keys (serde derive)';
  if (/^alloc::fmt|^alloc::.*::format/.test(name)) return 'core::fmt';
  return crateOfPath(name);
}
