// No stale outcome is ever recorded: a call that ends after its generation ended (any
// transition, automatic or manual) is handed to its caller as usual but changes nothing.
import { CallTimeoutError } from '@fluxgate/core';
import { type Deferred, deferred } from '../support/deferred';
import { asyncBreaker, COOLDOWN, fail, readyToProbe } from '../support/test-breakers';

function holdMany(
  breaker: ReturnType<typeof asyncBreaker>['breaker'],
  n: number,
): { gates: Deferred<string>[]; calls: Promise<unknown>[] } {
  const gates = Array.from({ length: n }, () => deferred<string>());
  const calls = gates.map((gate) => breaker.call(() => gate.promise).catch((e: unknown) => e));
  return { gates, calls };
}

test('calls from closed that fail after closed -> open -> half_open -> closed record nothing', async () => {
  const { breaker, clock } = asyncBreaker();
  const { gates, calls } = holdMany(breaker, 100);
  await readyToProbe(breaker, clock);
  await breaker.call(async () => 'probe');
  expect(breaker.info().state).toBe('closed');
  const errors = gates.map((gate, i) => {
    const error = new Error(`late ${i}`);
    gate.reject(error);
    return error;
  });
  // Each caller still gets its own error...
  expect(await Promise.all(calls)).toEqual(errors);
  // ...but the new closed window saw none of them, so FailureStreak(1) did not trip.
  expect(breaker.info()).toMatchObject({ state: 'closed', metrics: { totalCount: 0 } });
});

test.each([
  ['reset()', 'closed'],
  ['disable()', 'disabled'],
  ['metricsOnly()', 'metrics_only'],
  ['forceOpen()', 'forced_open'],
] as const)('calls in flight across %s record nothing afterwards', async (control, state) => {
  const { breaker } = asyncBreaker();
  await breaker.metricsOnly();
  const { gates, calls } = holdMany(breaker, 50);
  const run = {
    'reset()': () => breaker.reset(),
    'disable()': () => breaker.disable(),
    'metricsOnly()': () => breaker.metricsOnly(),
    'forceOpen()': () => breaker.forceOpen(),
  }[control];
  await run();
  for (const [i, gate] of gates.entries()) {
    if (i % 2) gate.resolve('late');
    else gate.reject(new Error('late'));
  }
  const results = await Promise.all(calls);
  expect(results.filter((r) => r === 'late')).toHaveLength(25);
  expect(breaker.info()).toMatchObject({ state, metrics: { totalCount: 0, failureCount: 0 } });
});

test('probes of an ended half_open episode neither close nor reopen the next one', async () => {
  const { breaker, clock } = asyncBreaker({ maxHalfOpenCalls: 5 });
  await readyToProbe(breaker, clock);
  const first = holdMany(breaker, 5);
  first.gates[0].reject(new Error('still down'));
  await first.calls[0];
  expect(breaker.info().state).toBe('open');
  clock.advance(COOLDOWN * 2);
  const second = holdMany(breaker, 1);
  expect(breaker.info()).toMatchObject({ state: 'half_open', reopens: 1 });
  // Old successes would close it, old failures reopen it: neither may count.
  first.gates[1].resolve('late');
  first.gates[2].reject(new Error('late'));
  first.gates[3].resolve('late');
  first.gates[4].reject(new Error('late'));
  await Promise.all(first.calls);
  expect(breaker.info()).toMatchObject({
    state: 'half_open',
    reopens: 1,
    metrics: { totalCount: 0 },
  });
  second.gates[0].resolve('ok');
  await second.calls[0];
  expect(breaker.info().state).toBe('closed');
});

test('a timeout that fires after a transition records nothing', async () => {
  jest.useFakeTimers();
  try {
    const { breaker } = asyncBreaker({ timeout: 100 });
    const never = breaker.call(() => new Promise<string>(() => {})).catch((e: unknown) => e);
    await breaker.reset();
    jest.advanceTimersByTime(100);
    expect(CallTimeoutError.isInstance(await never)).toBe(true);
    expect(breaker.info()).toMatchObject({ state: 'closed', metrics: { totalCount: 0 } });
    // The same timeout without a transition in between trips FailureStreak(1).
    const again = breaker.call(() => new Promise<string>(() => {})).catch((e: unknown) => e);
    jest.advanceTimersByTime(100);
    expect(CallTimeoutError.isInstance(await again)).toBe(true);
    expect(breaker.info().state).toBe('open');
  } finally {
    jest.useRealTimers();
  }
});

test('late failures while open neither re-trip nor push the retry time back', async () => {
  const signals: string[] = [];
  const { breaker, clock } = asyncBreaker({
    listeners: [(signal) => signals.push(`${signal.oldState}->${signal.newState}`)],
  });
  const { gates, calls } = holdMany(breaker, 20);
  await breaker.call(fail).catch(() => {});
  const { retryAt } = breaker.info();
  clock.advance(COOLDOWN / 2);
  for (const gate of gates) gate.reject(new Error('late'));
  await Promise.all(calls);
  expect(breaker.info()).toMatchObject({ state: 'open', retryAt, metrics: { totalCount: 0 } });
  expect(signals).toEqual(['closed->open']);
  clock.advance(COOLDOWN / 2);
  await breaker.call(async () => 'probe');
  expect(signals).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
});
