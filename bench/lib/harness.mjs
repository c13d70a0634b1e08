// Timing, the same in Node and in the browser: every case is warmed up, given a batch size that
// makes one batch last about `batchMs`, then timed in rounds. Each round runs one batch of every
// case, in an order that rotates from round to round, so that a burst of load from other
// processes hits all cases alike. A case's figure is the median of its batches (µs per op).

/** @typedef {{ id: string, kind: 'sync' | 'async' | 'loop', run: Function }} Case */

let sink;

async function batch(c, n) {
  const t0 = performance.now();
  if (c.kind === 'sync') {
    let last;
    for (let i = 0; i < n; i += 1) last = c.run();
    sink = last;
  } else if (c.kind === 'async') {
    let last;
    for (let i = 0; i < n; i += 1) last = await c.run();
    sink = last;
  } else {
    sink = c.run(n);
  }
  return performance.now() - t0;
}

/** Runs batches of growing size for `warmupMs`, then picks the batch size for `batchMs`. */
async function warmUp(c, warmupMs, batchMs) {
  const start = performance.now();
  let n = 1;
  let perOp = Infinity;
  while (performance.now() - start < warmupMs) {
    const ms = await batch(c, n);
    if (ms > 2) perOp = Math.min(perOp, ms / n);
    if (ms < batchMs / 4) n *= 2;
  }
  if (!Number.isFinite(perOp)) perOp = (performance.now() - start) / n;
  return Math.max(1, Math.round(batchMs / perOp));
}

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median, quartiles and extremes of µs/op samples. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    n: sorted.length,
  };
}

/**
 * @param {Case[]} cases
 * @param {{ warmupMs?: number, batchMs?: number, rounds?: number, log?: (line: string) => void }} options
 * @returns {Promise<Record<string, { usPerOp: number, p25: number, p75: number, min: number, batch: number, samples: number[] }>>}
 */
export async function runCases(cases, { warmupMs = 250, batchMs = 20, rounds = 31, log = () => {} } = {}) {
  const sizes = new Map();
  for (const c of cases) {
    sizes.set(c.id, await warmUp(c, warmupMs, batchMs));
  }
  const samples = new Map(cases.map((c) => [c.id, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < cases.length; i += 1) {
      const c = cases[(i + round) % cases.length];
      const n = sizes.get(c.id);
      const ms = await batch(c, n);
      samples.get(c.id).push((ms * 1000) / n);
    }
    if ((round + 1) % 10 === 0) log(`  round ${round + 1}/${rounds}`);
    // Let the event loop run between rounds (a browser page stays responsive to its driver).
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const results = {};
  for (const c of cases) {
    const s = summarize(samples.get(c.id));
    results[c.id] = {
      usPerOp: s.median,
      p25: s.p25,
      p75: s.p75,
      min: s.min,
      batch: sizes.get(c.id),
      samples: samples.get(c.id).map((x) => Math.round(x * 1000) / 1000),
    };
  }
  return results;
}

export function keepAlive() {
  return sink;
}
