import { AsyncCircuitBreaker } from '@fluxgate/core';
import { check, fmt, roundRatio, row, withRatios } from '../figures.js';
import {
  asyncWork,
  logListener,
  opossum,
  opossumPrometheus,
  prometheusListener,
} from '../fixtures.js';
import { measure } from '../harness.js';

const TIMEOUT = 10_000;

/** Scenario 8: metrics listeners and the configuration a service runs. */
export default {
  id: 'production',
  title: '8. Metrics and a production breaker',
  unit: 'ns/op',
  description:
    'A call that resolves at once through a breaker with `PrometheusListener` (call metrics on, ' +
    'its default), with a 10 s timeout and `PrometheusListener`, and a "production" breaker ' +
    '(timeout, `PrometheusListener`, `LogListener`), next to opossum with its default timeout ' +
    'alone and with opossum-prometheus. The floor row is the breaker without listeners with the ' +
    'two `performance.now()` readings a call duration needs.',
  async run(config, gc) {
    const fn = asyncWork;
    const plain = new AsyncCircuitBreaker();
    const metrics = new AsyncCircuitBreaker({ listeners: [prometheusListener('metrics')] });
    const timedMetrics = new AsyncCircuitBreaker({
      timeout: TIMEOUT,
      listeners: [prometheusListener('timed')],
    });
    const production = new AsyncCircuitBreaker({
      timeout: TIMEOUT,
      listeners: [prometheusListener('production'), logListener('production')],
    });
    const opossumPlain = opossum(fn);
    const opossumMetered = opossum(fn, { name: 'metered' });
    const exporter = opossumPrometheus(opossumMetered);
    const contenders = [
      { name: 'bare await fn()', role: 'baseline', body: 'r = await fn();', scope: { fn } },
      {
        name: 'fluxgate call (no listeners)',
        role: 'reference',
        body: 'r = await breaker.call(fn);',
        scope: { fn, breaker: plain },
      },
      {
        name: 'fluxgate call + two clock reads (floor)',
        role: 'reference',
        body: 'const t0 = performance.now(); r = await breaker.call(fn); r += performance.now() - t0;',
        scope: { fn, breaker: plain },
      },
      {
        name: 'fluxgate + PrometheusListener',
        body: 'r = await breaker.call(fn);',
        scope: { fn, breaker: metrics },
      },
      {
        name: 'fluxgate timeout + PrometheusListener',
        body: 'r = await breaker.call(fn);',
        scope: { fn, breaker: timedMetrics },
      },
      {
        name: 'fluxgate production (timeout + Prometheus + Log)',
        body: 'r = await breaker.call(fn);',
        scope: { fn, breaker: production },
      },
      {
        name: 'opossum fire (default timeout)',
        body: 'r = await breaker.fire();',
        scope: { breaker: opossumPlain },
      },
      {
        name: 'opossum + opossum-prometheus',
        body: 'r = await breaker.fire();',
        scope: { breaker: opossumMetered },
      },
    ].map((c) => ({ kind: 'async', ...c }));
    const rows = withRatios(await measure(contenders, config, gc), 'bare await fn()');
    opossumPlain.shutdown();
    opossumMetered.shutdown();
    exporter.clear();

    const reference = row(rows, 'fluxgate call (no listeners)');
    const metricsShare = roundRatio(row(rows, 'fluxgate + PrometheusListener'), reference);
    // A duration histogram needs two clock readings per call, whatever records it.
    const floor = roundRatio(row(rows, 'fluxgate call + two clock reads (floor)'), reference);
    const opossumMeteredRow = row(rows, 'opossum + opossum-prometheus');
    const timedRatio = roundRatio(
      opossumMeteredRow,
      row(rows, 'fluxgate timeout + PrometheusListener'),
    );
    const productionRatio = roundRatio(
      opossumMeteredRow,
      row(rows, 'fluxgate production (timeout + Prometheus + Log)'),
    );
    const checks = [
      check(
        'PrometheusListener (call metrics) <= 1.5x a breaker without listeners',
        `${fmt(metricsShare, 2)}x (floor ${fmt(floor, 2)}x: the call + the two clock reads of its duration)`,
        metricsShare <= 1.5,
        metricsShare,
        1.5,
      ),
      check(
        'timeout + metrics >= 3x faster than opossum + opossum-prometheus',
        `${fmt(timedRatio, 2)}x faster`,
        timedRatio >= 3,
        timedRatio,
        3,
      ),
      check(
        'production breaker >= 3x faster than opossum + opossum-prometheus',
        `${fmt(productionRatio, 2)}x faster`,
        productionRatio >= 3,
        productionRatio,
        3,
      ),
    ];
    return { rows, checks };
  },
};
