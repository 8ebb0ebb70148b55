import { INSTRUMENT_NAMES } from './instrument-names';
import type { OtelListenerOptions } from './options';
import { OtelListener } from './otel-listener';
import { collectingProvider } from './test-support/sdk';

/** Builds a listener from options the type system would refuse, as JavaScript callers can. */
const create = (options: unknown) => new OtelListener(options as OtelListenerOptions);

describe('OtelListener options', () => {
  test.each([
    ['an empty name', { name: '' }, 'OtelListener: name must be a non-empty string, got ""'],
    ['a numeric name', { name: 42 }, 'OtelListener: name must be a non-empty string, got 42'],
    ['no name', {}, 'OtelListener: name must be a non-empty string, got undefined'],
    ['no options', undefined, 'OtelListener: options must be an object with a name, got undefined'],
    [
      'a string for options',
      'payments',
      'OtelListener: options must be an object with a name, got "payments"',
    ],
    [
      'a plain object as meterProvider',
      { name: 'a', meterProvider: {} },
      'OtelListener: meterProvider must be an OpenTelemetry MeterProvider, got [object Object]',
    ],
    [
      'null as meterProvider',
      { name: 'a', meterProvider: null },
      'OtelListener: meterProvider must be an OpenTelemetry MeterProvider, got null',
    ],
    [
      'a string for calls',
      { name: 'a', calls: 'yes' },
      'OtelListener: calls must be a boolean, got "yes"',
    ],
    [
      'a string for buckets',
      { name: 'a', buckets: '0.1' },
      'OtelListener: buckets must be a non-empty array of finite numbers > 0 in increasing order, got "0.1"',
    ],
    [
      'a misspelt option',
      { name: 'a', meterprovider: {} },
      "OtelListener: unknown option 'meterprovider'; the options are name, meterProvider, calls, buckets",
    ],
    [
      "listener-prometheus's registry option",
      { name: 'a', registry: {} },
      "OtelListener: unknown option 'registry'; the options are name, meterProvider, calls, buckets",
    ],
  ])('%s is a TypeError naming the option', (_, options, message) => {
    expect(() => create(options)).toThrow(new TypeError(message));
  });

  // The bucket rule is core's checkBuckets (tested there); these show the listener applies it.
  test.each([
    ['empty', []],
    ['not increasing', [0.5, 0.1]],
  ])('buckets %s is a RangeError', (_, buckets) => {
    expect(() => create({ name: 'a', buckets })).toThrow(
      new RangeError(
        `OtelListener: buckets must be a non-empty array of finite numbers > 0 in increasing order, got [${buckets.join(', ')}]`,
      ),
    );
  });

  test('buckets closer than a microsecond are a RangeError', () => {
    expect(() => create({ name: 'a', buckets: [0.1, 0.1000001] })).toThrow(
      new RangeError(
        'OtelListener: buckets must be at least 0.000001 apart, the first at least 0.000001, got [0.1, 0.1000001]',
      ),
    );
    expect(() => create({ name: 'a', buckets: [1e-7, 1] })).toThrow(RangeError);
  });

  test('valid options, with the buckets given to the SDK as advice', async () => {
    const sdk = collectingProvider();
    try {
      const listener = create({ name: 'a', meterProvider: sdk.provider, buckets: [0.5, 2] });
      expect(listener.name).toBe('a');
      listener.onCall?.({ outcome: 'success', duration: 1000, state: 'closed' });
      const histogram = (await sdk.collect()).find(
        (m) => m.descriptor.name === INSTRUMENT_NAMES.callDuration,
      );
      expect(histogram!.dataPoints[0]!.value).toMatchObject({
        buckets: { boundaries: [0.5, 2], counts: [0, 1, 0] },
      });
    } finally {
      await sdk.shutdown();
    }
  });
});
