// The half_open probe cap seen from inside the protected function: never more than
// maxHalfOpenCalls probes run at once, the count never goes negative (a slot is freed once, and
// only in the episode that took it), and probes of an ended episode free nothing.
import { CallNotPermittedError, Custom } from '@fluxgate/core';
import fc from 'fast-check';
import { ConcurrencyMeter } from '../support/concurrency-meter';
import { type Deferred, deferred } from '../support/deferred';
import { asyncBreaker, readyToProbe } from '../support/test-breakers';

class Ignored extends Error {}

function probeCall(meter: ConcurrencyMeter) {
  const gate = deferred<string>();
  return { gate, fn: () => meter.during(gate.promise) };
}

test.each([1, 3, 10])(
  'maxHalfOpenCalls %i: exactly that many of 50 concurrent probes run',
  async (k) => {
    const { breaker, clock } = asyncBreaker({ maxHalfOpenCalls: k });
    await readyToProbe(breaker, clock);
    const meter = new ConcurrencyMeter();
    const gates: Deferred<string>[] = [];
    const results = Array.from({ length: 50 }, () => {
      const { gate, fn } = probeCall(meter);
      gates.push(gate);
      return breaker.call(fn).then(
        () => 'ran',
        (e: unknown) => (CallNotPermittedError.isInstance(e) ? `rejected in ${e.state}` : 'failed'),
      );
    });
    expect(breaker.info().state).toBe('half_open');
    expect(meter.running).toBe(k);
    for (const gate of gates) gate.resolve('ok');
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(k);
    expect(outcomes.filter((o) => o === 'rejected in half_open')).toHaveLength(50 - k);
    expect(meter.max).toBe(k);
    expect(breaker.info().state).toBe('closed');
  },
);

test('a settled probe frees exactly one slot, an ignored error included, never more', async () => {
  const k = 3;
  const { breaker, clock } = asyncBreaker({
    maxHalfOpenCalls: k,
    tracker: new Custom((error) => !(error instanceof Ignored)),
  });
  await readyToProbe(breaker, clock);
  const meter = new ConcurrencyMeter();
  const inFlight: { gate: Deferred<string>; call: Promise<unknown> }[] = [];
  const start = () => {
    const { gate, fn } = probeCall(meter);
    const call = breaker.call(fn).catch((e: unknown) => e);
    inFlight.push({ gate, call });
    return call;
  };
  for (let i = 0; i < k; i++) start();
  expect(meter.running).toBe(k);
  for (let round = 0; round < 20; round++) {
    // Full: the next one is rejected at once.
    expect(CallNotPermittedError.isInstance(await start())).toBe(true);
    inFlight.pop();
    // One ignored error frees one slot: one more runs, the one after is rejected again.
    const first = inFlight.shift()!;
    first.gate.reject(new Ignored('caller gave up'));
    expect(await first.call).toBeInstanceOf(Ignored);
    start();
    expect(meter.running).toBe(k);
    expect(CallNotPermittedError.isInstance(await start())).toBe(true);
    inFlight.pop();
  }
  expect(meter.max).toBe(k);
  expect(breaker.info().state).toBe('half_open');
});

test('probes of an ended half_open episode free no slot of the next one', async () => {
  const k = 4;
  const { breaker, clock } = asyncBreaker({ maxHalfOpenCalls: k });
  await readyToProbe(breaker, clock);
  const old = new ConcurrencyMeter();
  const oldGates: Deferred<string>[] = [];
  const oldCalls = Array.from({ length: k }, () => {
    const { gate, fn } = probeCall(old);
    oldGates.push(gate);
    return breaker.call(fn).catch((e: unknown) => e);
  });
  // One probe fails: half_open -> open, a new episode after the cooldown.
  oldGates[0].reject(new Error('still down'));
  await oldCalls[0];
  expect(breaker.info().state).toBe('open');
  clock.advance(2_000);

  const meter = new ConcurrencyMeter();
  const gates: Deferred<string>[] = [];
  const start = () => {
    const { gate, fn } = probeCall(meter);
    gates.push(gate);
    return breaker.call(fn).then(
      () => 'ran',
      (e: unknown) => (CallNotPermittedError.isInstance(e) ? 'rejected' : 'failed'),
    );
  };
  const first = start();
  expect(breaker.info().state).toBe('half_open');
  // The old probes end now: successes that must not close the circuit, and must not free slots.
  for (const gate of oldGates.slice(1)) gate.resolve('late');
  await Promise.all(oldCalls);
  expect(breaker.info().state).toBe('half_open');
  expect(breaker.info().metrics.totalCount).toBe(0);
  const more = Array.from({ length: 20 }, start);
  expect(meter.running).toBe(k);
  for (const gate of gates) gate.resolve('ok');
  const outcomes = await Promise.all([first, ...more]);
  expect(outcomes.filter((o) => o === 'ran')).toHaveLength(k);
  expect(meter.max).toBe(k);
});

test('random overlap across many episodes: never more than maxHalfOpenCalls probes at once', async () => {
  let probeEpisodes = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 5 }),
      fc.array(fc.tuple(fc.nat(9), fc.nat(1000)), { minLength: 50, maxLength: 300 }),
      async (k, steps) => {
        // A listener runs inside the transition, before the probe that caused it: every call
        // that enters the function knows its episode.
        let episode = new ConcurrencyMeter();
        const { breaker, clock } = asyncBreaker({
          maxHalfOpenCalls: k,
          listeners: [
            (signal) => {
              episode = new ConcurrencyMeter();
              if (signal.newState === 'half_open') probeEpisodes++;
            },
          ],
        });
        let worst = 0;
        const inFlight: { gate: Deferred<string>; call: Promise<unknown> }[] = [];
        const start = () => {
          const gate = deferred<string>();
          let entered = false;
          const call = breaker.call(() => {
            entered = true;
            const work = episode.during(gate.promise);
            if (breaker.info().state === 'half_open') worst = Math.max(worst, episode.running);
            return work;
          });
          const settled = call.catch(() => {});
          if (entered) inFlight.push({ gate, call: settled });
        };
        for (const [op, pick] of steps) {
          if (op < 4) start();
          else if (op < 8 && inFlight.length > 0) {
            const [{ gate, call }] = inFlight.splice(pick % inFlight.length, 1);
            if (op < 5) gate.reject(new Error('down'));
            else gate.resolve('ok');
            await call;
          } else {
            clock.advance(600);
          }
          if (worst > k) throw new Error(`${worst} probes ran at once in half_open, max ${k}`);
        }
        for (const { gate } of inFlight) gate.resolve('ok');
        await Promise.all(inFlight.map((f) => f.call));
      },
    ),
    { numRuns: 300 },
  );
  // The property means something only if half_open was reached often.
  expect(probeEpisodes).toBeGreaterThan(300);
});
