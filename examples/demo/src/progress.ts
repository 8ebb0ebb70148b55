import type { State } from '@fluxgate/core';
import { percent } from './format';
import type { Counts } from './recorder';
import type { Style } from './style';

/** One progress line's content. */
export interface ProgressLine {
  readonly elapsedMs: number;
  /** The upstream's current segment label. */
  readonly upstream: string;
  readonly state: State;
  /** Calls that ended during the last period. */
  readonly counts: Counts;
  /** The breaker window's failure rate and size right now. */
  readonly failureRate: number | null;
  readonly windowCalls: number;
}

const COLUMNS = ['ok', 'slow', 'failed', 'rejected', 'fallback'] as const;
const WIDTHS = [5, 5, 7, 9, 9];

/** The column titles above the progress lines. */
export function progressHeader(style: Style): string {
  const counts = COLUMNS.map((name, i) => name.padStart(WIDTHS[i]!)).join('');
  return style.dim(
    `  time  ${'upstream'.padEnd(16)}${'breaker'.padEnd(10)}${counts}  failure rate`,
  );
}

/** `  12s  outage: down    open          0    0      1       19       20  – (0 calls)` */
export function formatProgress(line: ProgressLine, style: Style): string {
  const seconds = `${Math.round(line.elapsedMs / 1_000)}s`.padStart(6);
  const counts = COLUMNS.map((name, i) => String(line.counts[name]).padStart(WIDTHS[i]!)).join('');
  const rate = `${percent(line.failureRate)} of ${line.windowCalls}`;
  return `${seconds}  ${line.upstream.padEnd(16)}${style.state(line.state, line.state.padEnd(10))}${counts}  ${rate}`;
}

/** `   4.2s  slack    #payments-alerts message 1: ...`: one event line, at `elapsedMs`. */
export function formatEvent(elapsedMs: number, tag: string, text: string, style: Style): string {
  return `${`${(elapsedMs / 1_000).toFixed(1)}s`.padStart(6)}  ${style.dim(tag.padEnd(9))}${text}`;
}
