import { CallNotPermittedError, CallTimeoutError, Custom } from '@fluxgate/core';
import { asyncBreaker, boom, syncBreaker } from '@fluxgate/metrics-test-kit';
import { Registry } from 'prom-client';
import { PrometheusListener } from './prometheus-listener';

/** Counts only errors that are not SyntaxErrors, so a SyntaxError is an ignored call. */
const tracker = new Custom((error) => !(error instanceof SyntaxError));

/** The registry's text from the calls counter on (the state metrics are tested elsewhere). */
async function callSection(registry: Registry): Promise<string> {
  const text = await registry.metrics();
  return text.slice(text.indexOf('# HELP circuit_breaker_calls_total'));
}

describe('PrometheusListener call metrics', () => {
  test('sync breaker: exact calls counter and duration histogram in seconds', async () => {
    const registry = new Registry();
    const listener = new PrometheusListener({ name: 'payments', registry, buckets: [0.1, 1] });
    const { breaker, clock } = syncBreaker([listener], 1, { tracker });
    const slow = (ms: number, fn: () => unknown) => () => {
      clock.advance(ms);
      return fn();
    };

    breaker.call(slow(50, () => 'ok'));
    breaker.call(slow(250, () => 'ok'));
    expect(() =>
      breaker.call(
        slow(10, () => {
          throw new SyntaxError('not counted');
        }),
      ),
    ).toThrow(SyntaxError);
    expect(() => breaker.call(slow(2000, boom))).toThrow('boom');
    expect(() => breaker.call(() => 'never runs')).toThrow(CallNotPermittedError);

    expect(await callSection(registry)).toBe(
      [
        '# HELP circuit_breaker_calls_total Calls through a circuit breaker, by outcome',
        '# TYPE circuit_breaker_calls_total counter',
        'circuit_breaker_calls_total{circuit_name="payments",outcome="success"} 2',
        'circuit_breaker_calls_total{circuit_name="payments",outcome="ignored"} 1',
        'circuit_breaker_calls_total{circuit_name="payments",outcome="failure"} 1',
        'circuit_breaker_calls_total{circuit_name="payments",outcome="rejected"} 1',
        '',
        '# HELP circuit_breaker_call_duration_seconds Duration of the calls a circuit breaker ran, in seconds',
        '# TYPE circuit_breaker_call_duration_seconds histogram',
        'circuit_breaker_call_duration_seconds_bucket{le="0.1",circuit_name="payments",outcome="success"} 1',
        'circuit_breaker_call_duration_seconds_bucket{le="1",circuit_name="payments",outcome="success"} 2',
        'circuit_breaker_call_duration_seconds_bucket{le="+Inf",circuit_name="payments",outcome="success"} 2',
        'circuit_breaker_call_duration_seconds_sum{circuit_name="payments",outcome="success"} 0.3',
        'circuit_breaker_call_duration_seconds_count{circuit_name="payments",outcome="success"} 2',
        'circuit_breaker_call_duration_seconds_bucket{le="0.1",circuit_name="payments",outcome="ignored"} 1',
        'circuit_breaker_call_duration_seconds_bucket{le="1",circuit_name="payments",outcome="ignored"} 1',
        'circuit_breaker_call_duration_seconds_bucket{le="+Inf",circuit_name="payments",outcome="ignored"} 1',
        'circuit_breaker_call_duration_seconds_sum{circuit_name="payments",outcome="ignored"} 0.01',
        'circuit_breaker_call_duration_seconds_count{circuit_name="payments",outcome="ignored"} 1',
        'circuit_breaker_call_duration_seconds_bucket{le="0.1",circuit_name="payments",outcome="failure"} 0',
        'circuit_breaker_call_duration_seconds_bucket{le="1",circuit_name="payments",outcome="failure"} 0',
        'circuit_breaker_call_duration_seconds_bucket{le="+Inf",circuit_name="payments",outcome="failure"} 1',
        'circuit_breaker_call_duration_seconds_sum{circuit_name="payments",outcome="failure"} 2',
        'circuit_breaker_call_duration_seconds_count{circuit_name="payments",outcome="failure"} 1',
        '',
        "# HELP circuit_breaker_failure_rate Failure rate (0 to 1) of the circuit breaker's current window",
        '# TYPE circuit_breaker_failure_rate gauge',
        '',
        "# HELP circuit_breaker_window_calls Calls in the circuit breaker's current window",
        '# TYPE circuit_breaker_window_calls gauge',
        'circuit_breaker_window_calls{circuit_name="payments"} 0',
        '',
      ].join('\n'),
    );
  });

  test('async breaker: a timed-out call is counted and timed as a timeout', async () => {
    jest.useFakeTimers();
    try {
      const registry = new Registry();
      const listener = new PrometheusListener({ name: 'slow', registry, buckets: [0.1, 1] });
      const { breaker, clock } = asyncBreaker([listener], 5, { timeout: 100 });

      const call = breaker.call(() => new Promise<never>(() => {}));
      clock.advance(100);
      jest.advanceTimersByTime(100);
      await expect(call).rejects.toThrow(CallTimeoutError);
      await breaker.call(async () => 'ok');

      const text = await registry.metrics();
      expect(text).toContain(
        'circuit_breaker_calls_total{circuit_name="slow",outcome="timeout"} 1',
      );
      expect(text).toContain(
        'circuit_breaker_calls_total{circuit_name="slow",outcome="success"} 1',
      );
      expect(text).toContain(
        'circuit_breaker_call_duration_seconds_bucket{le="0.1",circuit_name="slow",outcome="timeout"} 1',
      );
      expect(text).toContain(
        'circuit_breaker_call_duration_seconds_sum{circuit_name="slow",outcome="timeout"} 0.1',
      );
    } finally {
      jest.useRealTimers();
    }
  });

  test('failure rate and window calls are read from the breaker at scrape time', async () => {
    const registry = new Registry();
    const { breaker } = syncBreaker([new PrometheusListener({ name: 'payments', registry })], 5);
    const gauges = async () =>
      (await registry.metrics())
        .split('\n')
        .filter((line) => /^circuit_breaker_(failure_rate|window_calls)\{/.test(line));

    expect(await gauges()).toEqual(['circuit_breaker_window_calls{circuit_name="payments"} 0']);

    breaker.call(() => 'ok');
    expect(() => breaker.call(boom)).toThrow('boom');
    breaker.call(() => 'ok');
    breaker.call(() => 'ok');
    expect(await gauges()).toEqual([
      'circuit_breaker_failure_rate{circuit_name="payments"} 0.25',
      'circuit_breaker_window_calls{circuit_name="payments"} 4',
    ]);

    expect(() => breaker.call(boom)).toThrow('boom');
    expect(await gauges()).toEqual([
      'circuit_breaker_failure_rate{circuit_name="payments"} 0.4',
      'circuit_breaker_window_calls{circuit_name="payments"} 5',
    ]);

    breaker.reset();
    expect(await gauges()).toEqual(['circuit_breaker_window_calls{circuit_name="payments"} 0']);
  });

  test('a breaker view that throws leaves only that circuit out of the scrape', async () => {
    const registry = new Registry();
    const broken = new PrometheusListener({ name: 'broken', registry });
    broken.attach({
      info: jest
        .fn()
        .mockReturnValueOnce({ state: 'closed' })
        .mockImplementation(() => {
          throw new Error('view failed');
        }),
    });
    syncBreaker([new PrometheusListener({ name: 'fine', registry })]);

    const text = await registry.metrics();
    expect(text).toContain('circuit_breaker_window_calls{circuit_name="fine"} 0');
    expect(text).not.toContain('circuit_breaker_window_calls{circuit_name="broken"}');
    expect(text).toContain('circuit_breaker_state{circuit_name="broken",state="closed"} 1');
  });

  test('calls: false publishes no call metrics and takes no call events', async () => {
    const registry = new Registry();
    const quiet = new PrometheusListener({ name: 'quiet', registry, calls: false });
    const { breaker } = syncBreaker([quiet], 5);

    expect(quiet.onCall).toBeUndefined();
    breaker.call(() => 'ok');
    expect(() => breaker.call(boom)).toThrow('boom');
    // With no call listener the breaker does not even measure durations.
    expect(breaker.info().metrics.avgDuration).toBeNull();
    expect(registry.getMetricsAsArray().map((metric) => metric.name)).toEqual([
      'circuit_breaker_state',
      'circuit_breaker_state_transition_total',
    ]);
    expect(await registry.metrics()).toContain(
      'circuit_breaker_state{circuit_name="quiet",state="closed"} 1',
    );
  });

  test('with call metrics the breaker measures durations for the listener', () => {
    const listener = new PrometheusListener({ name: 'loud', registry: new Registry() });
    const { breaker } = syncBreaker([listener], 5);

    expect(typeof listener.onCall).toBe('function');
    breaker.call(() => 'ok');
    expect(breaker.info().metrics.avgDuration).toBe(0);
  });
});
