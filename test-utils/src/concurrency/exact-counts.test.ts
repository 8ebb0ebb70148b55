// Exact bookkeeping under heavy overlap: thousands of calls in flight, settled in a random
// order across forced transitions. The window holds exactly the outcomes of calls that started
// in the current generation, call events count every call exactly once, and no signal is lost.
import {
  type CallEvent,
  type CallOutcome,
  CountWindow,
  Custom,
  Listener,
  type Signal,
} from '@fluxgate/core';
import { lcg } from '../model/lcg';
import { deferred } from '../support/deferred';
import { asyncBreaker } from '../support/test-breakers';

class Ignored extends Error {}

class Counting extends Listener {
  readonly outcomes: Record<CallOutcome, number> = {
    success: 0,
    failure: 0,
    ignored: 0,
    rejected: 0,
    timeout: 0,
  };
  readonly signals: Signal[] = [];
  notify(signal: Signal): void {
    this.signals.push(signal);
  }
  override onCall(event: CallEvent): void {
    this.outcomes[event.outcome]++;
  }
}

type Kind = 'success' | 'failure' | 'ignored';

test('5,000 overlapping calls across 4 forced transitions: every count exact', async () => {
  const random = lcg(20_260_101);
  const counting = new Counting();
  const { breaker } = asyncBreaker({
    window: new CountWindow(100_000),
    tracker: new Custom((error) => !(error instanceof Ignored)),
    listeners: [counting],
  });
  await breaker.metricsOnly(); // records everything, never trips
  let generation = 0;
  const calls: { kind: Kind; generation: number; end: () => void; done: Promise<unknown> }[] = [];
  const startBatch = (n: number) => {
    for (let i = 0; i < n; i++) {
      const kind: Kind = (['success', 'failure', 'ignored'] as const)[Math.floor(random() * 3)];
      const gate = deferred<string>();
      const done = breaker.call(() => gate.promise).catch((e: unknown) => e);
      const end =
        kind === 'success'
          ? () => gate.resolve('ok')
          : () => gate.reject(kind === 'failure' ? new Error('down') : new Ignored('skip'));
      calls.push({ kind, generation, end, done });
    }
  };
  const expected = { total: 0, failures: 0 };
  let checks = 0;
  const settleSome = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const [call] = calls.splice(Math.floor(random() * calls.length), 1);
      call.end();
      await call.done;
      if (call.generation === generation && call.kind !== 'ignored') {
        expected.total++;
        if (call.kind === 'failure') expected.failures++;
      }
    }
    const { totalCount, failureCount } = breaker.info().metrics;
    expect({ total: totalCount, failures: failureCount }).toEqual(expected);
    checks++;
  };
  const control = async () => {
    await breaker.metricsOnly();
    generation++;
    expected.total = 0;
    expected.failures = 0;
  };

  startBatch(1_500);
  await settleSome(500);
  await control();
  startBatch(1_500);
  await settleSome(1_000);
  await control();
  startBatch(1_000);
  await settleSome(1_500);
  await control();
  startBatch(1_000);
  await settleSome(500);
  await control();
  await settleSome(calls.length);

  expect(checks).toBe(5);
  expect(counting.outcomes.success + counting.outcomes.failure + counting.outcomes.ignored).toBe(
    5_000,
  );
  expect(counting.outcomes.rejected + counting.outcomes.timeout).toBe(0);
  expect(counting.signals.map((s) => `${s.oldState}->${s.newState}`)).toEqual([
    'closed->metrics_only',
    ...Array(4).fill('metrics_only->metrics_only'),
  ]);
});

test('the window after a forced transition holds exactly the current generation', async () => {
  const random = lcg(7);
  const { breaker } = asyncBreaker({
    window: new CountWindow(100_000),
    tracker: new Custom((error) => !(error instanceof Ignored)),
  });
  await breaker.metricsOnly();
  const before = Array.from({ length: 2_000 }, () => deferred<string>());
  const beforeCalls = before.map((gate) => breaker.call(() => gate.promise).catch(() => {}));
  await breaker.metricsOnly();
  const after = Array.from({ length: 2_000 }, () => deferred<string>());
  const afterCalls = after.map((gate) => breaker.call(() => gate.promise).catch(() => {}));
  let failures = 0;
  let ignored = 0;
  // Both batches end interleaved, in a random order.
  const all = [
    ...before.map((g) => ({ g, current: false })),
    ...after.map((g) => ({ g, current: true })),
  ];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  for (const { g, current } of all) {
    const r = random();
    if (r < 0.4) g.resolve('ok');
    else if (r < 0.8) {
      g.reject(new Error('down'));
      if (current) failures++;
    } else {
      g.reject(new Ignored('skip'));
      if (current) ignored++;
    }
  }
  await Promise.all([...beforeCalls, ...afterCalls]);
  expect(breaker.info().metrics).toMatchObject({
    totalCount: 2_000 - ignored,
    failureCount: failures,
  });
});
