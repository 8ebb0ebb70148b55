import { boom, COOLDOWN, syncBreaker } from '@fluxgate/metrics-test-kit';
import { Registry } from 'prom-client';
import { PrometheusListener } from './prometheus-listener';
import {
  exposition,
  STATE_HEADER,
  stateLines,
  TRANSITION_HEADER,
  transitionLine,
} from './test-support/exposition';

const CALL_HEADERS = [
  [
    '# HELP circuit_breaker_calls_total Calls through a circuit breaker, by outcome',
    '# TYPE circuit_breaker_calls_total counter',
  ],
  [
    '# HELP circuit_breaker_call_duration_seconds Duration of the calls a circuit breaker ran, in seconds',
    '# TYPE circuit_breaker_call_duration_seconds histogram',
  ],
  [
    "# HELP circuit_breaker_failure_rate Failure rate (0 to 1) of the circuit breaker's current window",
    '# TYPE circuit_breaker_failure_rate gauge',
  ],
  [
    "# HELP circuit_breaker_window_calls Calls in the circuit breaker's current window",
    '# TYPE circuit_breaker_window_calls gauge',
  ],
];

function setup() {
  const registry = new Registry();
  const listener = new PrometheusListener({ name: 'tenant-1', registry, buckets: [1] });
  const other = new PrometheusListener({ name: 'other', registry, calls: false });
  const tenant = syncBreaker([listener], 2);
  syncBreaker([other]).breaker.forceOpen();
  return { registry, listener, other, ...tenant };
}

/** What the registry holds once only the `other` circuit is left. */
function onlyOther(): string {
  return exposition(
    [...STATE_HEADER, ...stateLines('other', 'forced_open')],
    [...TRANSITION_HEADER, transitionLine('other', 'closed', 'forced_open', 1)],
    ...CALL_HEADERS,
  );
}

describe('PrometheusListener.close()', () => {
  test('removes every series of its circuit and leaves the other circuits alone', async () => {
    const { registry, listener, breaker, clock } = setup();
    expect(() => breaker.call(boom)).toThrow('boom');
    expect(() => breaker.call(boom)).toThrow('boom');
    clock.advance(COOLDOWN);
    breaker.call(() => 'probe');
    expect(breaker.info().state).toBe('closed');
    breaker.call(() => 'ok');
    expect(() => breaker.call(boom)).toThrow('boom');
    const before = await registry.metrics();
    for (const name of [
      'circuit_breaker_state{circuit_name="tenant-1"',
      'circuit_breaker_state_transition_total{circuit_name="tenant-1"',
      'circuit_breaker_calls_total{circuit_name="tenant-1"',
      'circuit_breaker_call_duration_seconds_bucket{le="1",circuit_name="tenant-1"',
      'circuit_breaker_failure_rate{circuit_name="tenant-1"} 0.5',
      'circuit_breaker_window_calls{circuit_name="tenant-1"} 2',
    ]) {
      expect(before).toContain(name);
    }

    listener.close();

    expect(await registry.metrics()).toBe(onlyOther());
  });

  test('is idempotent, also before the listener published anything', async () => {
    const registry = new Registry();
    const unused = new PrometheusListener({ name: 'unused', registry });
    unused.close();
    unused.close();

    const { registry: used, listener } = setup();
    listener.close();
    listener.close();
    expect(await used.metrics()).toBe(onlyOther());
  });

  test('a later transition publishes the circuit again', async () => {
    const { registry, listener, breaker } = setup();
    breaker.forceOpen();
    listener.close();

    breaker.reset();

    const text = await registry.metrics();
    expect(text).toContain(
      [...stateLines('other', 'forced_open'), ...stateLines('tenant-1', 'closed')].join('\n'),
    );
    expect(text).toContain(transitionLine('tenant-1', 'forced_open', 'closed', 1));
    expect(text).not.toContain(transitionLine('tenant-1', 'closed', 'forced_open', 1));
    expect(text).toContain('circuit_breaker_window_calls{circuit_name="tenant-1"} 0');
  });

  test('a later call publishes the circuit again, state included', async () => {
    const { registry, listener, breaker } = setup();
    listener.close();

    breaker.call(() => 'ok');

    const text = await registry.metrics();
    expect(text).toContain(stateLines('tenant-1', 'closed').join('\n'));
    expect(text).toContain(
      'circuit_breaker_calls_total{circuit_name="tenant-1",outcome="success"} 1',
    );
    expect(text).toContain('circuit_breaker_window_calls{circuit_name="tenant-1"} 1');
  });

  test('does not remove the series of a newer listener with the same name', async () => {
    const registry = new Registry();
    const old = new PrometheusListener({ name: 'per-test', registry });
    syncBreaker([old]);
    const newer = new PrometheusListener({ name: 'per-test', registry });
    syncBreaker([newer]).breaker.forceOpen();

    old.close();
    expect(await registry.metrics()).toContain(
      'circuit_breaker_state{circuit_name="per-test",state="forced_open"} 1',
    );

    newer.close();
    expect(await registry.metrics()).not.toContain('per-test');
  });
});
