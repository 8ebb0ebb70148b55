import type { Signal } from '@fluxgate/core';
import { FailureRate, MinRequests } from '@fluxgate/core';
import { LogListener } from './log-listener';
import { COOLDOWN_MS, failOnce, ok, syncBreaker } from './testing/breakers';
import { fields, memoryLogger } from './testing/loggers';

function setup(levelMap?: ConstructorParameters<typeof LogListener>[0]['levelMap']) {
  const { logger, entries } = memoryLogger();
  const signals: Signal[] = [];
  const listener = new LogListener({ name: 'payments', logger, levelMap });
  const { breaker, clock } = syncBreaker({
    listeners: [listener, (signal: Signal) => void signals.push(signal)],
  });
  return { breaker, clock, entries, signals, listener };
}

/** closed -> open -> half_open -> closed, driven by the injected clock. */
function tripAndRecover({ breaker, clock }: ReturnType<typeof setup>): void {
  failOnce(breaker);
  clock.advance(COOLDOWN_MS);
  expect(breaker.call(ok)).toBe('ok');
}

describe('LogListener entries', () => {
  test('one entry per transition, with the circuit name and upper-case states', () => {
    const ctx = setup();
    tripAndRecover(ctx);
    expect(ctx.entries.map((e) => e.message)).toEqual([
      "Circuit Breaker 'payments' transitioned from CLOSED to OPEN",
      "Circuit Breaker 'payments' transitioned from OPEN to HALF_OPEN",
      "Circuit Breaker 'payments' transitioned from HALF_OPEN to CLOSED",
    ]);
    expect(ctx.listener.name).toBe('payments');
  });

  test('every structured field, taken from the signal', () => {
    const ctx = setup();
    tripAndRecover(ctx);
    const [opened, probing, closed] = ctx.signals;
    expect(fields(ctx.entries[0])).toEqual({
      level: 'warn',
      message: "Circuit Breaker 'payments' transitioned from CLOSED to OPEN",
      circuit: 'payments',
      oldState: 'closed',
      newState: 'open',
      transitionAt: opened.timestamp,
      failureRate: 1,
      totalCount: 1,
      origin: 'local',
    });
    expect(fields(ctx.entries[1])).toEqual({
      level: 'info',
      message: "Circuit Breaker 'payments' transitioned from OPEN to HALF_OPEN",
      circuit: 'payments',
      oldState: 'open',
      newState: 'half_open',
      transitionAt: probing.timestamp,
      failureRate: probing.metrics.failureRate,
      totalCount: probing.metrics.totalCount,
      origin: 'local',
    });
    expect(fields(ctx.entries[2])).toMatchObject({
      oldState: 'half_open',
      newState: 'closed',
      transitionAt: closed.timestamp,
    });
    // transitionAt is the signal's epoch time: the wall clock read at the transition (the
    // injected clock moved by the cooldown, the wall clock did not).
    expect(ctx.entries[1].transitionAt).toBeGreaterThanOrEqual(
      ctx.entries[0].transitionAt as number,
    );
    expect(Math.abs((ctx.entries[0].transitionAt as number) - Date.now())).toBeLessThan(60_000);
  });

  test('failureRate and totalCount come from signal.metrics', () => {
    const { logger, entries } = memoryLogger();
    const signals: Signal[] = [];
    const { breaker } = syncBreaker({
      tripper: new MinRequests(4).and(new FailureRate(0.5)),
      listeners: [new LogListener({ name: 'search', logger }), (s: Signal) => void signals.push(s)],
    });
    breaker.call(ok);
    breaker.call(ok);
    failOnce(breaker);
    expect(entries).toHaveLength(0);
    failOnce(breaker);
    expect(signals[0].metrics).toMatchObject({ totalCount: 4, failureRate: 0.5 });
    expect(fields(entries[0])).toMatchObject({ newState: 'open', failureRate: 0.5, totalCount: 4 });
  });

  test('an empty window gives a null failureRate and a zero totalCount', () => {
    const ctx = setup();
    ctx.breaker.forceOpen();
    expect(fields(ctx.entries[0])).toMatchObject({
      newState: 'forced_open',
      failureRate: null,
      totalCount: 0,
    });
  });
});

describe('LogListener origin', () => {
  test("a fleet transition is logged like a local one, with origin 'fleet'", () => {
    const { logger, entries } = memoryLogger();
    const listener = new LogListener({ name: 'payments', logger });
    const { breaker } = syncBreaker({ listeners: [(s: Signal) => listener.notify(s)] });
    failOnce(breaker);
    const [local] = entries;
    // A store hands the breaker transitions other instances made; the listener sees the signal.
    listener.notify({ ...breakerSignal(breaker), origin: 'fleet' });
    expect(entries.map((e) => [e.message, e.origin])).toEqual([
      ["Circuit Breaker 'payments' transitioned from CLOSED to OPEN", 'local'],
      ["Circuit Breaker 'payments' transitioned from OPEN to CLOSED", 'fleet'],
    ]);
    expect(local?.level).toBe('warn');
  });
});

/** A signal as a store-backed breaker would deliver it: open -> closed, now. */
function breakerSignal(breaker: ReturnType<typeof syncBreaker>['breaker']): Signal {
  return {
    oldState: 'open',
    newState: 'closed',
    timestamp: Date.now(),
    metrics: breaker.info().metrics,
    reopens: 0,
    consecutiveFailures: 0,
    origin: 'local',
  };
}

describe('LogListener levels', () => {
  /** Visits all six states; returns "newState=level" for every entry. */
  function visitEveryState(ctx: ReturnType<typeof setup>): string[] {
    ctx.breaker.metricsOnly();
    ctx.breaker.disable();
    ctx.breaker.forceOpen();
    ctx.breaker.reset();
    tripAndRecover(ctx);
    return ctx.entries.map((e) => `${e.newState}=${e.level}`);
  }

  test('warn for open and forced_open, info for the others', () => {
    expect(visitEveryState(setup())).toEqual([
      'metrics_only=info',
      'disabled=info',
      'forced_open=warn',
      'closed=info',
      'open=warn',
      'half_open=info',
      'closed=info',
    ]);
  });

  test('levelMap overrides the states it names and keeps the defaults for the rest', () => {
    const ctx = setup({
      open: 'error',
      forced_open: 'error',
      half_open: 'debug',
      closed: 'verbose',
    });
    expect(visitEveryState(ctx)).toEqual([
      'metrics_only=info',
      'disabled=info',
      'forced_open=error',
      'closed=verbose',
      'open=error',
      'half_open=debug',
      'closed=verbose',
    ]);
  });

  test('a state mapped to undefined keeps its default level', () => {
    const ctx = setup({ open: undefined });
    failOnce(ctx.breaker);
    expect(ctx.entries[0].level).toBe('warn');
  });
});
