import { overtime } from './overtime';

describe('overtime (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('returns at once when the circuit is closed', async () => {
    const announce = jest.fn();
    await overtime(5_000, 10, () => 'closed', new AbortController().signal, announce);
    expect(announce).not.toHaveBeenCalled();
  });

  test('goes on until the circuit closes, announced once', async () => {
    const t0 = performance.now();
    let state = 'open';
    setTimeout(() => {
      state = 'closed';
    }, 1_234);
    const announce = jest.fn();
    const done = overtime(5_000, 10, () => state, new AbortController().signal, announce);
    let finishedAt: number | undefined;
    void done.then(() => {
      finishedAt = performance.now() - t0;
    });
    await jest.advanceTimersByTimeAsync(3_000);
    expect(announce.mock.calls).toEqual([['open']]);
    expect(finishedAt).toBeGreaterThanOrEqual(1_234);
    expect(finishedAt).toBeLessThanOrEqual(1_234 + 10);
  });

  test('gives up after maxMs, or when stopped', async () => {
    const t0 = performance.now();
    let finishedAt: number | undefined;
    void overtime(
      500,
      10,
      () => 'open',
      new AbortController().signal,
      () => {},
    ).then(() => {
      finishedAt = performance.now() - t0;
    });
    await jest.advanceTimersByTimeAsync(2_000);
    expect(finishedAt).toBeGreaterThanOrEqual(500);
    expect(finishedAt).toBeLessThanOrEqual(510);

    const stop = new AbortController();
    let stopped = false;
    void overtime(
      60_000,
      10,
      () => 'half_open',
      stop.signal,
      () => {},
    ).then(() => {
      stopped = true;
    });
    await jest.advanceTimersByTimeAsync(100);
    stop.abort();
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(true);
  });
});
