import { AsyncCircuitBreaker } from '@fluxgate/core';
import { check, fmt, roundRatio, row, withRatios } from '../figures.js';
import {
  asyncWork,
  cockatielConsecutive,
  cockatielSampling,
  identity,
  opossum,
  rethrow,
} from '../fixtures.js';
import { measure } from '../harness.js';

/** Scenario 1: an async call in closed state with every library's default configuration. */
export default {
  id: 'async-closed',
  title: '1. Async call, closed state, default config',
  unit: 'ns/op',
  description:
    'One awaited call of an async function that resolves at once, through each breaker in its ' +
    'default configuration. Shows the fixed cost a breaker adds to every call.',
  async run(config, gc) {
    const fn = asyncWork;
    const breaker = new AsyncCircuitBreaker();
    const wrapped = breaker.wrap(fn);
    const opossumNoTimeout = opossum(fn, { timeout: false });
    const opossumDefault = opossum(fn);
    const contenders = [
      { name: 'bare await fn()', role: 'baseline', body: 'r = await fn();', scope: { fn } },
      {
        name: 'await fn().then(x => x) (floor)',
        role: 'reference',
        body: 'r = await fn().then(identity);',
        scope: { fn, identity },
      },
      {
        name: 'fn().then(onValue, onError) (thinnest wrapper)',
        role: 'reference',
        body: 'r = await fn().then(identity, rethrow);',
        scope: { fn, identity, rethrow },
      },
      { name: 'fluxgate call', body: 'r = await breaker.call(fn);', scope: { fn, breaker } },
      { name: 'fluxgate wrap', body: 'r = await wrapped();', scope: { wrapped } },
      {
        name: 'cockatiel ConsecutiveBreaker',
        body: 'r = await policy.execute(fn);',
        scope: { fn, policy: cockatielConsecutive() },
      },
      {
        name: 'cockatiel SamplingBreaker',
        body: 'r = await policy.execute(fn);',
        scope: { fn, policy: cockatielSampling() },
      },
      {
        name: 'opossum fire (timeout: false)',
        body: 'r = await breaker.fire();',
        scope: { breaker: opossumNoTimeout },
      },
      {
        name: 'opossum fire (default timeout)',
        body: 'r = await breaker.fire();',
        scope: { breaker: opossumDefault },
      },
    ].map((c) => ({ kind: 'async', ...c }));
    const rows = withRatios(await measure(contenders, config, gc), 'bare await fn()');
    opossumNoTimeout.shutdown();
    opossumDefault.shutdown();

    const call = row(rows, 'fluxgate call');
    const wrap = row(rows, 'fluxgate wrap');
    const sampling = roundRatio(row(rows, 'cockatiel SamplingBreaker'), call);
    const opossumRatio = roundRatio(row(rows, 'opossum fire (timeout: false)'), call);
    const thinnest = roundRatio(call, row(rows, 'fn().then(onValue, onError) (thinnest wrapper)'));
    const checks = [
      check(
        'fluxgate call <= 2.0x bare (the plain path does not get slower)',
        `${fmt(call.ratio, 2)}x`,
        call.ratio <= 2,
        call.ratio,
        2,
      ),
      check(
        'stretch: fluxgate call <= 1.25x fn().then(onValue, onError)',
        `${fmt(thinnest, 2)}x`,
        thinnest <= 1.25,
        thinnest,
        1.25,
      ),
      check(
        'fluxgate call <= 1.8x bare',
        `${fmt(call.ratio, 2)}x`,
        call.ratio <= 1.8,
        call.ratio,
        1.8,
      ),
      check(
        'fluxgate wrap <= 1.8x bare',
        `${fmt(wrap.ratio, 2)}x`,
        wrap.ratio <= 1.8,
        wrap.ratio,
        1.8,
      ),
      check(
        'fluxgate call >= 3x faster than cockatiel SamplingBreaker',
        `${fmt(sampling, 2)}x faster`,
        sampling >= 3,
        sampling,
        3,
      ),
      check(
        'fluxgate call >= 8x faster than opossum (timeout: false)',
        `${fmt(opossumRatio, 2)}x faster`,
        opossumRatio >= 8,
        opossumRatio,
        8,
      ),
    ];
    return { rows, checks };
  },
};
