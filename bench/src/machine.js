import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';

/** What the figures were measured on. */
export function describeMachine() {
  return {
    node: process.version,
    v8: process.versions.v8,
    os: `${type()} ${release()} ${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: loadAverage(),
  };
}

/**
 * The 1-minute load average, rounded. Other processes on a 2-core machine move the figures a
 * lot, so every result records how busy the machine was.
 */
export function loadAverage() {
  return Math.round(loadavg()[0] * 100) / 100;
}
