import { AsyncCircuitBreaker, Listener } from '@fluxgate/core';
import { OtelListener } from '@fluxgate/listener-otel';
import {
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { check, fmt, roundRatio, row, withRatios } from '../figures.js';
import { asyncWork } from '../fixtures.js';
import { measure } from '../harness.js';

/** A listener that takes call events and does nothing with them: what core's events cost. */
class EmptyOnCall extends Listener {
  notify() {}
  onCall() {}
}

/** The straightforward OpenTelemetry listener: one `add` and one `record` per call. */
class EagerOtel extends Listener {
  constructor(meter) {
    super();
    this.calls = meter.createCounter('eager.calls');
    this.duration = meter.createHistogram('eager.call_duration', { unit: 's' });
    this.attributes = { circuit_name: 'bench', outcome: 'success' };
  }
  notify() {}
  onCall(event) {
    this.calls.add(1, this.attributes);
    if (event.duration !== null) this.duration.record(event.duration / 1000, this.attributes);
  }
}

/** OtelListener on the call path. */
export default {
  id: 'otel',
  title: 'OtelListener on the call path (async)',
  unit: 'ns/op',
  description:
    'An awaited call through `AsyncCircuitBreaker` in closed state: without listeners; with a ' +
    'listener whose `onCall` is empty (what call events cost in core: the breaker measures ' +
    'every duration for it); with `OtelListener` (calls counted in plain numbers, durations ' +
    'recorded in the SDK histogram) and with `calls: false`; and with an eager OpenTelemetry ' +
    'listener that calls `counter.add` and `histogram.record` on every call. The SDK is real ' +
    '(`@opentelemetry/sdk-metrics` with an in-memory exporter, so its storages exist).',
  async run(config, gc) {
    const reader = new PeriodicExportingMetricReader({
      exporter: new InMemoryMetricExporter(),
      exportIntervalMillis: 3_600_000,
    });
    const meterProvider = new MeterProvider({ readers: [reader] });
    const fn = asyncWork;
    const breakers = [
      ['no listener', new AsyncCircuitBreaker()],
      ['empty onCall listener', new AsyncCircuitBreaker({ listeners: [new EmptyOnCall()] })],
      [
        'OtelListener',
        new AsyncCircuitBreaker({ listeners: [new OtelListener({ name: 'a', meterProvider })] }),
      ],
      [
        'OtelListener (calls: false)',
        new AsyncCircuitBreaker({
          listeners: [new OtelListener({ name: 'b', meterProvider, calls: false })],
        }),
      ],
      [
        'eager add + record per call',
        new AsyncCircuitBreaker({ listeners: [new EagerOtel(meterProvider.getMeter('eager'))] }),
      ],
    ];
    const contenders = breakers.map(([name, breaker], i) => ({
      name,
      kind: 'async',
      role: i === 0 ? 'baseline' : i === 1 || i === 4 ? 'reference' : 'contender',
      body: 'r = await breaker.call(fn);',
      scope: { fn, breaker },
    }));
    const rows = withRatios(await measure(contenders, config, gc), 'no listener');
    await meterProvider.shutdown();

    const otel = row(rows, 'OtelListener');
    const own = roundRatio(otel, row(rows, 'empty onCall listener'));
    const quiet = row(rows, 'OtelListener (calls: false)');
    const checks = [
      check(
        'OtelListener <= 1.5x a breaker without listeners',
        `${fmt(otel.ratio, 2)}x`,
        otel.ratio <= 1.5,
        otel.ratio,
        1.5,
      ),
      check(
        'OtelListener <= 1.5x a listener with an empty onCall (its own share)',
        `${fmt(own, 2)}x`,
        own <= 1.5,
        own,
        1.5,
      ),
      check(
        'OtelListener (calls: false) <= 1.1x a breaker without listeners',
        `${fmt(quiet.ratio, 2)}x`,
        quiet.ratio <= 1.1,
        quiet.ratio,
        1.1,
      ),
    ];
    return { rows, checks };
  },
};
