import type { Action, ControlTarget } from './actions';
import type { Outcome } from './reference-model';

const OUTCOMES: Outcome[] = [
  'success',
  'success',
  'success',
  'success',
  'flagged',
  'failure',
  'failure',
  'failure',
  'failure',
  'ignored',
];
const DURATIONS = [0, 1, 5, 20, 60, 150, 400, -30];
const CONTROLS: ControlTarget[] = ['closed', 'disabled', 'metrics_only', 'forced_open'];

/**
 * An endless-feeling stream of random steps for long soaks, drawn from `random` without
 * building an array: about as many settles as held calls, so some dozens of calls stay in flight;
 * clock moves forwards and backwards; a rare manual control. Stops after `calls` calls.
 *
 * @example
 * ```ts
 * await checkAsync(config, randomActions(lcg(seed), 1_000_000), seed);
 * ```
 */
export function* randomActions(random: () => number, calls: number): Generator<Action> {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  let made = 0;
  while (made < calls) {
    const r = random();
    if (r < 0.52) {
      made++;
      yield {
        kind: 'call',
        outcome: pick(OUTCOMES),
        duration: pick(DURATIONS),
        hold: random() < 0.7,
      };
    } else if (r < 0.88) {
      yield { kind: 'settle', pick: Math.floor(random() * 1_000) };
    } else if (r < 0.998) {
      const ms = random() < 0.8 ? Math.floor(random() * 150) : -Math.floor(random() * 200);
      yield { kind: 'advance', ms };
    } else {
      yield { kind: 'control', to: pick(CONTROLS) };
    }
  }
}
