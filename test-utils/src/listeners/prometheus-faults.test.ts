// Prometheus failing, end to end: a registry that already holds one of our metric names as
// another metric refuses the listener at construction (a configuration error, named, never a
// runtime surprise); prom-client failing at run time (every metric write throws) never touches
// a call, each fault is reported exactly once, and a scrape still answers.
import { METRIC_NAMES, PrometheusListener } from '@fluxgate/listener-prometheus';
import { Histogram, Registry } from 'prom-client';
import { type BreakerKind, eitherBreaker } from '../support/either-breaker';
import { COOLDOWN } from '../support/test-breakers';

test.each(Object.entries(METRIC_NAMES))(
  'a registry already holding %s (%s) as another metric refuses the listener by name',
  async (_key, name) => {
    const registry = new Registry();
    new Histogram({ name, help: 'not ours', registers: [registry] });
    expect(() => new PrometheusListener({ name: 'payments', registry })).toThrow(
      new RegExp(`PrometheusListener: .*'${name}'`),
    );
    // The registry itself is untouched and still scrapes.
    await expect(registry.metrics()).resolves.toContain(`# HELP ${name} not ours`);
  },
);

describe.each<BreakerKind>(['sync', 'async'])('%s breaker', (kind) => {
  test('prom-client throwing on every write: calls unaffected, each fault reported once', async () => {
    const registry = new Registry();
    const listener = new PrometheusListener({ name: 'payments', registry });
    const broken = new Error('registry rejected the sample');
    // Every metric the listener writes to now refuses the sample.
    const metric = (name: string) =>
      registry.getSingleMetric(name) as unknown as Record<string, () => void>;
    const spies = (
      [
        [METRIC_NAMES.state, 'set'],
        [METRIC_NAMES.transitions, 'inc'],
        [METRIC_NAMES.calls, 'inc'],
        [METRIC_NAMES.callDuration, 'observe'],
        [METRIC_NAMES.callDuration, 'zero'],
      ] as const
    ).map(([name, method]) =>
      jest.spyOn(metric(name), method).mockImplementation(() => {
        throw broken;
      }),
    );
    try {
      const faults: unknown[] = [];
      const signals: string[] = [];
      const breaker = eitherBreaker(kind, {
        listeners: [listener, (s) => void signals.push(`${s.oldState}->${s.newState}`)],
        onListenerError: (e) => faults.push(e),
      });
      expect(faults).toHaveLength(1); // attach publishes the state gauge
      const own = new Error('down');
      expect(await breaker.call(() => 'ok')).toEqual({ threw: false, value: 'ok' });
      expect(
        await breaker.call(() => {
          throw own;
        }),
      ).toEqual({ threw: true, error: own });
      expect((await breaker.call(() => 'rejected')).threw).toBe(true);
      breaker.clock.advance(COOLDOWN);
      expect(await breaker.call(() => 'probe')).toEqual({ threw: false, value: 'probe' });
      await breaker.settle();
      expect(breaker.info().state).toBe('closed');
      expect(signals).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
      // attach + 3 signals, each reported exactly once; the calls are counted without
      // prom-client and reach it only at scrape time.
      expect(faults).toHaveLength(1 + 3);
      expect(faults.every((f) => f === broken)).toBe(true);
      // A scrape while prom-client refuses the call series still answers, without them.
      const text = await registry.metrics();
      expect(text).not.toContain('circuit_breaker_calls_total{');
      expect(text).toMatch(/^circuit_breaker_window_calls\{circuit_name="payments"\} \d+$/m);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // The metrics work again: the calls counted meanwhile reach the next scrape.
    expect(await registry.metrics()).toContain(
      'circuit_breaker_calls_total{circuit_name="payments",outcome="success"} 2',
    );
    await freshListenerWorks(kind, registry);
  });
});

async function freshListenerWorks(kind: BreakerKind, registry: Registry): Promise<void> {
  const faults: unknown[] = [];
  const breaker = eitherBreaker(kind, {
    listeners: [new PrometheusListener({ name: 'recovered', registry })],
    onListenerError: (e) => faults.push(e),
  });
  await breaker.forceOpen();
  expect(faults).toEqual([]);
  expect(await registry.metrics()).toMatch(
    /circuit_breaker_state\{circuit_name="recovered",state="forced_open"\} 1/,
  );
}
