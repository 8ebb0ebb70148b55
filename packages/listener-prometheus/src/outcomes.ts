import type { CallOutcome } from '@fluxgate/core';

/** Every call outcome, for the series a circuit may have and `close()` removes. */
export const OUTCOMES: readonly CallOutcome[] = Object.freeze([
  'success',
  'failure',
  'ignored',
  'rejected',
  'timeout',
]);
