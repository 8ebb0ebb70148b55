// How long each mode measures. `full` is what docs/performance.md shows; `quick` checks the
// picture in well under a minute; `test` only proves the harness produces figures.

/**
 * rounds: batches per contender (the median is kept); batchMs: target length of one batch;
 * warmupMs: minimum warm-up per contender before calibration ends; gcEachRound: a full
 * collection before each round; memory: breakers built per library, calls through each, and
 * how many times the weighing is repeated.
 */
export const MODES = {
  full: {
    rounds: 31,
    batchMs: 10,
    warmupMs: 300,
    gcEachRound: true,
    memory: { breakers: 10_000, calls: 100, rounds: 3 },
  },
  quick: {
    rounds: 9,
    batchMs: 5,
    warmupMs: 100,
    gcEachRound: true,
    memory: { breakers: 2_000, calls: 100, rounds: 1 },
  },
  test: {
    rounds: 2,
    batchMs: 1,
    warmupMs: 2,
    gcEachRound: false,
    memory: { breakers: 500, calls: 10, rounds: 1 },
  },
};
