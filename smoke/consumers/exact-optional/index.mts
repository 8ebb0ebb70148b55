// An ESM project with `exactOptionalPropertyTypes`: every optional option accepts an explicit
// `undefined`, as in `initialState: saved ?? undefined` (docs/operational-controls.md).
import {
  AsyncCircuitBreaker,
  Backoff,
  type BreakerSnapshot,
  CircuitBreaker,
  Cooldown,
  TimeWindow,
} from '@fluxgate/core';
import { LogListener } from '@fluxgate/listener-log';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { AsyncSlackListener, SlackListener } from '@fluxgate/listener-slack';

declare const kv: { get(key: string): Promise<BreakerSnapshot | null> };

// The operational-controls guide, as written there.
const saved = await kv.get('breaker:payments');
const payments = new AsyncCircuitBreaker({ initialState: saved ?? undefined });

const sync = new CircuitBreaker({
  window: undefined,
  tracker: undefined,
  tripper: undefined,
  retry: undefined,
  permit: undefined,
  listeners: undefined,
  clock: undefined,
  random: undefined,
  onListenerError: undefined,
  measureDurations: undefined,
  resultTracker: undefined,
  initialState: undefined,
});
sync.wrap(() => 1, { fallback: undefined, resultTracker: undefined });

const async = new AsyncCircuitBreaker({
  maxHalfOpenCalls: undefined,
  timeout: undefined,
  listeners: [
    new LogListener({ name: 'a', logger: undefined, levelMap: undefined }),
    new PrometheusListener({
      name: 'a',
      registry: undefined,
      calls: undefined,
      buckets: undefined,
    }),
    new AsyncSlackListener({
      name: 'a',
      channel: 'C1',
      token: 'xoxb-unused',
      client: undefined,
      templates: undefined,
      fallbackTemplate: undefined,
    }),
  ],
});
await async.run(async () => 1, { timeout: undefined, signal: undefined });
async.wrap(async () => 1, { fallback: undefined, resultTracker: undefined });

new SlackListener({ name: 's', channel: 'C1', token: 'xoxb-unused', onError: undefined });
new TimeWindow(1_000, { bucketMs: undefined });
new Cooldown(1_000, { jitterRatio: undefined });
new Backoff({
  initial: 1_000,
  multiplier: undefined,
  maxDuration: undefined,
  jitterRatio: undefined,
});

export { payments };
