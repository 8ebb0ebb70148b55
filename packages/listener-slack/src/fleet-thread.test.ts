// One thread per incident across a fleet: several posters (one per instance) share the
// circuit's annotations and post through real WebClients to one Slack stand-in. Each poster
// gets only the signals its own instance made ('local'), as a fleet's listeners do.
import type { Signal } from '@fluxgate/core';
import { SlackStandIn } from '@fluxgate/slack-stand-in';
import { AsyncSlackListener } from './async-slack-listener';
import { FLEET_THREAD_POLL_MS, FLEET_THREAD_WAIT_MS } from './fleet-thread';
import { buildMessage } from './message';
import { SlackPostError } from './slack-post-error';
import { SlackPoster } from './slack-poster';
import { DEFAULT_TEMPLATES } from './templates';
import { type SharedNotes, sharedNotes } from './testing/shared-notes';
import { signal } from './testing/signals';
import { standInClient, TEST_TOKEN } from './testing/stand-in-client';

const KEY = 'slack-thread:C0123456789';

let slack: SlackStandIn;
beforeEach(async () => {
  slack = await SlackStandIn.start();
});
afterEach(async () => {
  await slack.close();
});

/** One instance's poster, on the fleet's `notes`; `onSleep` runs at each wait for the thread. */
function instance(notes: SharedNotes | undefined, onSleep: (ms: number) => void = () => {}) {
  const p = new SlackPoster({
    owner: 'AsyncSlackListener',
    name: 'payments',
    channel: 'C0123456789',
    client: standInClient(slack),
    secret: TEST_TOKEN,
    postTimeout: 10_000,
    render: (s: Signal) => buildMessage('payments', s, DEFAULT_TEMPLATES['closed->open']),
    sleep: async (ms) => onSleep(ms),
  });
  p.share(notes);
  return p;
}

/** The posts as (thread, broadcast) pairs: undefined thread for a top-level post. */
const placements = () =>
  slack.posted.map((r) => [r.body.thread_ts, r.body.reply_broadcast === 'true' || undefined]);

