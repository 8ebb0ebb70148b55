// The Slack token never leaves through a report: a run with every listener on both breakers,
// Slack failing in every way, collects every reported error (onListenerError, SlackListener's
// onError, its default console line), every log entry and log line, every signal, call event,
// info() and snapshot(), every rejection error, the Prometheus exposition and anything printed
// to the console, and searches all of it, in every rendering, for the token.
import { type CallEvent, Listener, type Signal } from '@fluxgate/core';
import { LogListener } from '@fluxgate/listener-log';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { AsyncSlackListener, createSlackClient, SlackListener } from '@fluxgate/listener-slack';
import { SlackStandIn, type StandInReply } from '@fluxgate/slack-stand-in';
import { Registry } from 'prom-client';
import winston from 'winston';
import { capture } from '../support/outcome';
import { leaks, SLACK_TOKEN, TOKEN_SECRET } from '../support/secrets';
import { asyncBreaker, COOLDOWN, syncBreaker } from '../support/test-breakers';
import { Transport } from '../support/winston-transport';

class Keeping extends Transport {
  constructor(private readonly into: unknown[]) {
    super();
  }
  override log(info: unknown, callback: () => void): void {
    this.into.push(info);
    callback();
  }
}

class Recorder extends Listener {
  constructor(private readonly into: unknown[]) {
    super();
  }
  notify(signal: Signal): void {
    this.into.push(signal);
  }
  override onCall(event: CallEvent): void {
    this.into.push(event);
  }
}

const REPLIES: StandInReply[] = [
  'ok',
  'hang',
  'garbage',
  { status: 500 },
  { status: 403 },
  { retryAfter: 0 },
  { error: 'invalid_auth' },
  { error: 'token_revoked' },
  { error: 'not_in_channel' },
];

test('the search finds the token wherever it hides', () => {
  const hidden = new Error('innocent');
  Object.defineProperty(hidden, 'config', {
    value: { headers: { Authorization: `Bearer ${SLACK_TOKEN}` } },
  });
  const places: unknown[] = [
    `token=${SLACK_TOKEN}`,
    new Error('outer', { cause: new Error(SLACK_TOKEN) }),
    hidden,
    new Map([['auth', { token: SLACK_TOKEN }]]),
    { [Symbol('secret')]: [SLACK_TOKEN] },
    {
      get lazy() {
        return SLACK_TOKEN;
      },
    },
  ];
  for (const place of places) expect(leaks([place]).length).toBeGreaterThan(0);
  expect(leaks([new Error('clean'), { headers: { Authorization: 'Bearer ***' } }])).toEqual([]);
});

test('no report, log, signal, metric or console output of a run contains the token', async () => {
  const slack = await SlackStandIn.start();
  const collected: Record<string, unknown[]> = {
    faults: [],
    slackErrors: [],
    logEntries: [],
    signalsAndEvents: [],
    callerErrors: [],
    infos: [],
    metrics: [],
    console: [],
  };
  const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation((...args) => void collected.console.push(args)),
  );
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    collected.console.push(String(chunk));
    return true;
  });
  try {
    const registry = new Registry();
    const logger = winston.createLogger({
      format: winston.format.json(),
      transports: [new Keeping(collected.logEntries)],
    });
    const client = () =>
      createSlackClient(SLACK_TOKEN, {
        slackApiUrl: slack.url,
        timeout: 50,
        retryConfig: { retries: 1, minTimeout: 1, maxTimeout: 2 },
      });
    const onListenerError = (error: unknown, signal?: Signal) =>
      void collected.faults.push(error, signal);
    const withOnError = new SlackListener({
      name: 'sync',
      channel: 'C1',
      client: client(),
      onError: (error, signal) => void collected.slackErrors.push(error, signal),
    });
    // No onError: its failures go to console.error, which is collected too.
    const withDefaultOnError = new SlackListener({
      name: 'sync-default',
      channel: 'C1',
      client: client(),
    });
    const asyncSlack = new AsyncSlackListener({ name: 'async', channel: 'C1', client: client() });
    const sync = syncBreaker({
      onListenerError,
      listeners: [
        new LogListener({ name: 'sync', logger }),
        new PrometheusListener({ name: 'sync', registry }),
        withOnError,
        withDefaultOnError,
        new Recorder(collected.signalsAndEvents),
      ],
    });
    const async = asyncBreaker({
      onListenerError,
      listeners: [
        new LogListener({ name: 'async', logger }),
        new PrometheusListener({ name: 'async', registry }),
        asyncSlack,
        new Recorder(collected.signalsAndEvents),
      ],
    });

    for (const reply of REPLIES) {
      slack.always(reply);
      for (const { breaker, clock } of [sync, async]) {
        const run = (fn: () => unknown) => capture(() => breaker.call(fn as () => never));
        for (const outcome of [
          await run(() => {
            throw new Error('down');
          }),
          await run(() => 'rejected while open'),
        ]) {
          if (outcome.threw) collected.callerErrors.push(outcome.error);
        }
        clock.advance(COOLDOWN);
        await run(() => 'probe');
        collected.infos.push(breaker.info(), breaker.snapshot());
      }
      await withOnError.flush();
      await withDefaultOnError.flush();
      await async.breaker.flush();
    }
    collected.metrics.push(await registry.metrics());
  } finally {
    for (const spy of consoleSpies) spy.mockRestore();
    stderr.mockRestore();
    await slack.close();
  }

  // The token was really sent, and every kind of output was really produced...
  expect(slack.requests.every((r) => r.authorization === `Bearer ${SLACK_TOKEN}`)).toBe(true);
  for (const [kind, values] of Object.entries(collected)) {
    expect({ kind, produced: values.length > 0 }).toEqual({ kind, produced: true });
  }
  // ...with faults of every kind among the reports...
  const codes = new Set(
    [...collected.faults, ...collected.slackErrors].map(
      (e) => (e as { code?: string } | undefined)?.code,
    ),
  );
  expect([...codes].filter(Boolean).sort()).toEqual(
    [
      'invalid_auth',
      'invalid_response',
      'not_in_channel',
      'slack_webapi_http_error',
      'slack_webapi_rate_limited_error',
      'slack_webapi_request_error',
      'token_revoked',
    ].sort(),
  );
  // ...and nothing anywhere contains the token.
  for (const [kind, values] of Object.entries(collected)) {
    expect({ kind, leaks: leaks(values) }).toEqual({ kind, leaks: [] });
  }
  expect(TOKEN_SECRET.length).toBeGreaterThan(10);
}, 30_000);
