import { cycleSync, syncBreaker } from '@fluxgate/metrics-test-kit';
import { Gauge, type OpenMetricsContentType, Registry } from 'prom-client';
import { PrometheusListener } from './prometheus-listener';
import {
  exposition,
  STATE_HEADER,
  stateLines,
  TRANSITION_HEADER,
  transitionLine,
} from './test-support/exposition';

describe('PrometheusListener metric sharing', () => {
  test('two circuits in one registry share the metric objects', async () => {
    const registry = new Registry();
    const payments = syncBreaker([
      new PrometheusListener({ name: 'payments', registry, calls: false }),
    ]);
    const search = syncBreaker([
      new PrometheusListener({ name: 'search', registry, calls: false }),
    ]);

    cycleSync(payments.breaker, payments.clock);
    search.breaker.forceOpen();

    expect(registry.getMetricsAsArray()).toHaveLength(2);
    expect(await registry.metrics()).toBe(
      exposition(
        [
          ...STATE_HEADER,
          ...stateLines('payments', 'closed'),
          ...stateLines('search', 'forced_open'),
        ],
        [
          ...TRANSITION_HEADER,
          transitionLine('payments', 'closed', 'open', 1),
          transitionLine('payments', 'open', 'half_open', 1),
          transitionLine('payments', 'half_open', 'closed', 1),
          transitionLine('search', 'closed', 'forced_open', 1),
        ],
      ),
    );
  });

  test('registries are isolated from each other', async () => {
    const first = new Registry();
    const second = new Registry();
    const a = syncBreaker([new PrometheusListener({ name: 'a', registry: first })]);
    syncBreaker([new PrometheusListener({ name: 'b', registry: second })]);

    a.breaker.forceOpen();

    const firstText = await first.metrics();
    const secondText = await second.metrics();
    expect(firstText).toContain('circuit_breaker_state{circuit_name="a",state="forced_open"} 1');
    expect(firstText).not.toContain('circuit_name="b"');
    expect(secondText).toContain('circuit_breaker_state{circuit_name="b",state="closed"} 1');
    expect(secondText).not.toContain('circuit_name="a"');
    expect(secondText).not.toContain('forced_open"} 1');
  });

  test('a hundred listeners in one registry never throw "already registered"', async () => {
    const registry = new Registry();
    for (let i = 0; i < 100; i++) {
      syncBreaker([new PrometheusListener({ name: `circuit-${i}`, registry })]);
    }
    const text = await registry.metrics();
    expect(text.match(/^# TYPE circuit_breaker_state gauge$/gm)).toHaveLength(1);
    expect(text.match(/state="closed"} 1$/gm)).toHaveLength(100);
    expect(registry.getMetricsAsArray()).toHaveLength(6);
  });

  test('a reloaded copy of the module reuses the metrics of the first copy', async () => {
    const registry = new Registry();
    syncBreaker([new PrometheusListener({ name: 'first-copy', registry })]);

    let Copy: typeof PrometheusListener | undefined;
    let CopiedRegistry: typeof Registry | undefined;
    jest.isolateModules(() => {
      Copy = require('./prometheus-listener').PrometheusListener;
      CopiedRegistry = require('prom-client').Registry;
    });
    expect(Copy).toBeDefined();
    expect(Copy).not.toBe(PrometheusListener);
    expect(CopiedRegistry).not.toBe(Registry);
    const listener = new Copy!({ name: 'second-copy', registry });
    listener.notify({
      oldState: 'closed',
      newState: 'open',
      timestamp: Date.now(),
      reopens: 0,
      consecutiveFailures: 1,
      origin: 'local',
      metrics: syncBreaker([]).breaker.info().metrics,
    });

    const text = await registry.metrics();
    expect(text.match(/^# TYPE circuit_breaker_state gauge$/gm)).toHaveLength(1);
    expect(text).toContain('circuit_breaker_state{circuit_name="first-copy",state="closed"} 1');
    expect(text).toContain('circuit_breaker_state{circuit_name="second-copy",state="open"} 1');
    listener.close();
    expect(await registry.metrics()).not.toContain('second-copy');

    // A registry made by the other copy of prom-client is accepted as well.
    const copiedRegistry = new CopiedRegistry!();
    syncBreaker([new PrometheusListener({ name: 'third', registry: copiedRegistry })]);
    expect(await copiedRegistry.metrics()).toContain(
      'circuit_breaker_state{circuit_name="third",state="closed"} 1',
    );
  });

  test('one listener per test in the global registry: same name again never throws', () => {
    for (let i = 0; i < 3; i++) {
      const listener = new PrometheusListener({ name: 'per-test' });
      syncBreaker([listener]);
      listener.close();
    }
  });

  test('refuses a registry holding a same-named metric it did not create', () => {
    const registry = new Registry();
    new Gauge({ name: 'circuit_breaker_state', help: 'mine', registers: [registry] });

    expect(() => new PrometheusListener({ name: 'payments', registry })).toThrow(
      new TypeError(
        "PrometheusListener: the registry already has a metric named 'circuit_breaker_state' " +
          'that PrometheusListener did not create; remove it or give the listener another registry',
      ),
    );
  });

  test('buckets are fixed by the listener that creates the histogram', () => {
    const registry = new Registry();
    new PrometheusListener({ name: 'a', registry, buckets: [0.1, 1] });

    expect(() => new PrometheusListener({ name: 'b', registry })).not.toThrow();
    expect(() => new PrometheusListener({ name: 'c', registry, buckets: [0.1, 1] })).not.toThrow();
    expect(() => new PrometheusListener({ name: 'd', registry, buckets: [0.5] })).toThrow(
      new RangeError(
        'PrometheusListener: buckets must match those of the ' +
          'circuit_breaker_call_duration_seconds histogram already in this registry ([0.1, 1]), ' +
          'got [0.5]',
      ),
    );
  });

  test('works with an OpenMetrics registry, also for listeners created after a scrape', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const first = syncBreaker([new PrometheusListener({ name: 'a', registry })]);
    first.breaker.forceOpen();
    await registry.metrics();
    const late = new PrometheusListener({ name: 'b', registry });
    syncBreaker([late]).breaker.forceOpen();

    const text = await registry.metrics();
    expect(text).toContain(
      'circuit_breaker_state_transition_total{circuit_name="b",old_state="closed",new_state="forced_open"} 1',
    );
    expect(text).toMatch(/# EOF\n$/);
    late.close();
    expect(await registry.metrics()).not.toContain('circuit_name="b"');
  });
});
