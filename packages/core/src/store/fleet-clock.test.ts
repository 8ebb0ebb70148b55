import { FleetClock } from './fleet-clock';

describe('FleetClock', () => {
  it('uses the initial guess until a reply arrives', () => {
    const clock = new FleetClock(1_000);
    expect(clock.toStore(5)).toBe(1_005);
    expect(clock.toLocal(1_005)).toBe(5);
  });

  it('places the store reading at the middle of the round-trip', () => {
    const clock = new FleetClock(0);
    clock.sample(100, 110, 10_105);
    expect(clock.toStore(105)).toBe(10_105);
  });

  it('keeps the shortest round-trip until it is stale', () => {
    const clock = new FleetClock(0);
    clock.sample(100, 102, 5_101); // offset 5000, round-trip 2
    clock.sample(200, 260, 9_230); // slower: ignored
    expect(clock.toStore(0)).toBe(5_000);
    clock.sample(40_000, 40_050, 47_025); // the best sample is 40 s old: replaced
    expect(clock.toStore(0)).toBe(7_000);
  });

  it('ignores a reply with a broken time or a clock that went back', () => {
    const clock = new FleetClock(7);
    clock.sample(10, 5, 100);
    clock.sample(10, 12, Number.NaN);
    expect(clock.toStore(0)).toBe(7);
  });

  it('keeps Infinity as Infinity', () => {
    expect(new FleetClock(3).toLocal(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});
