// The demo's picture: upstream health, breaker state, what happened to the calls and the
// window's failure rate over time, as one SVG string (no browser, no dependency).
import type { State } from '@fluxgate/core';
import type { CallMark, CallResult, Sample, Transition } from './recorder';
import type { PhaseName } from './script';

/** A stretch of the upstream's script, as the timeline draws it. */
export interface UpstreamSpan {
  readonly start: number;
  readonly end: number;
  readonly phase: PhaseName;
  readonly label: string;
  readonly down: boolean;
}

/** A stretch of time the breaker spent in one state. */
export interface StateSpan {
  readonly start: number;
  readonly end: number;
  readonly state: State;
}

/** What {@link renderTimeline} draws; times in ms since the start. */
export interface TimelineInput {
  readonly title: string;
  readonly durationMs: number;
  readonly upstream: readonly UpstreamSpan[];
  readonly breaker: readonly StateSpan[];
  readonly calls: readonly CallMark[];
  readonly samples: readonly Sample[];
}

const WIDTH = 1000;
const LEFT = 120;
const RIGHT = 24;
const PLOT = WIDTH - LEFT - RIGHT;
const LANE_HEIGHT = 30;
const UPSTREAM_Y = 56;
const BREAKER_Y = 96;
const CALLS_Y = 140;
const CALLS_HEIGHT = 60;
const CHART_Y = 220;
const CHART_HEIGHT = 100;
const AXIS_Y = CHART_Y + CHART_HEIGHT;
const HEIGHT = AXIS_Y + 96;
/** Bars in the calls lane. */
const CALL_BUCKETS = 60;

const PHASE_COLOURS: Record<PhaseName, string> = {
  healthy: '#4caf50',
  outage: '#e53935',
  brownout: '#ffb300',
  recovery: '#81c784',
};
const DOWN_COLOUR = '#8e0000';
const STATE_COLOURS: Record<State, string> = {
  closed: '#36a64f',
  open: '#ff4c4c',
  half_open: '#ffa500',
  metrics_only: '#808080',
  disabled: '#808080',
  forced_open: '#b71c1c',
};
const RESULT_COLOURS: Record<CallResult, string> = {
  ok: '#66bb6a',
  failed: '#e53935',
  rejected: '#9e9e9e',
};

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The breaker's states as back-to-back spans from 0 to `end`, starting closed. */
export function stateSpans(transitions: readonly Transition[], end: number): StateSpan[] {
  const spans: StateSpan[] = [];
  let state: State = 'closed';
  let start = 0;
  for (const t of transitions) {
    const at = Math.min(Math.max(t.at, start), end);
    if (at > start) spans.push({ start, end: at, state });
    state = t.to;
    start = at;
  }
  if (end > start) spans.push({ start, end, state });
  return spans;
}

/** Counts of each result in `buckets` equal slices of `[0, durationMs]`. */
export function bucketCalls(
  calls: readonly CallMark[],
  durationMs: number,
  buckets: number,
): Record<CallResult, number>[] {
  const out = Array.from({ length: buckets }, () => ({ ok: 0, failed: 0, rejected: 0 }));
  for (const call of calls) {
    const i = Math.min(Math.max(Math.floor((call.at / durationMs) * buckets), 0), buckets - 1);
    out[i]![call.result]++;
  }
  return out;
}

/** A tick step (ms) that gives at most about a dozen ticks. */
function tickStep(durationMs: number): number {
  for (const step of [500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000]) {
    if (durationMs / step <= 12) return step;
  }
  return 300_000;
}

const round = (value: number) => Math.round(value * 10) / 10;

function label(y: number, text: string): string {
  return `<text x="${LEFT - 10}" y="${y}" text-anchor="end">${escapeXml(text)}</text>`;
}

function lane(
  y: number,
  name: string,
  spans: readonly { start: number; end: number; colour: string; label: string }[],
  x: (ms: number) => number,
): string[] {
  const out = [label(y + 20, name)];
  for (const span of spans) {
    const left = x(span.start);
    const width = Math.max(x(span.end) - left, 0.5);
    out.push(
      `<rect x="${round(left)}" y="${y}" width="${round(width)}" height="${LANE_HEIGHT}" fill="${span.colour}"><title>${escapeXml(span.label)}</title></rect>`,
    );
    if (width > span.label.length * 6.6 + 8) {
      out.push(
        `<text x="${round(left + 4)}" y="${y + 19}" class="in">${escapeXml(span.label)}</text>`,
      );
    }
  }
  return out;
}

function callBars(input: TimelineInput, total: number): string[] {
  const buckets = bucketCalls(input.calls, total, CALL_BUCKETS);
  const most = Math.max(1, ...buckets.map((b) => b.ok + b.failed + b.rejected));
  const width = PLOT / CALL_BUCKETS;
  const out = [label(CALLS_Y + CALLS_HEIGHT / 2 + 4, 'calls')];
  buckets.forEach((bucket, i) => {
    let bottom = CALLS_Y + CALLS_HEIGHT;
    for (const result of ['ok', 'failed', 'rejected'] as const) {
      if (bucket[result] === 0) continue;
      const height = (bucket[result] / most) * CALLS_HEIGHT;
      bottom -= height;
      out.push(
        `<rect x="${round(LEFT + i * width)}" y="${round(bottom)}" width="${round(width - 1)}" height="${round(height)}" fill="${RESULT_COLOURS[result]}"><title>${bucket[result]} ${result}</title></rect>`,
      );
    }
  });
  return out;
}

