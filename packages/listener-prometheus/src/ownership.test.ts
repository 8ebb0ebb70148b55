import type { Signal } from '@fluxgate/core';
import { boom, syncBreaker } from '@fluxgate/metrics-test-kit';
import { Registry } from 'prom-client';
import { PrometheusListener } from './prometheus-listener';
import { stateLines, transitionLine } from './test-support/exposition';

/** A circuit replaced by a new breaker and listener of the same name (a restart, a reload). */
function replaced() {
  const registry = new Registry();
  const oldListener = new PrometheusListener({ name: 'payments', registry });
  const old = syncBreaker([oldListener], 1);
  const newListener = new PrometheusListener({ name: 'payments', registry });
  const live = syncBreaker([newListener], 5);
  return { registry, oldListener, old, newListener, live };
}

describe('PrometheusListener: the newest listener of a name owns it', () => {
  test('a late transition of the old breaker does not take the name back', async () => {
    const { registry, old, live } = replaced();
    live.breaker.forceOpen();

    old.breaker.reset();
    expect(() => old.breaker.call(boom)).toThrow('boom');
    expect(old.breaker.info().state).toBe('open');

    const text = await registry.metrics();
    expect(text).toContain(stateLines('payments', 'forced_open').join('\n'));
    expect(text).toContain(transitionLine('payments', 'closed', 'forced_open', 1));
    expect(text).not.toContain('new_state="open"');
    expect(text).not.toContain('old_state="forced_open"');
  });

  test("the old breaker's calls are not counted into the live circuit", async () => {
    const { registry, old, live } = replaced();
    live.breaker.call(() => 'ok');
    old.breaker.call(() => 'ok');
    old.breaker.call(() => 'ok');

    expect(await registry.metrics()).toContain(
      'circuit_breaker_calls_total{circuit_name="payments",outcome="success"} 1',
    );
  });

  test("the old listener's close() leaves the live circuit's series alone, also after a late transition", async () => {
    const { registry, oldListener, old, newListener, live } = replaced();
    live.breaker.call(() => 'ok');
    expect(() => old.breaker.call(boom)).toThrow('boom');

    oldListener.close();

    const text = await registry.metrics();
    expect(text).toContain(stateLines('payments', 'closed').join('\n'));
    expect(text).toContain(
      'circuit_breaker_calls_total{circuit_name="payments",outcome="success"} 1',
    );
    expect(text).toContain('circuit_breaker_window_calls{circuit_name="payments"} 1');
    newListener.close();
    expect(await registry.metrics()).not.toContain('payments');
  });

  test('a listener replacing a live one carries on its call series', async () => {
    const registry = new Registry();
    const first = new PrometheusListener({ name: 'payments', registry });
    first.onCall!({ outcome: 'success', duration: 10, state: 'closed' });
    await registry.metrics();
    const second = new PrometheusListener({ name: 'payments', registry });
    syncBreaker([second]).breaker.call(() => 'ok');

    const text = await registry.metrics();
    expect(text).toContain(
      'circuit_breaker_calls_total{circuit_name="payments",outcome="success"} 2',
    );
    expect(text).toContain(
      'circuit_breaker_call_duration_seconds_count{circuit_name="payments",outcome="success"} 2',
    );
  });
});

describe('PrometheusListener and fleet signals', () => {
  const signal = (origin: Signal['origin']): Signal => ({
    oldState: 'closed',
    newState: 'open',
    timestamp: Date.now(),
    metrics: syncBreaker([]).breaker.info().metrics,
    reopens: 0,
    consecutiveFailures: 3,
    origin,
  });

  test("a 'fleet' transition sets the state gauge and is not counted; a 'local' one is", async () => {
    const registry = new Registry();
    const listener = new PrometheusListener({ name: 'payments', registry, calls: false });
    listener.notify(signal('fleet'));
    let text = await registry.metrics();
    expect(text).toContain(stateLines('payments', 'open').join('\n'));
    expect(text).not.toContain('circuit_breaker_state_transition_total{');

    listener.notify(signal('local'));
    text = await registry.metrics();
    expect(text).toContain(transitionLine('payments', 'closed', 'open', 1));
  });
});

test('a replaced listener stays retired after the newer one is closed', async () => {
  const registry = new Registry();
  const oldListener = new PrometheusListener({ name: 'payments', registry });
  const old = syncBreaker([oldListener], 1);
  const newListener = new PrometheusListener({ name: 'payments', registry });
  syncBreaker([newListener]);
  newListener.close();

  expect(() => old.breaker.call(boom)).toThrow('boom');
  expect(await registry.metrics()).not.toContain('payments');
});
