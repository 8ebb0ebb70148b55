import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's full collector: `global.gc` when node runs with `--expose-gc`, otherwise exposed at run
 * time (the flag only affects contexts created afterwards, hence the fresh one).
 */
export function fullGc() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}
