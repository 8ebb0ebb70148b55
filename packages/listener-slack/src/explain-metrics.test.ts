import { explainMetrics, explainSignal, formatDuration } from './explain-metrics';
import { signal, window } from './testing/signals';

describe('explainMetrics', () => {
  test('says how many calls failed', () => {
    expect(explainMetrics(window(100, 62))).toBe('62% of 100 calls failed');
    expect(explainMetrics(window(1, 1))).toBe('100% of 1 call failed');
  });

  test('an empty window explains nothing', () => {
    expect(explainMetrics(window(0, 0))).toBeNull();
  });

  test('does not round a few failures to 0% nor almost all to 100%', () => {
    expect(explainMetrics(window(1000, 4))).toBe('0.4% of 1000 calls failed');
    expect(explainMetrics(window(1000, 996))).toBe('99.6% of 1000 calls failed');
  });

  test('adds the average latency and slow shares when they were measured', () => {
    const metrics = window(10, 2, {
      totalDuration: 12_000,
      slow: [
        [500, 4],
        [2_000, 0],
      ],
    });
    expect(explainMetrics(metrics)).toBe(
      '20% of 10 calls failed · average 1.2 s · 40% of calls took ≥ 500 ms',
    );
  });

  test('formats durations for reading', () => {
    expect(formatDuration(849.6)).toBe('850 ms');
    expect(formatDuration(1_250)).toBe('1.3 s');
    expect(formatDuration(42_000)).toBe('42 s');
  });
});

describe('explainSignal', () => {
  test('a trip is explained as why it tripped', () => {
    expect(explainSignal(signal('closed', 'open', { metrics: window(100, 62) }))).toEqual({
      label: 'Why it tripped',
      text: '62% of 100 calls failed',
    });
  });

  test('a failure streak is named first: the rate alone would not explain the trip', () => {
    const why = explainSignal(
      signal('closed', 'open', { metrics: window(93, 9), consecutiveFailures: 5 }),
    );
    expect(why?.text).toBe('5 failures in a row · 10% of 93 calls failed');
  });

  test('a reopen also counts the reopens', () => {
    const why = explainSignal(signal('half_open', 'open', { metrics: window(1, 1), reopens: 2 }));
    expect(why?.text).toBe('100% of 1 call failed · reopened 2 times since it was last closed');
  });

  test('other transitions describe the recent calls', () => {
    expect(explainSignal(signal('half_open', 'closed', { metrics: window(3, 0) }))).toEqual({
      label: 'Recent calls',
      text: '0% of 3 calls failed',
    });
  });

  test('nothing to say after open -> half_open (open records no calls)', () => {
    expect(explainSignal(signal('open', 'half_open'))).toBeNull();
  });
});
