import type { Signal } from '../listeners/signal';
import { MetricSnapshot } from '../metric';
import type { State } from '../state';
import type { FleetChange } from '../store/breaker-fleet';
import { drawDelay, readMetric, resetWindow } from './consult';
import type { StateMachine } from './state-machine';

/**
 * The one transition every state change goes through (see {@link StateMachine.transition}):
 * draws the retry time, starts a new generation with an empty window and a new half_open
 * episode, and hands the signal to the listeners, or to the fleet, which publishes it first.
 * `adopted` is a transition another instance made, taken over from the store.
 *
 * @internal
 */
export function transition(
  m: StateMachine,
  to: State,
  now: number,
  manual: boolean,
  adopted: FleetChange | undefined,
): Promise<void> | undefined {
  const from = m.state;
  const generation = m.generation;
  let reopens =
    to === 'closed' ? 0 : to === 'open' && from === 'half_open' ? m.reopens + 1 : m.reopens;
  let retryAt = Number.NaN;
  if (adopted !== undefined) ({ reopens, retryAt } = adopted);
  else if (to === 'open') {
    const delay = drawDelay(m.retry, reopens, m.random, m.report);
    // The retry moved the breaker itself: that newer transition stands, this one is void.
    if (m.generation !== generation) return undefined;
    retryAt = now + delay;
  }
  const metrics = MetricSnapshot.of(readMetric(m.window, now, m.report), m.measure);
  const streak = m.consecutiveFailures;
  m.state = to;
  m.generation = generation + 1;
  m.changedAt = adopted?.changedAt ?? now;
  m.reopens = reopens;
  m.retryAt = retryAt;
  if (to === 'half_open' || to === 'closed') m.consecutiveFailures = 0;
  m.episode.begin();
  resetWindow(m.window, m.report);
  m.time.stamp(now);
  const signal: Signal = Object.freeze({
    oldState: adopted?.from ?? from,
    newState: to,
    timestamp: m.time.toEpoch(m.changedAt),
    metrics,
    reopens,
    consecutiveFailures: streak,
    origin: adopted?.origin ?? 'local',
  });
  if (m.fleet === undefined) return m.listeners.broadcast(signal);
  return m.fleet.signal(signal, now, manual, adopted);
}
