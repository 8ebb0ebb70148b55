// A CommonJS project on TypeScript's `moduleResolution: "node"` (node10), still the setting of
// many NestJS apps: every entry point of every package must resolve, with its types.
import { CircuitBreaker, CountWindow, FailureRate } from '@fluxgate/core';
import { All as AllPermit, RampUp } from '@fluxgate/core/permits';
import { Backoff, Never } from '@fluxgate/core/retries';
import { All as AllTracker, TypeOf } from '@fluxgate/core/trackers';
import { FailureStreak, MinRequests } from '@fluxgate/core/trippers';
import { TimeWindow } from '@fluxgate/core/windows';
import { LogListener } from '@fluxgate/listener-log';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { SlackListener } from '@fluxgate/listener-slack';

const breaker = new CircuitBreaker({
  window: new TimeWindow(30_000),
  tracker: new AllTracker().and(new TypeOf(Error)),
  tripper: new FailureStreak(5).or(new MinRequests(20).and(new FailureRate(0.5))),
  retry: new Backoff({ initial: 1_000 }),
  permit: new RampUp({ initial: 0.1, final: 1, duration: 10_000 }),
  listeners: [
    new LogListener({ name: 'node10' }),
    new PrometheusListener({ name: 'node10' }),
    new SlackListener({ name: 'node10', channel: 'C1', token: 'xoxb-unused' }),
  ],
});
const state: string = breaker.info().state;
const window: CountWindow = new CountWindow(10);

export { AllPermit, Never, state, window };
