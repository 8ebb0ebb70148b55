// The listener counts calls in plain numbers and hands the totals to the SDK at collection time;
// these properties hold it to what one `add`/`record` per event would have shown, collection by
// collection, for random sequences of calls, trips and manual controls. The one difference is
// delta temporality's: an observable counter whose total did not move reports an increase of 0,
// where a counter nobody added to reports nothing.

import { boom, COOLDOWN, syncBreaker } from '@fluxgate/metrics-test-kit';
import { AggregationTemporality, type MetricData } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { INSTRUMENT_NAMES } from './instrument-names';
import { OtelListener } from './otel-listener';
import { EagerListener } from './test-support/eager-listener';
import { collectingProvider } from './test-support/sdk';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const LAZY = [INSTRUMENT_NAMES.calls, INSTRUMENT_NAMES.transitions, INSTRUMENT_NAMES.callDuration];

type Step =
  | { kind: 'success' | 'failure' | 'ignored'; ms: number }
  | { kind: 'wait' | 'forceOpen' | 'reset' | 'collect' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('success' as const, 'failure' as const, 'ignored' as const),
    // Fractional milliseconds, as performance.now() gives them, so sums are not round numbers.
    ms: fc.double({ min: 0, max: 1500, noNaN: true }),
  }),
  fc.record({ kind: fc.constantFrom('wait' as const, 'forceOpen' as const, 'reset' as const) }),
  fc.constant({ kind: 'collect' as const }),
);

/** What a reader would see of the call and transition instruments, without timestamps. */
function comparable(metrics: MetricData[], withoutZeroDeltas = false) {
  const zeroDelta = (metric: MetricData, value: unknown) =>
    withoutZeroDeltas &&
    metric.aggregationTemporality === AggregationTemporality.DELTA &&
    metric.descriptor.name === INSTRUMENT_NAMES.calls &&
    value === 0;
  return metrics
    .filter((metric) => (LAZY as readonly string[]).includes(metric.descriptor.name))
    .map((metric) => ({
      ...metric,
      dataPoints: (metric.dataPoints as { value: unknown }[]).filter(
        (point) => !zeroDelta(metric, point.value),
      ),
    }))
    .filter((metric) => metric.dataPoints.length > 0)
    .map((metric) => ({
      name: metric.descriptor.name,
      description: metric.descriptor.description,
      unit: metric.descriptor.unit,
      valueType: metric.descriptor.valueType,
      dataPointType: metric.dataPointType,
      temporality: metric.aggregationTemporality,
      monotonic: 'isMonotonic' in metric ? metric.isMonotonic : undefined,
      points: (metric.dataPoints as MetricData['dataPoints'])
        .map((point) => [JSON.stringify(point.attributes), point.value] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

async function run(steps: Step[], temporality: AggregationTemporality) {
  const lazySdk = collectingProvider(temporality);
  const eagerSdk = collectingProvider(temporality);
  try {
    const lazy = new OtelListener({ name: 'c', meterProvider: lazySdk.provider, buckets: BUCKETS });
    const eager = new EagerListener(eagerSdk.provider.getMeter('eager'), 'c', BUCKETS);
    const a = syncBreaker([lazy], 3);
    const b = syncBreaker([eager], 3);
    for (const s of [...steps, { kind: 'collect' } as Step]) {
      for (const { breaker, clock } of [a, b]) {
        const run = (fn: () => unknown) => {
          try {
            breaker.call(() => {
              clock.advance('ms' in s ? s.ms : 0);
              return fn();
            });
          } catch {}
        };
        if (s.kind === 'success') run(() => 'ok');
        else if (s.kind === 'failure') run(boom);
        else if (s.kind === 'ignored') run(() => Promise.resolve('a thenable is refused'));
        else if (s.kind === 'wait') clock.advance(COOLDOWN);
        else if (s.kind === 'forceOpen') breaker.forceOpen();
        else if (s.kind === 'reset') breaker.reset();
      }
      if (s.kind === 'collect') {
        const eagerMetrics = await eagerSdk.collect();
        expect(comparable(await lazySdk.collect(), true)).toEqual(comparable(eagerMetrics));
        expect(comparable(eagerMetrics, true)).toEqual(comparable(eagerMetrics));
      }
    }
  } finally {
    await lazySdk.shutdown();
    await eagerSdk.shutdown();
  }
}

describe('lazy accumulation shows exactly what eager recording would', () => {
  test.each([
    ['cumulative', AggregationTemporality.CUMULATIVE],
    ['delta', AggregationTemporality.DELTA],
  ])('%s temporality: every collection of random calls and transitions', async (_, temporality) => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) =>
        run(steps, temporality),
      ),
      { numRuns: 60 },
    );
  });

  test('a sequence that touches every outcome, bucket and transition kind', async () => {
    const calls: Step[] = [0.4, 3, 7.5, 20, 30, 60, 120, 300, 700, 1200].map((ms) => ({
      kind: 'success',
      ms: ms + 0.1234,
    }));
    await run(
      [
        ...calls,
        { kind: 'collect' },
        { kind: 'ignored', ms: 2 },
        { kind: 'failure', ms: 40 },
        { kind: 'failure', ms: 41 },
        { kind: 'failure', ms: 42 },
        { kind: 'success', ms: 1 }, // rejected while open
        { kind: 'wait' },
        { kind: 'success', ms: 5 },
        { kind: 'collect' },
        { kind: 'forceOpen' },
        { kind: 'reset' },
        ...calls,
        // Exactly on every bound, and a hair either side: rounding never crosses one.
        ...BUCKETS.flatMap((bound) =>
          [-1e-9, 0, 1e-9].map((delta): Step => ({ kind: 'success', ms: bound * 1000 + delta })),
        ),
      ],
      AggregationTemporality.CUMULATIVE,
    );
  });
});
