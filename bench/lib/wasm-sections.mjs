// Reads a WebAssembly binary's layout: section sizes, the size of every function body, and the
// function names of the `name` custom section (present in builds made with `wasm-opt -g`).

const SECTION_NAMES = [
  'custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start',
  'element', 'code', 'data', 'data count', 'tag',
];

function reader(bytes) {
  let pos = 0;
  const r = {
    get pos() { return pos; },
    set pos(p) { pos = p; },
    byte() { return bytes[pos++]; },
    u32() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[pos++];
        result += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0) return result;
        shift += 7;
      }
    },
    name() {
      const len = r.u32();
      const text = new TextDecoder().decode(bytes.subarray(pos, pos + len));
      pos += len;
      return text;
    },
  };
  return r;
}

/**
 * @param {Uint8Array} bytes
 * @returns {{ sections: { id: number, kind: string, name?: string, size: number }[],
 *   importedFunctions: number, bodies: number[], names: Map<number, string>, dataSegments: number[] }}
 */
export function readWasm(bytes) {
  const r = reader(bytes);
  r.pos = 8; // magic + version
  const sections = [];
  let importedFunctions = 0;
  const bodies = [];
  const dataSegments = [];
  const names = new Map();
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    const section = { id, kind: SECTION_NAMES[id] ?? `unknown ${id}`, size: end - start + 1 + lebLength(size) };
    if (id === 0) {
      section.name = r.name();
      if (section.name === 'name') readNames(r, end, names);
    } else if (id === 2) {
      const count = r.u32();
      for (let i = 0; i < count; i += 1) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) {
          r.u32();
          importedFunctions += 1;
        } else {
          // Tables, memories, globals and tags have types we do not need: skip to the next import
          // by parsing just enough of each.
          skipImportType(r, kind);
        }
      }
    } else if (id === 10) {
      const count = r.u32();
      for (let i = 0; i < count; i += 1) {
        const before = r.pos;
        const len = r.u32();
        r.pos += len;
        bodies.push(r.pos - before);
      }
    } else if (id === 11) {
      const count = r.u32();
      for (let i = 0; i < count; i += 1) {
        const before = r.pos;
        const flags = r.u32();
        if (flags === 2) r.u32();
        if (flags === 0 || flags === 2) skipConstExpr(r);
        const len = r.u32();
        r.pos += len;
        dataSegments.push(r.pos - before);
      }
    }
    sections.push(section);
    r.pos = end;
  }
  return { sections, importedFunctions, bodies, names, dataSegments };
}

function lebLength(n) {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len += 1;
  }
  return len;
}

function readNames(r, end, names) {
  while (r.pos < end) {
    const sub = r.byte();
    const size = r.u32();
    const next = r.pos + size;
    if (sub === 1) {
      const count = r.u32();
      for (let i = 0; i < count; i += 1) {
        const index = r.u32();
        names.set(index, r.name());
      }
    }
    r.pos = next;
  }
}

function skipLimits(r) {
  const flags = r.byte();
  r.u32();
  if (flags & 1) r.u32();
}

function skipImportType(r, kind) {
  if (kind === 1) {
    r.byte();
    skipLimits(r);
  } else if (kind === 2) {
    skipLimits(r);
  } else if (kind === 3) {
    r.byte();
    r.byte();
  } else if (kind === 4) {
    r.byte();
    r.u32();
  }
}

function skipConstExpr(r) {
  // i32.const N end (the only form the Rust toolchain writes for data offsets).
  for (;;) {
    const op = r.byte();
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x42 || op === 0x23) r.u32();
  }
}
