import { AsyncCircuitBreaker, CircuitBreaker, CountWindow } from '@fluxgate/core';
import { check, fmt, row } from '../figures.js';
import { asyncWork, cockatielCount, cockatielSampling, opossum, syncWork } from '../fixtures.js';
import { median } from '../harness.js';
import { countTimers } from '../timers.js';

/** Each library's breaker over the last 100 calls, or its nearest equivalent. */
const LIBRARIES = [
  {
    name: 'fluxgate AsyncCircuitBreaker',
    make: () => new AsyncCircuitBreaker({ window: new CountWindow(100) }),
    call: (breaker) => breaker.call(asyncWork),
  },
  {
    name: 'fluxgate CircuitBreaker (sync)',
    make: () => new CircuitBreaker({ window: new CountWindow(100) }),
    call: (breaker) => breaker.call(syncWork),
  },
  {
    name: 'opossum (default options)',
    make: () => opossum(asyncWork),
    call: (breaker) => breaker.fire(),
    dispose: (breaker) => breaker.shutdown(),
  },
  {
    name: 'opossum (timeout: false)',
    make: () => opossum(asyncWork, { timeout: false }),
    call: (breaker) => breaker.fire(),
    dispose: (breaker) => breaker.shutdown(),
  },
  {
    name: 'cockatiel CountBreaker(100)',
    make: () => cockatielCount(100),
    call: (policy) => policy.execute(asyncWork),
  },
  {
    name: 'cockatiel SamplingBreaker',
    make: () => cockatielSampling(),
    call: (policy) => policy.execute(asyncWork),
  },
];

/** Heap plus memory outside it (typed arrays' buffers live there). */
function usage() {
  const { heapUsed, external } = process.memoryUsage();
  return { heapUsed, external };
}

function settle(gc) {
  gc();
  gc();
  return usage();
}

/** Builds `count` breakers, makes `calls` calls through each, and weighs what stays alive. */
async function weigh(library, count, calls, gc) {
  const keep = new Array(count).fill(null);
  const before = settle(gc);
  const timers = countTimers();
  let afterConstruction = 0;
  try {
    for (let i = 0; i < count; i++) keep[i] = library.make();
    afterConstruction = timers.count;
    for (let i = 0; i < count; i++) {
      const breaker = keep[i];
      for (let c = 0; c < calls; c++) await library.call(breaker);
    }
  } finally {
    timers.stop();
  }
  const after = settle(gc);
  const heap = (after.heapUsed - before.heapUsed) / count;
  const external = (after.external - before.external) / count;
  if (library.dispose !== undefined) for (const breaker of keep) library.dispose(breaker);
  keep.fill(null);
  return {
    bytes: heap + external,
    heap,
    external,
    timersAtConstruction: afterConstruction / count,
    timersDuringCalls: (timers.count - afterConstruction) / count,
  };
}

/** Scenario 6: memory and timers per breaker. */
export default {
  id: 'memory',
  title: '6. Memory and timers per breaker',
  unit: 'bytes',
  description:
    'Many breakers over the last 100 calls (fluxgate `CountWindow(100)`, cockatiel ' +
    '`CountBreaker` of size 100; opossum has no count window and keeps its default rolling ' +
    'window), each after 100 calls, weighed with full collections before and after (heap plus ' +
    'external memory, where typed arrays keep their data). Timers are counted by wrapping ' +
    '`setTimeout` and `setInterval` while the breakers are built and called.',
  async run(config, gc) {
    const { breakers, calls, rounds } = config.memory;
    const samples = LIBRARIES.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < LIBRARIES.length; k++) {
        const i = (k + round) % LIBRARIES.length;
        samples[i].push(await weigh(LIBRARIES[i], breakers, calls, gc));
      }
    }
    const rows = LIBRARIES.map((library, i) => {
      const s = samples[i];
      return {
        name: library.name,
        role: 'contender',
        bytesPerBreaker: median(s.map((x) => x.bytes)),
        heapBytesPerBreaker: median(s.map((x) => x.heap)),
        externalBytesPerBreaker: median(s.map((x) => x.external)),
        timersAtConstruction: median(s.map((x) => x.timersAtConstruction)),
        timersDuringCalls: median(s.map((x) => x.timersDuringCalls)),
        breakers,
        callsPerBreaker: calls,
        samples: s,
      };
    });
    const checks = ['fluxgate AsyncCircuitBreaker', 'fluxgate CircuitBreaker (sync)'].flatMap(
      (name) => {
        const r = row(rows, name);
        const timers = r.timersAtConstruction + r.timersDuringCalls;
        return [
          check(
            `${name} <= 1.2 KB per breaker`,
            `${fmt(r.bytesPerBreaker, 0)} bytes`,
            r.bytesPerBreaker <= 1200,
            r.bytesPerBreaker,
            1200,
          ),
          check(
            `${name} creates zero timers`,
            `${fmt(timers, 2)} per breaker`,
            timers === 0,
            timers,
            0,
          ),
        ];
      },
    );
    return { rows, checks };
  },
};
