import { CircuitBreaker, SNAPSHOT_FORMAT } from '@fluxgate/core';
import {
  asyncBreaker,
  boom,
  COOLDOWN,
  cycleAsync,
  cycleSync,
  syncBreaker,
} from '@fluxgate/metrics-test-kit';
import { Registry, register } from 'prom-client';
import { PrometheusListener } from './prometheus-listener';
import {
  exposition,
  STATE_HEADER,
  stateLines,
  TRANSITION_HEADER,
  transitionLine,
} from './test-support/exposition';

const CYCLE = [
  transitionLine('payments', 'closed', 'open', 1),
  transitionLine('payments', 'open', 'half_open', 1),
  transitionLine('payments', 'half_open', 'closed', 1),
];

describe('PrometheusListener state and transition metrics', () => {
  test('publishes closed = 1 as soon as the breaker is constructed', async () => {
    const registry = new Registry();
    syncBreaker([new PrometheusListener({ name: 'payments', registry, calls: false })]);

    expect(await registry.metrics()).toBe(
      exposition([...STATE_HEADER, ...stateLines('payments', 'closed')], TRANSITION_HEADER),
    );
  });

  test('publishes the state a restored breaker starts in', async () => {
    const registry = new Registry();
    const retryAt = Date.now() + 60_000;
    new CircuitBreaker({
      initialState: {
        format: SNAPSHOT_FORMAT,
        state: 'open',
        changedAt: Date.now(),
        reopens: 0,
        retryAt,
        consecutiveFailures: 1,
      },
      listeners: [new PrometheusListener({ name: 'payments', registry, calls: false })],
    });

    expect(await registry.metrics()).toContain(
      'circuit_breaker_state{circuit_name="payments",state="open"} 1',
    );
    expect(await registry.metrics()).toContain(
      'circuit_breaker_state{circuit_name="payments",state="closed"} 0',
    );
  });

  test('sync breaker: exact exposition after closed -> open -> half_open -> closed', async () => {
    const registry = new Registry();
    const { breaker, clock } = syncBreaker([
      new PrometheusListener({ name: 'payments', registry, calls: false }),
    ]);

    expect(() => breaker.call(boom)).toThrow('boom');
    expect(await registry.metrics()).toBe(
      exposition(
        [...STATE_HEADER, ...stateLines('payments', 'open')],
        [...TRANSITION_HEADER, CYCLE[0]],
      ),
    );

    clock.advance(COOLDOWN);
    breaker.call(() => 'probe');
    expect(await registry.metrics()).toBe(
      exposition(
        [...STATE_HEADER, ...stateLines('payments', 'closed')],
        [...TRANSITION_HEADER, ...CYCLE],
      ),
    );
  });

  test('sync breaker: counts repeated transitions and manual controls', async () => {
    const registry = new Registry();
    const { breaker, clock } = syncBreaker([
      new PrometheusListener({ name: 'payments', registry, calls: false }),
    ]);

    cycleSync(breaker, clock);
    cycleSync(breaker, clock);
    breaker.forceOpen();
    breaker.reset();
    breaker.reset();
    breaker.metricsOnly();

    expect(await registry.metrics()).toBe(
      exposition(
        [...STATE_HEADER, ...stateLines('payments', 'metrics_only')],
        [
          ...TRANSITION_HEADER,
          transitionLine('payments', 'closed', 'open', 2),
          transitionLine('payments', 'open', 'half_open', 2),
          transitionLine('payments', 'half_open', 'closed', 2),
          transitionLine('payments', 'closed', 'forced_open', 1),
          transitionLine('payments', 'forced_open', 'closed', 1),
          transitionLine('payments', 'closed', 'closed', 1),
          transitionLine('payments', 'closed', 'metrics_only', 1),
        ],
      ),
    );
  });

  test('async breaker: exact exposition after closed -> open -> half_open -> closed', async () => {
    const registry = new Registry();
    const { breaker, clock } = asyncBreaker([
      new PrometheusListener({ name: 'payments', registry, calls: false }),
    ]);

    await expect(breaker.call(async () => boom())).rejects.toThrow('boom');
    await breaker.flush();
    expect(await registry.metrics()).toBe(
      exposition(
        [...STATE_HEADER, ...stateLines('payments', 'open')],
        [...TRANSITION_HEADER, CYCLE[0]],
      ),
    );

    clock.advance(COOLDOWN);
    await breaker.call(async () => 'probe');
    await breaker.flush();
    expect(await registry.metrics()).toBe(
      exposition(
        [...STATE_HEADER, ...stateLines('payments', 'closed')],
        [...TRANSITION_HEADER, ...CYCLE],
      ),
    );
  });

  test('async breaker: manual controls are published once their promise settles', async () => {
    const registry = new Registry();
    const { breaker, clock } = asyncBreaker([
      new PrometheusListener({ name: 'payments', registry, calls: false }),
    ]);

    await cycleAsync(breaker, clock);
    await breaker.forceOpen();
    expect(await registry.metrics()).toBe(
      exposition(
        [...STATE_HEADER, ...stateLines('payments', 'forced_open')],
        [...TRANSITION_HEADER, ...CYCLE, transitionLine('payments', 'closed', 'forced_open', 1)],
      ),
    );
    await breaker.disable();
    expect(await registry.metrics()).toContain(
      'circuit_breaker_state{circuit_name="payments",state="disabled"} 1',
    );
  });

  test('a listener belongs to one breaker: a second breaker refuses it', () => {
    const listener = new PrometheusListener({ name: 'payments', registry: new Registry() });
    syncBreaker([listener]);

    expect(() => syncBreaker([listener])).toThrow(/one listener per circuit/);
  });

  test('defaults to prom-client global register', async () => {
    const listener = new PrometheusListener({ name: 'global-default', calls: false });
    syncBreaker([listener]);
    try {
      expect(listener.registry).toBe(register);
      expect(await register.metrics()).toContain(
        'circuit_breaker_state{circuit_name="global-default",state="closed"} 1',
      );
    } finally {
      listener.close();
      register.clear();
    }
  });
});
