import {
  AsyncCircuitBreaker,
  type AsyncListener,
  type AsyncListenerFn,
  type Listener,
  type ListenerErrorHandler,
  type ListenerFn,
} from '@fluxgate/core';
import { RampUp } from '@fluxgate/core/permits';
import { Backoff } from '@fluxgate/core/retries';
import {
  FailureRate,
  FailureStreak,
  HalfOpened,
  MinRequests,
  SlowRate,
} from '@fluxgate/core/trippers';
import { TimeWindow } from '@fluxgate/core/windows';
import type { DemoSettings } from './settings';

/** What the payments breaker is built with besides the demo's timings. */
export interface PaymentsBreakerParts {
  readonly listeners: Iterable<Listener | AsyncListener | ListenerFn | AsyncListenerFn>;
  readonly random: () => number;
  readonly onListenerError: ListenerErrorHandler;
}

/** The numbers of the payments breaker's trip rule. */
export const TRIP_RULE = { streak: 5, minRequests: 20, failureRate: 0.5, slowRate: 0.3 } as const;

/** The numbers of its recovery rule: the probes a half_open episode records before it closes. */
export const RECOVERY_RULE = { probesToClose: 5 } as const;

/**
 * The breaker configured the way docs/trippers.md recommends for an HTTP dependency: five
 * failures in a row trip it at once; otherwise, once 20 calls are in the window, half of them
 * failing or 30% of them being slow trips it. Open waits with jittered back-off (x1.5 per failed recovery), half_open lets
 * a growing share of calls probe (at most five at a time) and decides on a sample: a failed
 * probe reopens at once, and after five probes 30% of them being slow reopens too, so a
 * brownout cannot close the circuit on one lucky probe. Non-2xx responses are failures and
 * every call has a timeout.
 */
export function paymentsBreaker(s: DemoSettings, parts: PaymentsBreakerParts): AsyncCircuitBreaker {
  return new AsyncCircuitBreaker({
    window: new TimeWindow(s.window, { bucketMs: s.bucket }),
    tripper: new HalfOpened()
      .and(
        new FailureStreak(1).or(
          new MinRequests(RECOVERY_RULE.probesToClose).and(
            new SlowRate(TRIP_RULE.slowRate, { threshold: s.slowThreshold }),
          ),
        ),
      )
      .or(
        new FailureStreak(TRIP_RULE.streak).or(
          new MinRequests(TRIP_RULE.minRequests).and(
            new FailureRate(TRIP_RULE.failureRate).or(
              new SlowRate(TRIP_RULE.slowRate, { threshold: s.slowThreshold }),
            ),
          ),
        ),
      ),
    probesToClose: RECOVERY_RULE.probesToClose,
    retry: new Backoff({
      initial: s.backoffInitial,
      multiplier: 1.5,
      maxDuration: s.backoffMax,
      jitterRatio: 0.2,
    }),
    permit: new RampUp({ initial: 0.2, final: 1, duration: s.rampUp }),
    maxHalfOpenCalls: 5,
    timeout: s.timeout,
    resultTracker: (res) => res instanceof Response && !res.ok,
    listeners: parts.listeners,
    random: parts.random,
    onListenerError: parts.onListenerError,
  });
}
