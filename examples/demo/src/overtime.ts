// When the script is over but the circuit is not closed yet.
import { sleep } from './sleep';

/**
 * On a loaded machine the story can run late: a recovery attempt that began in the brownout
 * reopens, and its back-off outlasts the script. The healthy upstream then keeps being called
 * (the caller's timers still run) until the circuit closes, for at most `maxMs`, so the story
 * reaches its end. `announce` is told once, with the state, when the demo goes into overtime.
 */
export async function overtime(
  maxMs: number,
  pollMs: number,
  state: () => string,
  signal: AbortSignal,
  announce: (state: string) => void,
): Promise<void> {
  if (signal.aborted || state() === 'closed') return;
  announce(state());
  const until = performance.now() + maxMs;
  while (!signal.aborted && state() !== 'closed' && performance.now() < until) {
    await sleep(pollMs, signal);
  }
}
