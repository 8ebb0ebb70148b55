import { MetricSnapshot } from '../metric';
import { STATES, type State } from '../state';
import { HalfOpened } from './half-opened';

const ctx = (state: State) => ({
  metric: new MetricSnapshot(10, 10, 0, new Map(), false),
  state,
  consecutiveFailures: 10,
});

describe('HalfOpened', () => {
  test.each(STATES.map((state) => [state, state === 'half_open']))(
    'in %s evaluates to %p, whatever the window says',
    (state, expected) => {
      expect(new HalfOpened().evaluate(ctx(state as State))).toBe(expected);
    },
  );

  test('reads no durations and has no children', () => {
    expect(new HalfOpened().usesDurations).toBe(false);
    expect(new HalfOpened().children()).toEqual([]);
  });
});
