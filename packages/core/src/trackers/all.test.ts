import { All } from './all';

const revoked = Proxy.revocable({}, {});
revoked.revoke();

describe('All (tracker)', () => {
  test.each([
    ['an Error', new Error('boom')],
    ['a TypeError', new TypeError('bad')],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'boom'],
    ['a number', 0],
    ['a symbol', Symbol('boom')],
    ['a revoked Proxy', revoked.proxy],
    [
      'an object with throwing getters',
      {
        get message(): string {
          throw new Error('getter');
        },
      },
    ],
  ])('counts %s as a failure', (_label, error) => {
    expect(new All().matches(error)).toBe(true);
  });
});
