import type { Sample } from './recorder';
import { buildScript } from './script';
import { bucketCalls, escapeXml, ratePolylines, renderTimeline, stateSpans } from './timeline-svg';

const sample = (at: number, failureRate: number | null): Sample => ({
  at,
  failureRate,
  slowRate: null,
});

describe('stateSpans', () => {
  it('turns transitions into back-to-back spans that start closed and end at the end', () => {
    const spans = stateSpans(
      [
        { at: 100, from: 'closed', to: 'open', why: null },
        { at: 400, from: 'open', to: 'half_open', why: null },
        { at: 400, from: 'half_open', to: 'open', why: null },
      ],
      1_000,
    );
    expect(spans).toEqual([
      { start: 0, end: 100, state: 'closed' },
      { start: 100, end: 400, state: 'open' },
      { start: 400, end: 1_000, state: 'open' },
    ]);
  });

  it('is one closed span without transitions', () => {
    expect(stateSpans([], 50)).toEqual([{ start: 0, end: 50, state: 'closed' }]);
  });
});

describe('bucketCalls', () => {
  it('counts each result in equal slices, clamping the ends', () => {
    const buckets = bucketCalls(
      [
        { at: 0, result: 'ok' },
        { at: 499, result: 'failed' },
        { at: 500, result: 'rejected' },
        { at: 1_200, result: 'ok' },
      ],
      1_000,
      2,
    );
    expect(buckets).toEqual([
      { ok: 1, failed: 1, rejected: 0 },
      { ok: 1, failed: 0, rejected: 1 },
    ]);
  });
});

describe('ratePolylines', () => {
  it('breaks the line where the window was empty', () => {
    const runs = ratePolylines(
      [sample(0, 0), sample(10, 1), sample(20, null), sample(30, 0.5)],
      (s) => s.failureRate,
      (ms) => ms,
    );
    expect(runs).toHaveLength(2);
    expect(runs[0]!.split(' ')).toHaveLength(2);
    expect(runs[1]!.split(' ')).toHaveLength(1);
  });
});

describe('renderTimeline', () => {
  const svg = renderTimeline({
    title: 'demo <fast> & "quoted"',
    durationMs: 30_000,
    upstream: buildScript(1),
    breaker: stateSpans([{ at: 5_300, from: 'closed', to: 'open', why: null }], 30_000),
    calls: [{ at: 100, result: 'ok' }],
    samples: [sample(0, 0.1), sample(1_000, 0.2)],
  });

  it('is a standalone SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const opened = (svg.match(/<(rect|text|line|polyline|title|style|svg)\b/g) ?? []).length;
    const closed = (svg.match(/<\/(rect|text|title|style|svg)>|\/>/g) ?? []).length;
    expect(closed).toBe(opened);
  });

  it('draws every upstream segment and breaker state, labelled', () => {
    for (const label of [
      'healthy',
      'outage: down',
      'brownout: slow',
      'recovery',
      'closed',
      'open',
    ]) {
      expect(svg).toContain(`<title>${label}</title>`);
    }
    expect(svg).toContain('<polyline points="');
    expect(svg).toContain('>30 s</text>');
  });

  it('escapes text', () => {
    expect(svg).toContain('demo &lt;fast&gt; &amp; &quot;quoted&quot;');
    expect(escapeXml(`<a href='x'>`)).toBe('&lt;a href=&apos;x&apos;&gt;');
  });
});
