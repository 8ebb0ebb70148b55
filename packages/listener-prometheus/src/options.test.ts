import { Registry, register } from 'prom-client';
import type { PrometheusListenerOptions } from './options';
import { PrometheusListener } from './prometheus-listener';

/** Builds a listener from options the type system would refuse, as JavaScript callers can. */
const create = (options: unknown) => new PrometheusListener(options as PrometheusListenerOptions);

describe('PrometheusListener options', () => {
  test.each([
    ['an empty name', { name: '' }, 'PrometheusListener: name must be a non-empty string, got ""'],
    ['a numeric name', { name: 42 }, 'PrometheusListener: name must be a non-empty string, got 42'],
    ['no name', {}, 'PrometheusListener: name must be a non-empty string, got undefined'],
    [
      'no options',
      undefined,
      'PrometheusListener: options must be an object with a name, got undefined',
    ],
    [
      'a string for options',
      'payments',
      'PrometheusListener: options must be an object with a name, got "payments"',
    ],
    [
      'a plain object as registry',
      { name: 'a', registry: {} },
      'PrometheusListener: registry must be a prom-client Registry, got [object Object]',
    ],
    [
      'null as registry',
      { name: 'a', registry: null },
      'PrometheusListener: registry must be a prom-client Registry, got null',
    ],
    [
      'a string for calls',
      { name: 'a', calls: 'yes' },
      'PrometheusListener: calls must be a boolean, got "yes"',
    ],
    [
      'a string for buckets',
      { name: 'a', buckets: '0.1' },
      'PrometheusListener: buckets must be a non-empty array of finite numbers > 0 in increasing order, got "0.1"',
    ],
    [
      'a misspelt option',
      { name: 'a', registery: new Registry() },
      "PrometheusListener: unknown option 'registery'; the options are name, registry, calls, buckets",
    ],
  ])('%s is a TypeError naming the option', (_, options, message) => {
    expect(() => create(options)).toThrow(new TypeError(message));
  });

  // The bucket rule is core's checkBuckets (tested there); these show the listener applies it.
  test.each([
    ['empty', []],
    ['not increasing', [0.5, 0.1]],
  ])('%s buckets are a RangeError', (_, buckets) => {
    expect(() => create({ name: 'a', registry: new Registry(), buckets })).toThrow(RangeError);
    expect(() => create({ name: 'a', registry: new Registry(), buckets })).toThrow(
      /^PrometheusListener: buckets must be a non-empty array of finite numbers > 0 in increasing order, got \[/,
    );
  });

  test('options given as undefined are taken as absent', () => {
    const listener = new PrometheusListener({
      name: 'payments',
      registry: undefined,
      calls: undefined,
      buckets: undefined,
    });
    expect(listener.registry).toBe(register);
    expect(typeof listener.onCall).toBe('function');
  });

  test('valid options are kept', () => {
    const registry = new Registry();
    const listener = new PrometheusListener({ name: 'payments', registry, buckets: [0.5, 2] });

    expect(listener.name).toBe('payments');
    expect(listener.registry).toBe(registry);
  });

  test('a failed construction registers nothing', () => {
    const registry = new Registry();
    expect(() => create({ name: '', registry })).toThrow(TypeError);
    expect(registry.getMetricsAsArray()).toEqual([]);
  });
});
