// The demo itself: starts the local servers, runs the scripted story against the breaker and
// reports. `main.ts` wires it to the terminal and Ctrl-C.
import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AsyncCircuitBreaker, Signal } from '@fluxgate/core';
import { LogListener } from '@fluxgate/listener-log';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { AsyncSlackListener, createSlackClient } from '@fluxgate/listener-slack';
import { Registry } from 'prom-client';
import winston from 'winston';
import { paymentsBreaker } from './breaker';
import { QuoteClient } from './caller';
import { duration, explainSignal, percent } from './format';
import { MetricsServer } from './metrics-server';
import { overtime } from './overtime';
import { formatEvent, formatProgress, progressHeader } from './progress';
import { seededRandom } from './random';
import { Recorder } from './recorder';
import { scriptEnd, segmentAt, withEnd } from './script';
import type { DemoSettings } from './settings';
import { DEMO_TOKEN, startSlack } from './slack-terminal';
import { sleep, within } from './sleep';
import type { Style } from './style';
import { formatSummary, type Summary, summarize } from './summary';
import { renderTimeline, stateSpans } from './timeline-svg';
import { PaymentsUpstream } from './upstream';

/** Where the demo writes and what it may read. */
export interface DemoIO {
  /** Prints one line. */
  readonly write: (line: string) => void;
  readonly style: Style;
  /** `SLACK_BOT_TOKEN` and `SLACK_CHANNEL_ID` switch from the stand-in to real Slack. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory for timeline.svg and summary.json. */
  readonly outDir: string;
  /** Aborts the run (Ctrl-C): everything is closed and `runDemo` resolves with null. */
  readonly signal: AbortSignal;
}

/** What the demo wrote. */
export interface DemoResult {
  readonly summary: Summary;
  readonly timelinePath: string;
  readonly summaryPath: string;
}

const CIRCUIT = 'payments';

function describeBreaker(s: DemoSettings): string {
  return (
    `TimeWindow(${duration(s.window)}) · FailureStreak(5) or MinRequests(20) and ` +
    `(FailureRate(0.5) or SlowRate(0.3, ≥ ${duration(s.slowThreshold)})) · ` +
    `Backoff(${duration(s.backoffInitial)} ×2, jitter 20%) · RampUp(20% → 100% over ` +
    `${duration(s.rampUp)}) · at most 5 probes · timeout ${duration(s.timeout)} · non-2xx = failure`
  );
}

function describeScript(s: DemoSettings): string {
  return s.script.map((seg) => `${seg.label} ${duration(seg.end - seg.start)}`).join(' → ');
}