/** `points` attributes of a rate over time, one per unbroken run of non-null samples. */
export function ratePolylines(
  samples: readonly Sample[],
  rate: (sample: Sample) => number | null,
  x: (ms: number) => number,
): string[] {
  const runs: string[] = [];
  let points: string[] = [];
  for (const sample of samples) {
    const value = rate(sample);
    if (value === null) {
      if (points.length > 0) runs.push(points.join(' '));
      points = [];
      continue;
    }
    const y = CHART_Y + (1 - Math.min(Math.max(value, 0), 1)) * CHART_HEIGHT;
    points.push(`${round(x(sample.at))},${round(y)}`);
  }
  if (points.length > 0) runs.push(points.join(' '));
  return runs;
}

function rateChart(input: TimelineInput, x: (ms: number) => number): string[] {
  const yOf = (ratio: number) => round(CHART_Y + (1 - ratio) * CHART_HEIGHT);
  const out = [
    label(CHART_Y + CHART_HEIGHT / 2 + 4, 'window'),
    `<text x="${LEFT - 4}" y="${CHART_Y + 8}" text-anchor="end" class="axis">100%</text>`,
    `<text x="${LEFT - 4}" y="${AXIS_Y}" text-anchor="end" class="axis">0%</text>`,
    `<rect x="${LEFT}" y="${CHART_Y}" width="${PLOT}" height="${CHART_HEIGHT}" fill="#fafafa" stroke="#ddd"/>`,
    `<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${yOf(0.5)}" y2="${yOf(0.5)}" stroke="#d32f2f" stroke-dasharray="2 4" opacity="0.6"/>`,
    `<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${yOf(0.3)}" y2="${yOf(0.3)}" stroke="#ef6c00" stroke-dasharray="2 4" opacity="0.6"/>`,
  ];
  for (const points of ratePolylines(input.samples, (s) => s.slowRate, x)) {
    out.push(
      `<polyline points="${points}" fill="none" stroke="#ef6c00" stroke-width="2" stroke-dasharray="6 3"/>`,
    );
  }
  for (const points of ratePolylines(input.samples, (s) => s.failureRate, x)) {
    out.push(`<polyline points="${points}" fill="none" stroke="#d32f2f" stroke-width="2"/>`);
  }
  return out;
}

function legend(): string[] {
  const y = AXIS_Y + 50;
  const swatch = (dx: number, colour: string, text: string) => [
    `<rect x="${LEFT + dx}" y="${y - 10}" width="12" height="12" fill="${colour}"/>`,
    `<text x="${LEFT + dx + 18}" y="${y}">${escapeXml(text)}</text>`,
  ];
  return [
    ...swatch(0, RESULT_COLOURS.ok, 'ok'),
    ...swatch(50, RESULT_COLOURS.failed, 'failed'),
    ...swatch(120, RESULT_COLOURS.rejected, 'rejected fast (the upstream was spared)'),
    `<line x1="${LEFT + 400}" x2="${LEFT + 424}" y1="${y - 4}" y2="${y - 4}" stroke="#d32f2f" stroke-width="2"/>`,
    `<text x="${LEFT + 430}" y="${y}">failure rate (trips at 50%)</text>`,
    `<line x1="${LEFT + 610}" x2="${LEFT + 634}" y1="${y - 4}" y2="${y - 4}" stroke="#ef6c00" stroke-width="2" stroke-dasharray="6 3"/>`,
    `<text x="${LEFT + 640}" y="${y}">slow calls (trip at 30%)</text>`,
    `<text x="${LEFT}" y="${y + 22}" class="axis">The window needs 20 calls before its rates can trip it; five failures in a row trip it at once. It is cleared at every transition and records nothing while open.</text>`,
  ];
}

/** Renders the timeline as a standalone SVG document. */
export function renderTimeline(input: TimelineInput): string {
  const total = Math.max(input.durationMs, 1);
  const x = (ms: number) => LEFT + (Math.min(Math.max(ms, 0), total) / total) * PLOT;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(input.title)}</title>`,
    '<style>.in{fill:#fff;font-size:11px}.axis{fill:#555;font-size:11px}</style>',
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${LEFT}" y="30" font-size="15" font-weight="bold">${escapeXml(input.title)}</text>`,
    ...lane(
      UPSTREAM_Y,
      'upstream',
      input.upstream.map((s) => ({
        start: s.start,
        end: s.end,
        label: s.label,
        colour: s.down ? DOWN_COLOUR : PHASE_COLOURS[s.phase],
      })),
      x,
    ),
    ...lane(
      BREAKER_Y,
      'breaker',
      input.breaker.map((s) => ({ ...s, label: s.state, colour: STATE_COLOURS[s.state] })),
      x,
    ),
    ...callBars(input, total),
    ...rateChart(input, x),
  ];
  const step = tickStep(total);
  for (let ms = 0; ms <= total; ms += step) {
    const tx = round(x(ms));
    out.push(
      `<line x1="${tx}" x2="${tx}" y1="${AXIS_Y}" y2="${AXIS_Y + 5}" stroke="#555"/>`,
      `<text x="${tx}" y="${AXIS_Y + 18}" text-anchor="middle" class="axis">${ms / 1_000} s</text>`,
    );
  }
  out.push(...legend(), '</svg>');
  return `${out.join('\n')}\n`;
}
