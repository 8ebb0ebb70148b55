import { checkBuckets } from './validate';

describe('checkBuckets', () => {
  const rule = 'a non-empty array of finite numbers > 0 in increasing order';

  test('returns a frozen copy of increasing positive bounds', () => {
    const given = [0.1, 1, 10];
    const buckets = checkBuckets('L', 'buckets', given);
    expect(buckets).toEqual([0.1, 1, 10]);
    expect(Object.isFrozen(buckets)).toBe(true);
    given.push(100);
    expect(buckets).toEqual([0.1, 1, 10]);
  });

  test.each([
    ['not an array', '0.1', 'got "0.1"'],
    ['a member that is not a number', [0.1, '1'], 'got [0.1, "1"]'],
  ])('%s is a TypeError', (_, value, got) => {
    expect(() => checkBuckets('L', 'buckets', value)).toThrow(
      new TypeError(`L: buckets must be ${rule}, ${got}`),
    );
  });

  test.each([
    ['empty', []],
    ['zero first', [0, 1]],
    ['negative', [-1, 1]],
    ['decreasing', [1, 0.5]],
    ['repeated', [1, 1]],
    ['NaN', [0.1, Number.NaN]],
    ['Infinity', [0.1, Number.POSITIVE_INFINITY]],
  ])('%s is a RangeError', (_, value) => {
    expect(() => checkBuckets('L', 'buckets', value)).toThrow(RangeError);
    expect(() => checkBuckets('L', 'buckets', value)).toThrow(`L: buckets must be ${rule}, got [`);
  });

  test('minGap refuses bounds closer than it, the first counted from 0', () => {
    expect(() => checkBuckets('L', 'b', [0.1, 0.1000001], 1e-6)).toThrow(
      new RangeError(
        'L: b must be at least 0.000001 apart, the first at least 0.000001, got [0.1, 0.1000001]',
      ),
    );
    expect(() => checkBuckets('L', 'b', [1e-7, 1], 1e-6)).toThrow(RangeError);
    expect(checkBuckets('L', 'b', [1e-6, 2e-6], 1e-6)).toEqual([1e-6, 2e-6]);
    expect(checkBuckets('L', 'b', [0.1, 0.1000001])).toEqual([0.1, 0.1000001]);
  });
});
