import { SerialQueue } from './serial-queue';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets promise callbacks run until `condition` holds (bounded, so a bug fails the test). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !condition(); i++) await Promise.resolve();
  expect(condition()).toBe(true);
}

describe('SerialQueue', () => {
  test('runs one job at a time, in push order', async () => {
    const log: string[] = [];
    const gates = new Map<number, ReturnType<typeof deferred>>();
    const queue = new SerialQueue<number>(
      async (n) => {
        log.push(`start ${n}`);
        const gate = deferred();
        gates.set(n, gate);
        await gate.promise;
        log.push(`end ${n}`);
      },
      () => new Error('dropped'),
    );
    const done = [1, 2, 3].map((n) => queue.push(n));
    expect(log).toEqual(['start 1']);
    expect(queue.pending).toBe(2);
    gates.get(1)!.resolve();
    await done[0];
    await until(() => gates.has(2));
    expect(log).toEqual(['start 1', 'end 1', 'start 2']);
    gates.get(2)!.resolve();
    await done[1];
    await until(() => gates.has(3));
    gates.get(3)!.resolve();
    await done[2];
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  test('a failing job rejects its own promise and the next job still runs', async () => {
    const ran: number[] = [];
    const queue = new SerialQueue<number>(
      async (n) => {
        ran.push(n);
        if (n === 1) throw new Error('first failed');
      },
      () => new Error('dropped'),
    );
    const first = queue.push(1);
    const second = queue.push(2);
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBeUndefined();
    expect(ran).toEqual([1, 2]);
  });

  test('a job that throws synchronously is handled like a rejection', async () => {
    const queue = new SerialQueue<number>(
      (() => {
        throw new Error('sync');
      }) as unknown as (n: number) => Promise<void>,
      () => new Error('dropped'),
    );
    await expect(queue.push(1)).rejects.toThrow('sync');
    await expect(queue.idle()).resolves.toBeUndefined();
  });

  test('keeps at most `limit` waiting; the oldest waiting one is dropped', async () => {
    const gate = deferred();
    const ran: number[] = [];
    const queue = new SerialQueue<number>(
      async (n) => {
        ran.push(n);
        if (n === 0) await gate.promise;
      },
      (n) => new Error(`dropped ${n}`),
      3,
    );
    const results = [0, 1, 2, 3, 4, 5].map((n) =>
      queue.push(n).then(
        () => `ok ${n}`,
        (error: Error) => error.message,
      ),
    );
    expect(queue.pending).toBe(3);
    gate.resolve();
    expect(await Promise.all(results)).toEqual([
      'ok 0',
      'dropped 1',
      'dropped 2',
      'ok 3',
      'ok 4',
      'ok 5',
    ]);
    expect(ran).toEqual([0, 3, 4, 5]);
  });

  test('idle settles when nothing runs or waits', async () => {
    const gate = deferred();
    const queue = new SerialQueue<number>(
      () => gate.promise,
      () => new Error('dropped'),
    );
    await expect(queue.idle()).resolves.toBeUndefined();
    void queue.push(1);
    let idle = false;
    const waiting = queue.idle().then(() => {
      idle = true;
    });
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    expect(idle).toBe(true);
  });
});
