// Listeners make no network call but the one they are configured for: with every listener
// attached to both breakers and driven through their states, the only connections are to the
// Slack stand-in's loopback port (through the listeners' node:http fetch, to the configured URL
// only); no DNS lookup of any other host, and nothing at all when the listeners are constructed.
import { LogListener } from '@fluxgate/listener-log';
import { PrometheusListener } from '@fluxgate/listener-prometheus';
import { AsyncSlackListener, createSlackClient, SlackListener } from '@fluxgate/listener-slack';
import { SlackStandIn } from '@fluxgate/slack-stand-in';
import { Registry } from 'prom-client';
import winston from 'winston';
import { type NetworkLog, recordNetwork } from '../support/network-recorder';
import { SLACK_TOKEN } from '../support/secrets';
import { asyncBreaker, COOLDOWN, fail, failSync, syncBreaker } from '../support/test-breakers';

let slack: SlackStandIn;
beforeEach(async () => {
  slack = await SlackStandIn.start();
});
afterEach(() => slack.close());

function quietLogger() {
  return winston.createLogger({ transports: [new winston.transports.Console({ silent: true })] });
}

test('the recorder sees a connection (so an empty log means something)', async () => {
  const network = recordNetwork();
  try {
    await fetch(`${slack.url}api.test`, { method: 'POST' }).then((r) => r.text());
  } finally {
    network.stop();
  }
  expect(network.log.connections).toContain(`127.0.0.1:${slack.port}`);
});

test('every listener on both breakers: only the configured Slack host and port are contacted', async () => {
  const network = recordNetwork();
  let atConstruction: NetworkLog | undefined;
  try {
    const registry = new Registry();
    const client = () => createSlackClient(SLACK_TOKEN, { slackApiUrl: slack.url });
    const syncSlack = new SlackListener({ name: 'sync', channel: 'C1', client: client() });
    const sync = syncBreaker({
      listeners: [
        new LogListener({ name: 'sync', logger: quietLogger() }),
        new PrometheusListener({ name: 'sync', registry }),
        syncSlack,
      ],
    });
    const async = asyncBreaker({
      listeners: [
        new LogListener({ name: 'async', logger: quietLogger() }),
        new PrometheusListener({ name: 'async', registry }),
        new AsyncSlackListener({ name: 'async', channel: 'C1', client: client() }),
      ],
    });
    // A listener with only a token would post to slack.com: built, never notified, it must not
    // connect anywhere.
    new SlackListener({ name: 'idle', channel: 'C1', token: SLACK_TOKEN });
    new AsyncSlackListener({ name: 'idle', channel: 'C1', token: SLACK_TOKEN });
    atConstruction = structuredClone(network.log);
    expect(() => sync.breaker.call(failSync)).toThrow();
    sync.clock.advance(COOLDOWN);
    sync.breaker.call(() => 'ok');
    await async.breaker.call(fail).catch(() => {});
    async.clock.advance(COOLDOWN);
    await async.breaker.call(async () => 'ok');
    await registry.metrics();
    await syncSlack.flush();
    await async.breaker.flush();
  } finally {
    network.stop();
  }
  expect(atConstruction).toEqual({ connections: [], lookups: [], fetches: [] });
  expect(slack.accepted).toBe(6);
  const { connections, lookups, fetches } = network.log;
  expect(connections.length).toBeGreaterThan(0);
  expect(new Set(connections)).toEqual(new Set([`127.0.0.1:${slack.port}`]));
  expect(lookups.filter((host) => host !== '127.0.0.1')).toEqual([]);
  // The listeners' client posts through unrefFetch (node:http), never the global fetch; every
  // request reached the configured URL.
  expect(fetches).toEqual([]);
  expect(slack.requests.map((r) => r.url)).toEqual(Array(6).fill('/api/chat.postMessage'));
});
