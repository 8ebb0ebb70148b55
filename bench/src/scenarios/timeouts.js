import { AsyncCircuitBreaker } from '@fluxgate/core';
import { check, fmt, roundRatio, row, withRatios } from '../figures.js';
import {
  asyncWork,
  cockatielTimeoutBreaker,
  identity,
  opossum,
  ownPromiseCall,
  rethrow,
} from '../fixtures.js';
import { measure, median } from '../harness.js';

const TIMEOUT = 10_000;

/** Scenario 7: calls under a timeout, as services run them. */
export default {
  id: 'timeouts',
  title: '7. Async call under a 10 s timeout',
  unit: 'ns/op',
  description:
    'A call that resolves at once under a 10 s timeout: fluxgate `call` and `wrap` with the ' +
    "breaker's `timeout`, `run(fn, { timeout })` with the signal unread and read, opossum's " +
    'default 10 s timeout, and cockatiel `timeout(10 s)` wrapping a `ConsecutiveBreaker`. ' +
    'The reference rows give the floor of a call that can be released at its deadline: a ' +
    "promise of its own and a callback pair on fn's promise, next to the thinnest wrapper.",
  async run(config, gc) {
    const fn = asyncWork;
    const plain = new AsyncCircuitBreaker();
    const timed = new AsyncCircuitBreaker({ timeout: TIMEOUT });
    const wrapped = timed.wrap(fn);
    const runOptions = { timeout: TIMEOUT };
    const unread = () => fn();
    const read = ({ signal }) => (signal.aborted ? 0 : fn());
    const opossumDefault = opossum(fn);
    const contenders = [
      { name: 'bare await fn()', role: 'baseline', body: 'r = await fn();', scope: { fn } },
      {
        name: 'fluxgate call (no timeout)',
        role: 'reference',
        body: 'r = await breaker.call(fn);',
        scope: { fn, breaker: plain },
      },
      {
        name: 'fn().then(onValue, onError) (thinnest wrapper)',
        role: 'reference',
        body: 'r = await fn().then(identity, rethrow);',
        scope: { fn, identity, rethrow },
      },
      {
        name: 'own promise + callback pair (no deadline)',
        role: 'reference',
        body: 'r = await own(fn);',
        scope: { fn, own: ownPromiseCall },
      },
      {
        name: 'fluxgate call (timeout)',
        body: 'r = await breaker.call(fn);',
        scope: { fn, breaker: timed },
      },
      { name: 'fluxgate wrap (timeout)', body: 'r = await wrapped();', scope: { wrapped } },
      {
        name: 'fluxgate run (timeout, signal unread)',
        body: 'r = await breaker.run(unread, options);',
        scope: { unread, options: runOptions, breaker: plain },
      },
      {
        name: 'fluxgate run (timeout, signal read)',
        body: 'r = await breaker.run(read, options);',
        scope: { read, options: runOptions, breaker: plain },
      },
      {
        name: 'opossum fire (default 10 s timeout)',
        body: 'r = await breaker.fire();',
        scope: { breaker: opossumDefault },
      },
      {
        name: 'cockatiel timeout + ConsecutiveBreaker',
        body: 'r = await policy.execute(fn);',
        scope: { fn, policy: cockatielTimeoutBreaker(TIMEOUT) },
      },
    ].map((c) => ({ kind: 'async', ...c }));
    const rows = withRatios(await measure(contenders, config, gc), 'bare await fn()');
    opossumDefault.shutdown();

    const reference = row(rows, 'fluxgate call (no timeout)');
    const call = row(rows, 'fluxgate call (timeout)');
    const unreadRow = row(rows, 'fluxgate run (timeout, signal unread)');
    const callShare = roundRatio(call, reference);
    const runShare = roundRatio(unreadRow, reference);
    // The floor of both ratios, per round: the plain call plus what a promise of the call's own
    // and a callback pair add to the thinnest wrapper, before any deadline is kept.
    const thin = row(rows, 'fn().then(onValue, onError) (thinnest wrapper)');
    const own = row(rows, 'own promise + callback pair (no deadline)');
    const floor = median(
      reference.samples.map((ns, k) => (ns + own.samples[k] - thin.samples[k]) / ns),
    );
    const floorNote = `floor ${fmt(floor, 2)}x: the plain call + an own promise and callback pair`;
    const opossumRatio = roundRatio(row(rows, 'opossum fire (default 10 s timeout)'), call);
    const cockatielRatio = roundRatio(row(rows, 'cockatiel timeout + ConsecutiveBreaker'), call);
    const checks = [
      check(
        'call under the timeout <= 1.3x the same call without one',
        `${fmt(callShare, 2)}x (${floorNote})`,
        callShare <= 1.3,
        callShare,
        1.3,
      ),
      check(
        'run(fn, { timeout }), signal unread, <= 1.5x a call without timeout',
        `${fmt(runShare, 2)}x (${floorNote})`,
        runShare <= 1.5,
        runShare,
        1.5,
      ),
      check(
        'call under the timeout >= 5x faster than opossum with its timeout',
        `${fmt(opossumRatio, 2)}x faster`,
        opossumRatio >= 5,
        opossumRatio,
        5,
      ),
      check(
        'call under the timeout faster than cockatiel timeout + breaker',
        `${fmt(cockatielRatio, 2)}x faster`,
        cockatielRatio > 1,
        cockatielRatio,
        1,
      ),
    ];
    return { rows, checks };
  },
};
