// Runs `--fast` in a child process against the built packages (turbo builds them before
// `test`), as a user would, and checks the story it tells and the files it writes.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from './demo-process';
import type { Summary } from './summary';

/** Whether `wanted` appears in `seen` in order, not necessarily next to each other. */
function inOrder(seen: readonly string[], wanted: readonly string[]): boolean {
  let i = 0;
  for (const item of seen) if (item === wanted[i]) i++;
  return i === wanted.length;
}

describe('pnpm demo --fast', () => {
  const out = mkdtempSync(join(tmpdir(), 'fluxgate-demo-'));
  let result: { code: number | null; stdout: string; stderr: string; ms: number };
  let summary: Summary;

  beforeAll(async () => {
    result = await startDemo(['--fast', '--out', out]).exited;
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  }, 30_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('exits 0 without writing to stderr, in a few seconds', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // About 6 s on an idle machine (the script is 4.8 s); the margin is for a loaded CI runner.
    expect(result.ms).toBeLessThan(15_000);
  });

  it('goes closed -> open -> half_open -> closed and ends closed', () => {
    const states = ['closed', ...summary.transitions.map((t) => t.to)];
    expect(inOrder(states, ['closed', 'open', 'half_open', 'closed'])).toBe(true);
    expect(summary.finalState).toBe('closed');
    expect(summary.detectOutageMs).not.toBeNull();
    expect(summary.recoverMs).not.toBeNull();
  });

  it('recovers on evidence: never closes while the upstream is still failing or slow', () => {
    // Before probesToClose, one slow probe closed the circuit in the brownout and it tripped
    // again 0.4 s later.
    expect(summary.falseRecoveries).toBe(0);
    const closes = summary.transitions.filter((t) => t.from === 'half_open' && t.to === 'closed');
    expect(closes.map((t) => t.phase)).toEqual(['recovery']);
    expect(result.stdout).toContain('never while the upstream was still unhealthy');
  });

  it('spares the failing upstream and answers from the cache', () => {
    expect(summary.spared).toBeGreaterThan(0);
    expect(summary.calls.rejected).toBeGreaterThanOrEqual(summary.spared);
    expect(summary.calls.fallback).toBeGreaterThan(0);
    expect(summary.calls.total).toBe(
      summary.calls.ok + summary.calls.failed + summary.calls.rejected,
    );
  });

  it('logs, posts to the Slack stand-in in a thread and serves Prometheus metrics', () => {
    const { stdout } = result;
    expect(stdout).toContain("Circuit Breaker 'payments' transitioned from CLOSED to OPEN");
    expect(stdout).toMatch(/#payments-alerts message 1: .*Circuit Breaker Triggered/);
    expect(stdout).toMatch(/reply to 1 \(also sent to the channel\): .*Recovered/);
    expect(stdout).toMatch(/metrics +http:\/\/127\.0\.0\.1:\d+\/metrics/);
    expect(stdout).toMatch(
      /circuit_breaker_state_transition_total\{circuit_name="payments",old_state="closed",new_state="open"\} [1-9]/,
    );
  });

  it('prints a progress line per second and a summary', () => {
    const progress = result.stdout.split('\n').filter((line) => /^ +\d+s {2}/.test(line));
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(result.stdout).toContain('Summary');
    expect(result.stdout).toMatch(/detected +the outage .* after it began/);
  });

  it('writes the SVG timeline and prints its path', () => {
    const svg = join(out, 'timeline.svg');
    expect(result.stdout).toContain(`timeline  ${svg}`);
    expect(existsSync(svg)).toBe(true);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg ')).toBe(true);
    expect(text).toContain('outage: down');
    expect(text.trimEnd().endsWith('</svg>')).toBe(true);
  });
});

describe('Ctrl-C', () => {
  it('stops the demo cleanly: servers closed, exit 130, no stack trace', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fluxgate-demo-'));
    try {
      const run = startDemo(['--fast', '--out', out]);
      await new Promise<void>((ready) => {
        const poll = setInterval(() => {
          if (!/^ +1s {2}/m.test(run.stdout())) return;
          clearInterval(poll);
          ready();
        }, 20);
      });
      run.child.kill('SIGINT');
      const { code, stdout, stderr } = await run.exited;
      expect(stderr).toBe('');
      expect(stdout).toContain('Stopped: servers closed.');
      expect(stdout).not.toContain('Summary');
      expect(code).toBe(130);
      expect(existsSync(join(out, 'summary.json'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 20_000);
});
