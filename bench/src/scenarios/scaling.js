import { CircuitBreaker, CountWindow, TimeWindow } from '@fluxgate/core';
import { check, fmt, row, withRatios } from '../figures.js';
import { syncWork } from '../fixtures.js';
import { measure } from '../harness.js';

const WINDOWS = [
  { name: 'CountWindow(10)', family: 'CountWindow', make: () => new CountWindow(10) },
  { name: 'CountWindow(1,000)', family: 'CountWindow', make: () => new CountWindow(1_000) },
  { name: 'CountWindow(100,000)', family: 'CountWindow', make: () => new CountWindow(100_000) },
  { name: 'TimeWindow(10 s)', family: 'TimeWindow', make: () => new TimeWindow(10_000) },
  { name: 'TimeWindow(1 h)', family: 'TimeWindow', make: () => new TimeWindow(3_600_000) },
];

/** max/min of the median ns/op of the named rows. */
function spread(rows, names) {
  const ns = names.map((name) => row(rows, name).nsPerOp);
  return Math.max(...ns) / Math.min(...ns);
}

/** Scenario 5: the per-call cost must not grow with the size of the window. */
export default {
  id: 'scaling',
  title: '5. Scaling with the window size (sync call)',
  unit: 'ns/op',
  description:
    'The sync breaker (so the window is a large share of the cost) with each window, ' +
    'otherwise default config, after the window has filled. Recording is O(1), so the cost ' +
    'must be flat within each window type. A TimeWindow reads the clock once per call to ' +
    'bucket it, which a CountWindow without latency rules does not, so the two types are ' +
    'compared each with itself.',
  async run(config, gc) {
    const fn = syncWork;
    const contenders = [
      {
        name: 'bare fn() in try/catch',
        role: 'baseline',
        body: 'try { r = fn(); } catch (e) { r = e; }',
        scope: { fn },
      },
      ...WINDOWS.map((w) => ({
        name: w.name,
        body: 'r = breaker.call(fn);',
        scope: { fn, breaker: new CircuitBreaker({ window: w.make() }) },
      })),
    ].map((c) => ({ kind: 'sync', ...c }));
    const rows = withRatios(await measure(contenders, config, gc), 'bare fn() in try/catch');
    const checks = ['CountWindow', 'TimeWindow'].map((family) => {
      const names = WINDOWS.filter((w) => w.family === family).map((w) => w.name);
      const ratio = spread(rows, names);
      return check(
        `${family}: slowest/fastest size <= 1.2`,
        `${fmt(ratio, 2)}`,
        ratio <= 1.2,
        ratio,
        1.2,
      );
    });
    return { rows, checks };
  },
};
