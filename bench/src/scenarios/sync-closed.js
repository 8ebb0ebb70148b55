import { CircuitBreaker } from '@fluxgate/core';
import { check, fmt, roundRatio, row, withRatios } from '../figures.js';
import { minimalCountingBreaker, syncWork } from '../fixtures.js';
import { measure } from '../harness.js';

/** Scenario 3: a synchronous call in closed state. */
export default {
  id: 'sync-closed',
  title: '3. Sync call, closed state, default config',
  unit: 'ns/op',
  description:
    'A synchronous function that returns a number, called bare inside try/catch and through ' +
    '`CircuitBreaker.call` and a wrapped function (default config). The function is trivial, ' +
    'so this is the strictest view of the per-call cost.',
  async run(config, gc) {
    const fn = syncWork;
    const breaker = new CircuitBreaker();
    const wrapped = breaker.wrap(fn);
    const contenders = [
      {
        name: 'bare fn() in try/catch',
        role: 'baseline',
        body: 'try { r = fn(); } catch (e) { r = e; }',
        scope: { fn },
      },
      {
        name: 'minimal counting breaker (inline)',
        role: 'reference',
        body: 'r = minimal.call(fn);',
        scope: { fn, minimal: minimalCountingBreaker() },
      },
      { name: 'fluxgate call', body: 'r = breaker.call(fn);', scope: { fn, breaker } },
      { name: 'fluxgate wrap', body: 'r = wrapped();', scope: { wrapped } },
    ].map((c) => ({ kind: 'sync', ...c }));
    const rows = withRatios(await measure(contenders, config, gc), 'bare fn() in try/catch');
    const checks = ['fluxgate call', 'fluxgate wrap'].map((name) => {
      const r = row(rows, name);
      return check(
        `${name} <= 4x bare try/catch call`,
        `${fmt(r.ratio, 2)}x (${fmt(r.nsPerOp)} ns)`,
        r.ratio <= 4,
        r.ratio,
        4,
      );
    });
    const minimal = roundRatio(
      row(rows, 'fluxgate call'),
      row(rows, 'minimal counting breaker (inline)'),
    );
    checks.push(
      check(
        'stretch: fluxgate call <= 3x a minimal counting breaker',
        `${fmt(minimal, 2)}x`,
        minimal <= 3,
        minimal,
        3,
      ),
    );
    return { rows, checks };
  },
};
