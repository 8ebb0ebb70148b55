import type { State } from '@fluxgate/core';
import { FailureCycleThread } from './failure-cycle-thread';
import { signal } from './testing/signals';

type Step = [from: State, to: State, posted: string | undefined];

/** Runs transitions through the tracker and returns where each post went. */
function run(steps: Step[], thread = new FailureCycleThread()) {
  return steps.map(([from, to, posted]) => {
    const s = signal(from, to);
    const placement = thread.place(s);
    thread.settle(s, placement, posted);
    return placement;
  });
}

describe('FailureCycleThread', () => {
  test('a full cycle: open starts, replies follow, closed ends with a broadcast', () => {
    expect(
      run([
        ['closed', 'open', '1.1'],
        ['open', 'half_open', '1.2'],
        ['half_open', 'open', '1.3'],
        ['open', 'half_open', '1.4'],
        ['half_open', 'closed', '1.5'],
      ]),
    ).toEqual([
      { threadTs: undefined, broadcast: false, startsThread: true },
      { threadTs: '1.1', broadcast: false, startsThread: false },
      { threadTs: '1.1', broadcast: false, startsThread: false },
      { threadTs: '1.1', broadcast: false, startsThread: false },
      { threadTs: '1.1', broadcast: true, startsThread: false },
    ]);
  });

  test('the next cycle starts a new thread', () => {
    const thread = new FailureCycleThread();
    run(
      [
        ['closed', 'open', '1.1'],
        ['open', 'half_open', '1.2'],
        ['half_open', 'closed', '1.3'],
      ],
      thread,
    );
    expect(thread.current).toBeUndefined();
    const [opening, reply] = run(
      [
        ['closed', 'open', '2.1'],
        ['open', 'half_open', '2.2'],
      ],
      thread,
    );
    expect(opening?.startsThread).toBe(true);
    expect(reply?.threadTs).toBe('2.1');
  });

  test.each(['disabled', 'metrics_only'] as const)(
    '%s ends the thread without a broadcast',
    (end) => {
      const thread = new FailureCycleThread();
      const [, ending] = run(
        [
          ['closed', 'open', '1.1'],
          ['open', end, '1.2'],
        ],
        thread,
      );
      expect(ending).toEqual({ threadTs: '1.1', broadcast: false, startsThread: false });
      expect(thread.current).toBeUndefined();
    },
  );

  test('forced_open keeps an open thread', () => {
    const placements = run([
      ['closed', 'open', '1.1'],
      ['open', 'forced_open', '1.2'],
      ['forced_open', 'closed', '1.3'],
    ]);
    expect(placements.map((p) => p.threadTs)).toEqual([undefined, '1.1', '1.1']);
    expect(placements[2]?.broadcast).toBe(true);
  });

  test('forced_open does not start a thread, and closed after it is top-level', () => {
    const placements = run([
      ['closed', 'forced_open', '1.1'],
      ['forced_open', 'closed', '1.2'],
    ]);
    expect(placements).toEqual([
      { threadTs: undefined, broadcast: false, startsThread: false },
      { threadTs: undefined, broadcast: false, startsThread: false },
    ]);
  });

  test('a failed opening post: the next post of the cycle starts the thread', () => {
    const placements = run([
      ['closed', 'open', undefined],
      ['open', 'half_open', '1.2'],
      ['half_open', 'open', '1.3'],
      ['open', 'half_open', '1.4'],
      ['half_open', 'closed', '1.5'],
    ]);
    expect(placements.map((p) => [p.threadTs, p.startsThread])).toEqual([
      [undefined, true],
      [undefined, true],
      ['1.2', false],
      ['1.2', false],
      ['1.2', false],
    ]);
  });

  test('when every post of a cycle fails until it ends, the next cycle starts clean', () => {
    const thread = new FailureCycleThread();
    const placements = run(
      [
        ['closed', 'open', undefined],
        ['open', 'half_open', undefined],
        ['half_open', 'closed', '1.3'],
        ['closed', 'forced_open', '1.4'],
      ],
      thread,
    );
    expect(placements.map((p) => [p.threadTs, p.startsThread])).toEqual([
      [undefined, true],
      [undefined, true],
      [undefined, false],
      [undefined, false],
    ]);
    expect(thread.current).toBeUndefined();
  });

  test('a failed reply keeps the thread', () => {
    const placements = run([
      ['closed', 'open', '1.1'],
      ['open', 'half_open', undefined],
      ['half_open', 'closed', '1.3'],
    ]);
    expect(placements.map((p) => p.threadTs)).toEqual([undefined, '1.1', '1.1']);
  });
});