/** Runs the demo; resolves with what it found, or null when `io.signal` aborted it. */
export async function runDemo(s: DemoSettings, io: DemoIO): Promise<DemoResult | null> {
  const { write, style } = io;
  const random = seededRandom(s.seed);
  const recorder = new Recorder();
  const closers: (() => Promise<void>)[] = [];
  const timers: NodeJS.Timeout[] = [];
  const stop = new AbortController();
  // Every call in flight listens to this one signal (hundreds at once in the brownout).
  setMaxListeners(0, stop.signal);
  let t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  const event = (tag: string, text: string) => write(formatEvent(elapsed(), tag, text, style));

  try {
    const upstream = await PaymentsUpstream.start(s.script[0]!, random);
    closers.push(() => upstream.close());

    const registry = new Registry();
    const metrics = await MetricsServer.start(registry);
    closers.push(() => metrics.close());

    const realSlack = io.env.SLACK_BOT_TOKEN && io.env.SLACK_CHANNEL_ID;
    let slack: AsyncSlackListener;
    if (realSlack) {
      slack = new AsyncSlackListener({
        name: CIRCUIT,
        channel: io.env.SLACK_CHANNEL_ID!,
        token: io.env.SLACK_BOT_TOKEN!,
      });
    } else {
      const standIn = await startSlack(([first, ...details]) => {
        event('slack', first ?? '');
        for (const line of details) write(`${' '.repeat(17)}${line}`);
      });
      closers.push(() => standIn.close());
      slack = new AsyncSlackListener({
        name: CIRCUIT,
        channel: '#payments-alerts',
        client: createSlackClient(DEMO_TOKEN, { slackApiUrl: standIn.url }),
      });
    }

    // The app's own winston logger, printing through the demo's terminal.
    const logger = winston.createLogger({
      level: 'info',
      format: winston.format.printf((info) => `${info.level.padEnd(5)} ${String(info.message)}`),
      transports: [
        new winston.transports.Stream({
          stream: new Writable({
            write(chunk: Buffer, _encoding, done) {
              event('log', chunk.toString('utf8').trimEnd());
              done();
            },
          }),
        }),
      ],
    });

    const breaker: AsyncCircuitBreaker = paymentsBreaker(s, {
      random,
      onListenerError: (error) => event('error', `a listener failed: ${String(error)}`),
      listeners: [
        (signal: Signal) =>
          recorder.transitions.push({
            at: elapsed(),
            from: signal.oldState,
            to: signal.newState,
            why: explainSignal(signal, s.slowThreshold),
          }),
        new LogListener({ name: CIRCUIT, logger }),
        new PrometheusListener({ name: CIRCUIT, registry }),
        slack,
      ],
    });
    const client = new QuoteClient(breaker, upstream.url, s.slowThreshold, (result, details) =>
      recorder.call(elapsed(), result, { ...details, phase: segmentAt(s.script, elapsed()).phase }),
    );

    const total = scriptEnd(s.script);
    write(
      style.bold(
        `fluxgate demo: a payments upstream goes through an outage and a brownout (${duration(total)}${s.fast ? ', --fast' : ''}, seed ${s.seed})`,
      ),
    );
    write('');
    write(`  upstream  ${upstream.url}  ${style.dim(describeScript(s))}`);
    write(
      `  metrics   ${metrics.url}  ${style.dim('Prometheus format; curl it while the demo runs')}`,
    );
    write(
      realSlack
        ? `  slack     posting to Slack channel ${io.env.SLACK_CHANNEL_ID}`
        : `  slack     local stand-in of Slack's Web API  ${style.dim('(set SLACK_BOT_TOKEN and SLACK_CHANNEL_ID for real Slack)')}`,
    );
    write(`  breaker   ${style.dim(describeBreaker(s))}`);
    write('');
    write(progressHeader(style));

    t0 = performance.now();
    const inflight = new Set<Promise<unknown>>();
    const progress = () => {
      const info = breaker.info();
      write(
        formatProgress(
          {
            elapsedMs: elapsed(),
            upstream: segmentAt(s.script, elapsed()).label,
            state: info.state,
            counts: recorder.takeCounts(),
            failureRate: info.metrics.failureRate,
            windowCalls: info.metrics.totalCount,
          },
          style,
        ),
      );
    };
    for (const segment of s.script.slice(1)) {
      const timer = setTimeout(() => {
        upstream.enter(segment).catch((error: unknown) => event('error', String(error)));
        const note = segment.down ? ' (the process is down: connections are refused)' : '';
        event('upstream', `${segment.label}${note}`);
      }, segment.start);
      timers.push(timer);
    }
    timers.push(
      setInterval(() => {
        const call = client.quote(stop.signal);
        inflight.add(call);
        call.finally(() => inflight.delete(call));
      }, s.callEvery),
      setInterval(() => {
        const { metrics } = breaker.info();
        recorder.samples.push({
          at: elapsed(),
          failureRate: metrics.failureRate,
          slowRate: metrics.slowRate(s.slowThreshold),
        });
      }, s.sampleEvery),
      setInterval(progress, s.progressEvery),
    );

    await sleep(total, io.signal);
    await overtime(
      s.overtime,
      s.callEvery,
      () => breaker.info().state,
      io.signal,
      (state) =>
        event(
          'demo',
          `the script is over and the circuit is ${state}: the calls go on until it closes`,
        ),
    );
    for (const timer of timers) clearInterval(timer);
    if (io.signal.aborted) {
      stop.abort();
      return null;
    }
    const runMs = elapsed();
    await Promise.allSettled(inflight);
    progress();
    // The Slack posts of the last transitions may still be on their way.
    await within(breaker.flush(), 10_000);

    write('');
    const scrape = await (await fetch(metrics.url)).text();
    write(style.bold(`What Prometheus would scrape from ${metrics.url}:`));
    for (const line of scrape.split('\n')) {
      if (/^circuit_breaker_(state_transition_total|calls_total)\{/.test(line)) write(`  ${line}`);
    }

    const summary = summarize({
      script: s.script,
      durationMs: runMs,
      totals: recorder.totals,
      rejectedIn: recorder.rejectedIn,
      transitions: recorder.transitions,
    });
    write('');
    write(style.bold('Summary'));
    for (const line of formatSummary(summary)) write(`  ${line}`);

    await mkdir(io.outDir, { recursive: true });
    const timelinePath = join(io.outDir, 'timeline.svg');
    const summaryPath = join(io.outDir, 'summary.json');
    const svg = renderTimeline({
      title: `fluxgate demo: circuit '${CIRCUIT}' (${s.fast ? '--fast, ' : ''}seed ${s.seed}; failure rate at the end ${percent(breaker.info().metrics.failureRate)})`,
      durationMs: runMs,
      upstream: withEnd(s.script, runMs),
      breaker: stateSpans(recorder.transitions, runMs),
      samples: recorder.samples,
      calls: recorder.calls,
    });
    await writeFile(timelinePath, svg);
    await writeFile(
      summaryPath,
      `${JSON.stringify({ fast: s.fast, seed: s.seed, ...summary }, null, 2)}\n`,
    );
    write('');
    write(`  timeline  ${timelinePath}`);
    write(`  summary   ${summaryPath}`);
    return { summary, timelinePath, summaryPath };
  } finally {
    for (const timer of timers) clearInterval(timer);
    stop.abort();
    await Promise.allSettled(closers.map((close) => close()));
  }
}
