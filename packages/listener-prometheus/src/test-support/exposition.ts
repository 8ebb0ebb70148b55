// Expected exposition text, written out line by line so a test shows exactly what Prometheus
// will read.
import { STATES, type State } from '@fluxgate/core';

export const STATE_HEADER = [
  '# HELP circuit_breaker_state Circuit breaker state: 1 for the current state, 0 for the others',
  '# TYPE circuit_breaker_state gauge',
];
export const TRANSITION_HEADER = [
  '# HELP circuit_breaker_state_transition_total Circuit breaker state transitions',
  '# TYPE circuit_breaker_state_transition_total counter',
];

/** The six state-gauge lines of one circuit. */
export function stateLines(circuit: string, current: State): string[] {
  return STATES.map(
    (state) =>
      `circuit_breaker_state{circuit_name="${circuit}",state="${state}"} ${state === current ? 1 : 0}`,
  );
}

/** One transition-counter line. */
export function transitionLine(circuit: string, from: State, to: State, count: number): string {
  return `circuit_breaker_state_transition_total{circuit_name="${circuit}",old_state="${from}",new_state="${to}"} ${count}`;
}

/** Blocks of lines joined the way prom-client renders a registry. */
export function exposition(...blocks: string[][]): string {
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
