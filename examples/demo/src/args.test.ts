import { parseArgs } from './args';

describe('parseArgs', () => {
  it('defaults to the full-length run with seed 1', () => {
    expect(parseArgs([])).toEqual({ fast: false, seed: 1, out: null, help: false });
  });

  it('reads --fast, --seed, --out and --help, and skips a lone --', () => {
    expect(parseArgs(['--', '--fast', '--seed', '7', '--out', 'x', '-h'])).toEqual({
      fast: true,
      seed: 7,
      out: 'x',
      help: true,
    });
  });

  it('refuses unknown arguments and bad values', () => {
    expect(() => parseArgs(['--fsat'])).toThrow('unknown argument --fsat');
    expect(() => parseArgs(['--seed', 'x'])).toThrow('--seed must be an integer, got x');
    expect(() => parseArgs(['--out'])).toThrow('--out needs a value');
  });
});
