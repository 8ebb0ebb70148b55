import { MetricSnapshot } from '../metric';
import { STATES, type State } from '../state';
import { Closed } from './closed';

const ctx = (state: State) => ({
  metric: new MetricSnapshot(10, 10, 0, new Map(), false),
  state,
  consecutiveFailures: 10,
});

describe('Closed (tripper)', () => {
  test.each(STATES.map((state) => [state, state === 'closed']))(
    'in %s evaluates to %p, whatever the window says',
    (state, expected) => {
      expect(new Closed().evaluate(ctx(state as State))).toBe(expected);
    },
  );

  test('reads no durations and has no children', () => {
    expect(new Closed().usesDurations).toBe(false);
    expect(new Closed().children()).toEqual([]);
  });
});
