// Two installed copies of core (an app's and a dependency's): the breaker of one accepts the
// other's components, composes them with `.or()`/`.and()`, and runs a whole failure cycle.
import * as core from '@fluxgate/core';
import * as copy from 'fluxgate-core-copy';
import { All as CopyPermitAll } from 'fluxgate-core-copy/permits';
import { All as CopyTrackerAll } from 'fluxgate-core-copy/trackers';

let now = 0;
const breaker = new core.CircuitBreaker({
  clock: { now: () => now },
  window: new copy.CountWindow(10),
  tracker: new CopyTrackerAll().or(new core.TypeOf(Error)),
  tripper: new core.FailureStreak(2).or(new copy.MinRequests(5).and(new core.FailureRate(0.5))),
  retry: new copy.Cooldown(1_000),
  permit: new CopyPermitAll(),
});
const states = [];
const fail = () => {
  throw new Error('down');
};
for (let i = 0; i < 2; i++) {
  try {
    breaker.call(fail);
  } catch {}
}
states.push(breaker.info().state);
let rejected;
try {
  breaker.call(() => 1);
} catch (error) {
  rejected = copy.CallNotPermittedError.isInstance(error);
}
now += 1_000;
const probe = breaker.call(() => 'ok');
states.push(breaker.info().state);
// The other direction: a tripper tree built by the copy around one of core's components.
const mixed = new copy.FailureStreak(3).or(new core.FailureStreak(1));
const other = new copy.CircuitBreaker({ tripper: mixed, window: new core.CountWindow(5) });
try {
  other.call(fail);
} catch {}
states.push(other.info().state);
process.stdout.write(JSON.stringify({ states, rejected, probe }));
