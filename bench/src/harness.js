// The timing harness: every contender of a scenario runs in the same process, interleaved within
// each round (so drift of the machine hits them alike), and the figure kept is the median of the
// rounds' ns/op.

/** @typedef {{ name: string, kind: 'sync' | 'async', body: string, scope: Record<string, unknown>, role?: string }} Contender */
/** @typedef {{ rounds: number, batchMs: number, warmupMs: number, gcEachRound: boolean }} TimingConfig */

/**
 * Where every loop leaves a value derived from its results, so the optimiser cannot drop the
 * work it is asked to time.
 */
export const sink = { value: 0 };

const MARKER = Object.freeze({ marker: true });

/**
 * Compiles one loop per contender from source, so each has its own inline caches and feedback:
 * a shared loop closure would see every contender's function at one call site and turn
 * megamorphic, which would tax all of them unevenly.
 * The contender's `body` assigns the value to consume to `r`.
 */
export function compileLoop(contender, index) {
  const names = Object.keys(contender.scope);
  const values = names.map((name) => contender.scope[name]);
  const id = `bench_${index}_${contender.name.replace(/\W+/g, '_')}`;
  const asyncKw = contender.kind === 'async' ? 'async ' : '';
  const source = `return ${asyncKw}function ${id}(n) {
    let acc = 0;
    let r;
    for (let i = 0; i < n; i++) {
      ${contender.body}
      if (r === MARKER) acc++;
    }
    sink.value = (sink.value + acc + (r === undefined ? 0 : 1)) | 0;
  };`;
  return new Function(...names, 'sink', 'MARKER', source)(...values, sink, MARKER);
}

/** Runs `loop(n)` once and returns the elapsed nanoseconds. */
async function timeBatch(loop, kind, n) {
  const start = process.hrtime.bigint();
  if (kind === 'async') await loop(n);
  else loop(n);
  return Number(process.hrtime.bigint() - start);
}

/** Finds the iteration count that makes one batch last about `batchMs`, warming up on the way. */
async function calibrate(loop, kind, batchMs, warmupMs) {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(warmupMs * 1e6));
  let n = 16;
  let elapsed = await timeBatch(loop, kind, n);
  while (elapsed < batchMs * 1e6 || process.hrtime.bigint() < deadline) {
    n = Math.max(16, Math.min(n * 4, Math.ceil((n * batchMs * 1e6) / Math.max(elapsed, 1))));
    elapsed = await timeBatch(loop, kind, n);
    if (elapsed >= batchMs * 1e6 && process.hrtime.bigint() >= deadline) break;
  }
  return Math.max(1, Math.round((n * batchMs * 1e6) / Math.max(elapsed, 1)));
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times every contender: warm-up and calibration, then `rounds` rounds in which each contender
 * runs one batch (the starting contender rotates each round). A full collection before each
 * round (when `gcEachRound` and `gc` is given) keeps one contender's garbage from being
 * collected on another's time. Returns, per contender, the median ns/op and every round's
 * figure.
 *
 * @param {Contender[]} contenders
 * @param {TimingConfig} config
 * @param {(() => void) | undefined} gc
 */
export async function measure(contenders, config, gc) {
  const loops = contenders.map(compileLoop);
  const counts = [];
  for (let i = 0; i < contenders.length; i++) {
    counts.push(await calibrate(loops[i], contenders[i].kind, config.batchMs, config.warmupMs));
  }
  const samples = contenders.map(() => []);
  for (let round = 0; round < config.rounds; round++) {
    if (config.gcEachRound && gc !== undefined) gc();
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + round) % contenders.length;
      const ns = await timeBatch(loops[i], contenders[i].kind, counts[i]);
      samples[i].push(ns / counts[i]);
    }
  }
  return contenders.map((contender, i) => ({
    name: contender.name,
    role: contender.role ?? 'contender',
    nsPerOp: median(samples[i]),
    opsPerBatch: counts[i],
    samples: samples[i],
  }));
}
