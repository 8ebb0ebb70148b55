// The steps both end-to-end tests take against a real Prometheus: wait until a query shows what
// is expected, and drive a breaker through every state while Prometheus watches.
import { type AsyncCircuitBreaker, CallNotPermittedError, type State } from '@fluxgate/core';
import { COOLDOWN, type ManualClock } from './breakers';
import { type PrometheusServer, poll, type Sample } from './prometheus-server';

/** Polls until `expr` returns samples that `accept` takes; a give-up carries the server's log. */
export function seen(
  prometheus: PrometheusServer,
  what: string,
  expr: string,
  accept: (samples: Sample[]) => boolean,
): Promise<Sample[]> {
  return poll(`Prometheus to see ${what}`, async () => {
    const samples = await prometheus.query(expr);
    return accept(samples) ? samples : undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}\nPrometheus log:\n${prometheus.log()}`);
  });
}

/** Waits until the six state series `selector` picks show `state` as the current one. */
export function stateIs(
  prometheus: PrometheusServer,
  selector: string,
  state: State,
): Promise<Sample[]> {
  return seen(
    prometheus,
    `state ${state} in ${selector}`,
    `circuit_breaker_state${selector}`,
    (s) => {
      const current = s.filter((sample) => sample.value === 1);
      return s.length === 6 && current.length === 1 && current[0]!.metric.state === state;
    },
  );
}

/** The samples as `{ labelValue: value }`, keyed by `label`. */
export function byLabel(samples: Sample[], label: string): Record<string, number> {
  return Object.fromEntries(samples.map((sample) => [sample.metric[label], sample.value]));
}

/** Transition samples as `{ 'old->new': count }`. */
export function byTransition(samples: Sample[]): Record<string, number> {
  return Object.fromEntries(
    samples.map((s) => [`${s.metric.old_state}->${s.metric.new_state}`, s.value]),
  );
}

/**
 * Drives a breaker that two failures in a row trip through closed -> open -> half_open ->
 * closed, waiting at each state until `observed(state)` resolves. It ends with 3 successes,
 * 3 failures and 1 rejection counted, and a window of 2 calls with a failure rate of 0.5.
 */
export async function cycleThroughStates(
  breaker: AsyncCircuitBreaker,
  clock: ManualClock,
  observed: (state: State) => Promise<unknown>,
): Promise<void> {
  const work = (ms: number) => async () => {
    clock.advance(ms);
    return 'ok';
  };
  const failing = (ms: number) => async () => {
    clock.advance(ms);
    throw new Error('dependency down');
  };
  await observed('closed');
  await breaker.call(work(30));
  await expect(breaker.call(failing(40))).rejects.toThrow('dependency down');
  await expect(breaker.call(failing(40))).rejects.toThrow('dependency down');
  await expect(breaker.call(work(1))).rejects.toThrow(CallNotPermittedError);
  await observed('open');

  clock.advance(COOLDOWN);
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const probe = breaker.call(async () => {
    await gate;
    clock.advance(20);
    return 'probe';
  });
  expect(breaker.info().state).toBe('half_open');
  await observed('half_open');

  release();
  await expect(probe).resolves.toBe('probe');
  await breaker.call(work(30));
  await expect(breaker.call(failing(40))).rejects.toThrow('dependency down');
  await breaker.flush();
  await observed('closed');
}
