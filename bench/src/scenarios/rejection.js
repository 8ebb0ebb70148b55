import {
  AsyncCircuitBreaker,
  CallNotPermittedError,
  CircuitBreaker,
  Cooldown,
} from '@fluxgate/core';
import { check, fmt, roundRatio, row, withRatios } from '../figures.js';
import { asyncFailure, asyncWork, cockatielConsecutive, opossum, syncWork } from '../fixtures.js';
import { measure } from '../harness.js';

const HOUR = 3_600_000;

/** Fails calls until the breaker opens (the default rule needs 100 calls, half failing). */
async function tripAsync(breaker) {
  for (let i = 0; i < 100 && breaker.info().state !== 'open'; i++) {
    await breaker.call(asyncFailure).catch(() => {});
  }
  if (breaker.info().state !== 'open') throw new Error('bench: the fluxgate breaker did not open');
}

function tripSync(breaker) {
  for (let i = 0; i < 100 && breaker.info().state !== 'open'; i++) {
    try {
      breaker.call(() => {
        throw new Error('dependency down');
      });
    } catch {
      // Expected: the failures are what trips it.
    }
  }
  if (breaker.info().state !== 'open') throw new Error('bench: the fluxgate breaker did not open');
}

async function tripCockatiel(policy) {
  for (let i = 0; i < 5; i++) await policy.execute(asyncFailure).catch(() => {});
  if (policy.state !== 1) throw new Error('bench: the cockatiel breaker did not open');
}

/** Scenario 4: calls rejected by an open circuit. */
export default {
  id: 'rejection',
  title: '4. Rejection while open',
  unit: 'ns/op',
  description:
    'Calls made while the circuit is open (tripped by failures, cooldown one hour), caught by ' +
    'the caller. Most of the cost is creating the rejection error (V8 captures a stack trace ' +
    'for every Error) and, for async breakers, rejecting a promise; the reference rows show ' +
    'those costs alone.',
  async run(config, gc) {
    const fn = asyncWork;
    const breaker = new AsyncCircuitBreaker({ retry: new Cooldown(HOUR) });
    await tripAsync(breaker);
    const syncBreaker = new CircuitBreaker({ retry: new Cooldown(HOUR) });
    tripSync(syncBreaker);
    const policy = cockatielConsecutive(HOUR);
    await tripCockatiel(policy);
    const opossumBreaker = opossum(fn, { resetTimeout: HOUR });
    opossumBreaker.open();
    const error = new Error('circuit open');
    const retryAt = Date.now() + HOUR;
    const contenders = [
      {
        name: 'bare await fn()',
        role: 'baseline',
        kind: 'async',
        body: 'r = await fn();',
        scope: { fn },
      },
      {
        name: 'new Error + throw/catch',
        role: 'reference',
        kind: 'sync',
        body: "try { throw new Error('circuit open'); } catch (e) { r = e; }",
        scope: {},
      },
      {
        name: 'new CallNotPermittedError',
        role: 'reference',
        kind: 'sync',
        body: "r = new CallNotPermittedError('open', retryAt);",
        scope: { CallNotPermittedError, retryAt },
      },
      {
        name: 'await Promise.reject(e) + catch',
        role: 'reference',
        kind: 'async',
        body: 'try { await Promise.reject(error); } catch (e) { r = e; }',
        scope: { error },
      },
      {
        name: 'fluxgate async call',
        kind: 'async',
        body: 'try { r = await breaker.call(fn); } catch (e) { r = e; }',
        scope: { fn, breaker },
      },
      {
        name: 'fluxgate sync call',
        kind: 'sync',
        body: 'try { r = breaker.call(fn); } catch (e) { r = e; }',
        scope: { fn: syncWork, breaker: syncBreaker },
      },
      {
        name: 'cockatiel ConsecutiveBreaker',
        kind: 'async',
        body: 'try { r = await policy.execute(fn); } catch (e) { r = e; }',
        scope: { fn, policy },
      },
      {
        name: 'opossum fire',
        kind: 'async',
        body: 'try { r = await breaker.fire(); } catch (e) { r = e; }',
        scope: { breaker: opossumBreaker },
      },
    ];
    const rows = withRatios(await measure(contenders, config, gc), 'bare await fn()');
    opossumBreaker.shutdown();
    if (breaker.info().state !== 'open' || syncBreaker.info().state !== 'open') {
      throw new Error('bench: a fluxgate breaker left the open state during the run');
    }

    const flux = row(rows, 'fluxgate async call');
    const cockatiel = row(rows, 'cockatiel ConsecutiveBreaker');
    const share = roundRatio(flux, cockatiel);
    const checks = [
      check(
        'fluxgate async rejection <= 0.15x cockatiel',
        `${fmt(share, 2)}x cockatiel's time (${fmt(flux.nsPerOp, 0)} vs ${fmt(cockatiel.nsPerOp, 0)} ns)`,
        share <= 0.15,
        share,
        0.15,
      ),
    ];
    return { rows, checks };
  },
};
