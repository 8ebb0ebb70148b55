import { parseArgs } from './args';

describe('parseArgs', () => {
  it('defaults to the full-length run with seed 1', () => {
    expect(parseArgs([])).toEqual({ fast: false, fleet: false, seed: 1, out: null, help: false });
  });

  it('reads --fast, --seed, --out and --help, and skips a lone --', () => {
    expect(parseArgs(['--', '--fast', '--seed', '7', '--out', 'x', '-h'])).toEqual({
      fast: true,
      fleet: false,
      seed: 7,
      out: 'x',
      help: true,
    });
  });

  it('reads --fleet', () => {
    expect(parseArgs(['--fleet', '--fast'])).toMatchObject({ fleet: true, fast: true });
    expect(() => parseArgs(['--fleet=no'])).toThrow(TypeError);
  });

  it('reads --name=value and negative seeds', () => {
    expect(parseArgs(['--seed=-3', '--out=dir'])).toMatchObject({ seed: -3, out: 'dir' });
  });

  it('refuses unknown arguments, positionals and bad values with a TypeError', () => {
    expect(() => parseArgs(['--fsat'])).toThrow(TypeError);
    expect(() => parseArgs(['--fsat'])).toThrow("Unknown option '--fsat'");
    expect(() => parseArgs(['extra'])).toThrow(TypeError);
    expect(() => parseArgs(['--seed', 'x'])).toThrow('--seed must be an integer, got x');
    expect(() => parseArgs(['--seed', '1.5'])).toThrow('--seed must be an integer, got 1.5');
    expect(() => parseArgs(['--seed='])).toThrow('--seed must be an integer, got ');
    expect(() => parseArgs(['--out'])).toThrow("Option '--out <value>' argument missing");
    expect(() => parseArgs(['--fast=yes'])).toThrow(TypeError);
  });
});
