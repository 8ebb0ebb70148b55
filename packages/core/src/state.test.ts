import { isState, STATES } from './state';

describe('STATES', () => {
  test('lists the six states, in a fixed order', () => {
    expect(STATES).toEqual([
      'closed',
      'open',
      'half_open',
      'metrics_only',
      'disabled',
      'forced_open',
    ]);
  });

  test('is frozen', () => {
    expect(Object.isFrozen(STATES)).toBe(true);
    expect(() => (STATES as string[]).push('broken')).toThrow(TypeError);
    expect(STATES).toHaveLength(6);
  });
});

describe('isState', () => {
  test.each([...STATES])('accepts %s', (state) => {
    expect(isState(state)).toBe(true);
  });

  test.each([
    'CLOSED',
    'half-open',
    'halfOpen',
    ' closed',
    '',
    null,
    undefined,
    0,
    {},
    ['closed'],
    Object('closed'),
    Symbol('closed'),
  ])('rejects %p', (value) => {
    expect(isState(value)).toBe(false);
  });
});
