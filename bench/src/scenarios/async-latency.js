import {
  AsyncCircuitBreaker,
  FailureRate,
  FailureStreak,
  HalfOpened,
  MinRequests,
  SlowRate,
} from '@fluxgate/core';
import { check, fmt, row, withRatios } from '../figures.js';
import { asyncWork } from '../fixtures.js';
import { measure, median } from '../harness.js';

/** The default tripper plus a latency rule: 50% of calls slower than 1 s also trips. */
function latencyTripper() {
  return new HalfOpened()
    .and(new FailureStreak(1))
    .or(new MinRequests(100).and(new FailureRate(0.5).or(new SlowRate(0.5, { threshold: 1_000 }))));
}

/** Scenario 2: like scenario 1, but a `SlowRate` rule makes the breaker measure durations. */
export default {
  id: 'async-latency',
  title: '2. Async call, closed state, with a SlowRate rule',
  unit: 'ns/op',
  description:
    'The default tripper plus `SlowRate(0.5, { threshold: 1000 })`, so every call is timed ' +
    '(two clock reads). The reference rows show the bare call with two `performance.now()` ' +
    'reads around it (the target is that plus 30 ns) and one read in a tight sync loop.',
  async run(config, gc) {
    const fn = asyncWork;
    const breaker = new AsyncCircuitBreaker({ tripper: latencyTripper() });
    const wrapped = breaker.wrap(fn);
    const contenders = [
      {
        name: 'bare await fn()',
        role: 'baseline',
        kind: 'async',
        body: 'r = await fn();',
        scope: { fn },
      },
      {
        name: 'bare + two clock reads',
        role: 'reference',
        kind: 'async',
        body: 'const t0 = performance.now(); r = await fn(); r += performance.now() - t0;',
        scope: { fn },
      },
      {
        name: 'one performance.now()',
        role: 'reference',
        kind: 'sync',
        body: 'r = performance.now();',
        scope: {},
      },
      {
        name: 'fluxgate call (SlowRate)',
        kind: 'async',
        body: 'r = await breaker.call(fn);',
        scope: { fn, breaker },
      },
      {
        name: 'fluxgate wrap (SlowRate)',
        kind: 'async',
        body: 'r = await wrapped();',
        scope: { wrapped },
      },
    ];
    const rows = withRatios(await measure(contenders, config, gc), 'bare await fn()');

    // Per round: what the breaker adds beyond the bare call with two clock reads around it
    // (measured in the same async loop, where a read costs more than in a tight sync loop).
    const reference = row(rows, 'bare + two clock reads');
    const checks = ['fluxgate call (SlowRate)', 'fluxgate wrap (SlowRate)'].map((name) => {
      const extra = median(row(rows, name).samples.map((ns, k) => ns - reference.samples[k]));
      return check(
        `${name.replace(' (SlowRate)', '')} <= bare + 2 clock reads + 30 ns`,
        `bare + 2 clock reads (${fmt(reference.nsPerOp)} ns) + ${fmt(extra)} ns`,
        extra <= 30,
        extra,
        30,
      );
    });
    return { rows, checks };
  },
};
