import { ProbeLeases } from './probe-leases';

describe('ProbeLeases', () => {
  it('hands out granted leases until they expire, and remembers the demand', () => {
    const leases = new ProbeLeases();
    expect(leases.take(0)).toBe(false);
    expect(leases.take(0)).toBe(false);
    expect(leases.wanted).toBe(true);
    expect(leases.want(10)).toBe(2);
    expect(leases.wanted).toBe(false);
    leases.grant(['a', 'b'], 100);
    expect(leases.take(50)).toBe(true);
    expect(leases.take(100)).toBe(false); // b expired
  });

  it('asks for at least one and at most the cap', () => {
    const leases = new ProbeLeases();
    expect(leases.want(3)).toBe(1);
    for (let i = 0; i < 9; i++) leases.ask();
    expect(leases.want(3)).toBe(3);
  });

  it('sends back the leases of settled probes, once', () => {
    const leases = new ProbeLeases();
    leases.grant(['a'], 100);
    leases.take(0);
    leases.release();
    leases.release(); // nothing more in use
    expect(leases.hasReleases).toBe(true);
    expect(leases.takeReleases()).toEqual(['a']);
    expect(leases.takeReleases()).toEqual([]);
  });

  it('voids every lease on a new episode', () => {
    const leases = new ProbeLeases();
    leases.grant(['a', 'b'], 100);
    leases.take(0);
    leases.release();
    leases.clear();
    expect(leases.take(0)).toBe(false);
    expect(leases.hasReleases).toBe(false);
  });
});