describe('one thread per incident across instances', () => {
  test('the trip, the probe and the recovery, made on three instances, are one thread', async () => {
    const notes = sharedNotes();
    const [a, b, c] = [instance(notes), instance(notes), instance(notes)];
    await a.post(signal('closed', 'open'));
    const thread = slack.posted[0]!.ts!;
    expect(notes.values.get(KEY)).toBe(thread);
    await b.post(signal('open', 'half_open'));
    await c.post(signal('half_open', 'closed'));
    expect(placements()).toEqual([
      [undefined, undefined],
      [thread, undefined],
      [thread, true],
    ]);
    // The recovery ended the cycle: nothing is published for the next incident to reply in.
    expect(notes.values.has(KEY)).toBe(false);
  });

  test('a reopen elsewhere replies too, and the next incident starts a new thread', async () => {
    const notes = sharedNotes();
    const [a, b] = [instance(notes), instance(notes)];
    await a.post(signal('closed', 'open'));
    const first = slack.posted[0]!.ts!;
    await b.post(signal('open', 'half_open'));
    await b.post(signal('half_open', 'open', { reopens: 1 }));
    await a.post(signal('open', 'half_open'));
    await a.post(signal('half_open', 'closed'));
    // Every instance hears of the recovery: the others as a 'fleet' signal, not posted.
    await b.post(signal('half_open', 'closed', { origin: 'fleet' }));
    await b.post(signal('closed', 'open'));
    const second = slack.posted[5]!.ts!;
    await a.post(signal('open', 'half_open'));
    expect(second).not.toBe(first);
    expect(placements()).toEqual([
      [undefined, undefined],
      [first, undefined],
      [first, undefined],
      [first, undefined],
      [first, true],
      [undefined, undefined],
      [second, undefined],
    ]);
  });

  test('the fleet thread wins over one this instance kept from an incident it missed the end of', async () => {
    const notes = sharedNotes();
    const [a, b] = [instance(notes), instance(notes)];
    await a.post(signal('closed', 'open'));
    // The recovery happened elsewhere and a new incident began; this instance heard neither.
    notes.values.set(KEY, 'newer.000001');
    await a.post(signal('open', 'half_open'));
    await b.post(signal('half_open', 'closed'));
    expect(placements().slice(1)).toEqual([
      ['newer.000001', undefined],
      ['newer.000001', true],
    ]);
  });

  test('a post waits, bounded, for a thread still being started elsewhere', async () => {
    const notes = sharedNotes();
    const waits: number[] = [];
    const b = instance(notes, (ms) => {
      waits.push(ms);
      if (waits.length === 3) notes.values.set(KEY, 'late.000001');
    });
    await b.post(signal('open', 'half_open'));
    expect(waits).toEqual([FLEET_THREAD_POLL_MS, FLEET_THREAD_POLL_MS, FLEET_THREAD_POLL_MS]);
    expect(placements()).toEqual([['late.000001', undefined]]);
  });

  test('with no thread published within the wait, the post goes top-level', async () => {
    const notes = sharedNotes();
    const waits: number[] = [];
    const b = instance(notes, (ms) => waits.push(ms));
    await b.post(signal('open', 'half_open'));
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(FLEET_THREAD_WAIT_MS);
    expect(notes.reads).toBe(FLEET_THREAD_WAIT_MS / FLEET_THREAD_POLL_MS + 1);
    expect(placements()).toEqual([[undefined, undefined]]);
  });

  test('a store that is down costs no wait: the post goes top-level and succeeds', async () => {
    const notes = sharedNotes();
    const waits: number[] = [];
    const [a, b] = [instance(notes), instance(notes, (ms) => waits.push(ms))];
    await a.post(signal('closed', 'open'));
    notes.down = true;
    await b.post(signal('open', 'half_open'));
    await a.post(signal('half_open', 'closed'));
    expect(waits).toEqual([]);
    // This instance's own thread still holds its replies.
    const thread = slack.posted[0]!.ts!;
    expect(placements()).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [thread, true],
    ]);
  });

  test('a new incident whose first post fails leaves no earlier thread to reply in', async () => {
    const notes = sharedNotes();
    notes.values.set(KEY, 'stale.000001');
    const [a, b] = [instance(notes), instance(notes, () => {})];
    slack.script({ error: 'channel_not_found' });
    const error = await a.post(signal('closed', 'open')).catch((e: unknown) => e);
    expect(SlackPostError.isInstance(error)).toBe(true);
    expect(notes.values.has(KEY)).toBe(false);
    await b.post(signal('open', 'half_open'));
    expect(placements()).toEqual([[undefined, undefined]]);
  });

  test('the recovery removes only its own thread: a newer incident keeps its own', async () => {
    const notes = sharedNotes();
    const c = instance(notes);
    await c.post(signal('closed', 'open'));
    const thread = slack.posted[0]!.ts!;
    slack.script('hold');
    const closing = c.post(signal('half_open', 'closed'));
    await slack.received(2);
    notes.values.set(KEY, 'newer.000001');
    slack.release();
    await closing;
    expect(placements()[1]).toEqual([thread, true]);
    expect(notes.values.get(KEY)).toBe('newer.000001');
  });

  test('annotations that are not shared are never read (a breaker without a store)', async () => {
    const notes = { ...sharedNotes(), shared: false };
    const b = instance(notes as SharedNotes);
    await b.post(signal('open', 'half_open'));
    expect(notes.reads).toBe(0);
    expect(placements()).toEqual([[undefined, undefined]]);
  });
});

test("the listeners take the thread's annotations from what attach receives", async () => {
  const notes = sharedNotes();
  notes.values.set(KEY, 'fleet.000001');
  const listener = new AsyncSlackListener({
    name: 'payments',
    channel: 'C0123456789',
    client: standInClient(slack),
  });
  listener.attach({ info: () => ({}) as never, annotations: notes });
  await listener.notify(signal('open', 'half_open'));
  expect(placements()).toEqual([['fleet.000001', undefined]]);
});
