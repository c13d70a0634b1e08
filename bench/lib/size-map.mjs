// Bytes per crate in the shipped wasm, read from a build with the same code and a `name`
// section (`wasm-opt -Oz -g`): every function body is given to the crate its name points at
// (lib/rust-names.mjs); data and the other sections are listed apart.
import { readWasm } from './wasm-sections.mjs';
import { cleanName, crateOf } from './rust-names.mjs';

/**
 * @param {Uint8Array} named  the wasm with names
 * @param {Uint8Array} shipped  the package's wasm, to check the code is the same
 */
export function sizeMap(named, shipped) {
  const map = readWasm(named);
  const ship = readWasm(shipped);
  const codeOf = (w) => w.sections.find((s) => s.kind === 'code')?.size ?? 0;
  const crates = new Map();
  const functions = [];
  map.bodies.forEach((size, i) => {
    const name = map.names.get(i + map.importedFunctions);
    const crate = crateOf(name);
    const entry = crates.get(crate) ?? { crate, bytes: 0, functions: 0, biggest: [] };
    entry.bytes += size;
    entry.functions += 1;
    entry.biggest.push({ name: name ? cleanName(name) : `function ${i}`, bytes: size });
    crates.set(crate, entry);
    functions.push({ name: name ? cleanName(name) : `function ${i}`, crate, bytes: size });
  });
  for (const entry of crates.values()) {
    entry.biggest.sort((a, b) => b.bytes - a.bytes);
    entry.biggest = entry.biggest.slice(0, 3);
  }
  const sections = ship.sections.map((s) => ({ kind: s.name ? `custom:${s.name}` : s.kind, bytes: s.size }));
  functions.sort((a, b) => b.bytes - a.bytes);
  return {
    shippedBytes: shipped.length,
    codeBytes: codeOf(ship),
    sameCode: codeOf(ship) === codeOf(map) && ship.bodies.length === map.bodies.length,
    dataBytes: ship.sections.find((s) => s.kind === 'data')?.size ?? 0,
    sections,
    crates: [...crates.values()].sort((a, b) => b.bytes - a.bytes),
    functions: functions.slice(0, 40),
    namedFunctions: map.names.size,
  };
}
