// The payments upstream's script: what it does, and when. Pure data and lookups, no I/O.

/** The upstream's health, as the summary and the timeline name it. */
export type PhaseName = 'healthy' | 'outage' | 'brownout' | 'recovery';

/** One stretch of the script during which the upstream behaves the same way. */
export interface Segment {
  readonly phase: PhaseName;
  /** Shown in progress lines and on the timeline. */
  readonly label: string;
  /** ms since the demo began. */
  readonly start: number;
  readonly end: number;
  /** Share of requests answered 503. */
  readonly errorRate: number;
  /** Response time range in ms, drawn uniformly. */
  readonly latency: readonly [number, number];
  /** The process is down: connections are refused. */
  readonly down: boolean;
}

/** A segment as a script is written: its duration instead of its start and end. */
export type SegmentSpec = Omit<Segment, 'start' | 'end'> & { readonly duration: number };

/** The script at full length (about 30 s); `scale` shrinks every duration and latency. */
const SPECS: readonly SegmentSpec[] = [
  {
    phase: 'healthy',
    label: 'healthy',
    duration: 5_000,
    errorRate: 0.03,
    latency: [15, 60],
    down: false,
  },
  {
    phase: 'outage',
    label: 'outage: 503s',
    duration: 2_000,
    errorRate: 0.9,
    latency: [2, 10],
    down: false,
  },
  {
    phase: 'outage',
    label: 'outage: down',
    duration: 6_000,
    errorRate: 1,
    latency: [0, 0],
    down: true,
  },
  {
    phase: 'brownout',
    label: 'brownout: slow',
    duration: 7_000,
    errorRate: 0.01,
    latency: [1_300, 1_700],
    down: false,
  },
  {
    phase: 'recovery',
    label: 'recovery',
    duration: 10_000,
    errorRate: 0.01,
    latency: [15, 60],
    down: false,
  },
];

/** The segments, back to back from 0, with durations and latencies multiplied by `scale`. */
export function buildScript(scale: number): readonly Segment[] {
  return scaleScript(SPECS, scale);
}

/** `specs` back to back from 0, with durations and latencies multiplied by `scale`. */
export function scaleScript(specs: readonly SegmentSpec[], scale: number): readonly Segment[] {
  let start = 0;
  return specs.map(({ duration, latency, ...rest }) => {
    const segment: Segment = {
      ...rest,
      start,
      end: start + duration * scale,
      latency: [latency[0] * scale, latency[1] * scale],
    };
    start = segment.end;
    return segment;
  });
}

/** The segment running at `elapsed` ms; the last one once the script has ended. */
export function segmentAt(script: readonly Segment[], elapsed: number): Segment {
  return script.find((segment) => elapsed < segment.end) ?? script[script.length - 1]!;
}

/** When the script ends, in ms. */
export function scriptEnd(script: readonly Segment[]): number {
  return script[script.length - 1]?.end ?? 0;
}

/** When the first segment of `phase` begins, or null if the script has none. */
export function phaseStart(script: readonly Segment[], phase: PhaseName): number | null {
  return script.find((segment) => segment.phase === phase)?.start ?? null;
}

/** Whether the upstream is failing or slow in this phase (calls kept from it are "spared"). */
export function isUnhealthy(phase: PhaseName): boolean {
  return phase === 'outage' || phase === 'brownout';
}

/** The script with its last segment lasting until `end`, when the run outlasted the script. */
export function withEnd(script: readonly Segment[], end: number): readonly Segment[] {
  const last = script[script.length - 1];
  if (last === undefined || end <= last.end) return script;
  return [...script.slice(0, -1), { ...last, end }];
}
