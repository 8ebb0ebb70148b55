// The call metrics are counted on the call path and handed to prom-client at collection. These
// tests feed one sequence of call events to a listener and, eagerly, to prom-client metrics made
// the same way, and compare the exposition text after every step.
import { CALL_OUTCOMES, type CallEvent } from '@fluxgate/core';
import { syncBreaker } from '@fluxgate/metrics-test-kit';
import { Counter, Histogram, Registry } from 'prom-client';
import { PrometheusListener } from './prometheus-listener';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The calls counter and duration histogram sections of a registry's text. */
async function callSections(registry: Registry): Promise<string> {
  const text = await registry.metrics();
  const start = text.indexOf('# HELP circuit_breaker_calls_total');
  const end = text.indexOf('# HELP circuit_breaker_failure_rate');
  return text.slice(start, end === -1 ? undefined : end).trimEnd();
}

/** prom-client metrics like the listener's, written to on every call. */
function eagerMetrics() {
  const registry = new Registry();
  const calls = new Counter({
    name: 'circuit_breaker_calls_total',
    help: 'Calls through a circuit breaker, by outcome',
    labelNames: ['circuit_name', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'circuit_breaker_call_duration_seconds',
    help: 'Duration of the calls a circuit breaker ran, in seconds',
    labelNames: ['circuit_name', 'outcome'],
    buckets: BUCKETS,
    registers: [registry],
  });
  const record = (circuit: string, event: CallEvent) => {
    const labels = { circuit_name: circuit, outcome: event.outcome };
    calls.inc(labels);
    if (event.duration !== null) duration.observe(labels, event.duration / 1000);
  };
  return { registry, record };
}

/** A deterministic stream of numbers in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomEvent(random: () => number): CallEvent {
  const outcome = CALL_OUTCOMES[Math.floor(random() * CALL_OUTCOMES.length)]!;
  if (outcome === 'rejected') return { outcome, duration: null, state: 'open' };
  const r = random();
  // Exactly on bounds, above the last one, tiny and unmeasured durations, and odd fractions.
  const duration =
    r < 0.1
      ? BUCKETS[Math.floor(random() * BUCKETS.length)]! * 1000
      : r < 0.15
        ? 20_000 + random() * 1000
        : r < 0.2
          ? null
          : r < 0.3
            ? random() / 7
            : random() * 3000;
  return { outcome, duration, state: 'closed' };
}

describe('lazy call metrics', () => {
  test('every scrape shows what eager prom-client calls show, to the last digit', async () => {
    const lazy = new Registry();
    const circuits = ['payments', 'search', 'inventory'];
    const listeners = circuits.map((name) => new PrometheusListener({ name, registry: lazy }));
    const eager = eagerMetrics();
    const random = lcg(42);

    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 400; i++) {
        const which = Math.floor(random() * circuits.length);
        const event = randomEvent(random);
        listeners[which]!.onCall!(event);
        eager.record(circuits[which]!, event);
      }
      expect(await callSections(lazy)).toBe(await callSections(eager.registry));
    }
    // A collection with nothing new changes nothing.
    expect(await callSections(lazy)).toBe(await callSections(eager.registry));
    expect(await lazy.getMetricsAsJSON()).toEqual(
      expect.arrayContaining(
        (await eager.registry.getMetricsAsJSON()).map((metric) => expect.objectContaining(metric)),
      ),
    );
  });

  test('after registry.resetMetrics() the series start over, as eager ones do', async () => {
    const lazy = new Registry();
    const listener = new PrometheusListener({ name: 'payments', registry: lazy });
    const eager = eagerMetrics();
    const both = (event: CallEvent) => {
      listener.onCall!(event);
      eager.record('payments', event);
    };
    both({ outcome: 'success', duration: 120, state: 'closed' });
    both({ outcome: 'failure', duration: 7, state: 'closed' });
    expect(await callSections(lazy)).toBe(await callSections(eager.registry));

    lazy.resetMetrics();
    eager.registry.resetMetrics();
    both({ outcome: 'success', duration: 30, state: 'closed' });
    both({ outcome: 'success', duration: 40, state: 'closed' });
    expect(await callSections(lazy)).toBe(await callSections(eager.registry));
  });

  test('the call path never calls prom-client: the metrics reach it when collected', async () => {
    const registry = new Registry();
    const listener = new PrometheusListener({ name: 'payments', registry });
    const { breaker } = syncBreaker([listener], 5);
    const counter = registry.getSingleMetric('circuit_breaker_calls_total') as Counter;
    const histogram = registry.getSingleMetric(
      'circuit_breaker_call_duration_seconds',
    ) as Histogram;
    const inc = jest.spyOn(counter, 'inc');
    const observe = jest.spyOn(histogram, 'observe');
    const zero = jest.spyOn(histogram, 'zero');
    try {
      for (let i = 0; i < 100; i++) breaker.call(() => 'ok');
      expect(inc).not.toHaveBeenCalled();
      expect(observe).not.toHaveBeenCalled();
      expect(zero).not.toHaveBeenCalled();

      expect(await registry.metrics()).toContain(
        'circuit_breaker_calls_total{circuit_name="payments",outcome="success"} 100',
      );
      expect(inc).toHaveBeenCalledTimes(1);
    } finally {
      inc.mockRestore();
      observe.mockRestore();
      zero.mockRestore();
    }
  });

  test('an unmeasured call (duration null) is counted and never observed as zero', async () => {
    const registry = new Registry();
    const listener = new PrometheusListener({ name: 'payments', registry, buckets: [0.1] });
    listener.onCall!({ outcome: 'success', duration: null, state: 'closed' });
    listener.onCall!({ outcome: 'success', duration: null, state: 'closed' });
    listener.onCall!({ outcome: 'failure', duration: 50, state: 'closed' });

    const text = await callSections(registry);
    expect(text).toContain(
      'circuit_breaker_calls_total{circuit_name="payments",outcome="success"} 2',
    );
    expect(text).not.toContain('outcome="success"} 0');
    expect(text).not.toMatch(/call_duration_seconds_\w+\{[^}]*outcome="success"/);
    expect(text).toContain(
      'circuit_breaker_call_duration_seconds_count{circuit_name="payments",outcome="failure"} 1',
    );
  });

  test('a non-finite duration is counted, refused for the histogram and reported', async () => {
    const registry = new Registry();
    const listener = new PrometheusListener({ name: 'payments', registry, buckets: [0.1] });
    expect(() =>
      listener.onCall!({ outcome: 'success', duration: Number.NaN, state: 'closed' }),
    ).toThrow(new TypeError('PrometheusListener: call duration must be finite, got NaN'));
    listener.onCall!({ outcome: 'success', duration: 20, state: 'closed' });
    const text = await callSections(registry);
    expect(text).toContain(
      'circuit_breaker_calls_total{circuit_name="payments",outcome="success"} 2',
    );
    expect(text).toContain(
      'circuit_breaker_call_duration_seconds_sum{circuit_name="payments",outcome="success"} 0.02',
    );
  });
});
