// One timer per breaker for every in-flight deadline. A call's deadline is an entry in a FIFO
// per distinct timeout value (calls with the same timeout expire in arrival order), and the
// timer is armed for the earliest one. Settling a call sets a flag; the timer is never armed
// while nothing is in flight, and it is unref'd, so pending calls never hold the process.
//
// Reading the clock costs about as much as the rest of a call, so an entry may be queued
// without a start time: the next clock reading (the timer's, or another call's) stamps every
// unstamped entry with that time, which is never earlier than their start, so a deadline can
// fire late — by at most 1/32 of its timeout plus a millisecond and timer latency — but never
// early.

/** setTimeout's largest delay; longer waits re-arm when the timer fires. */
const MAX_DELAY = 2 ** 31 - 1;
/** The share of a timeout an unstamped entry may wait for its stamp. */
const GRAIN = 1 / 32;

/** One call's deadline, as the scheduler sees it (the call's own record holds these fields). */
export interface Deadline {
  /** Monotonic ms (the timers' clock) at which it expires; NaN until stamped. */
  at: number;
  /** Set once the call has settled or expired: the scheduler then drops the entry. */
  done: boolean;
  /** The FIFO holding the entry; set by {@link Deadlines.add}. */
  lane: Lane | undefined;
  /** Called once, by the timer, when the deadline passes before the call settled. */
  expire(): void;
}

/** The in-flight deadlines of one timeout value, in arrival (and so deadline) order. */
export class Lane {
  /** Slots `head` to `tail` are queued; the array keeps its capacity between bursts. */
  readonly items: (Deadline | undefined)[] = [];
  head = 0;
  tail = 0;
  /** Settled entries between head and tail, not yet dropped. */
  dead = 0;
  /** Index of the first entry without a stamp (the unstamped ones are a suffix). */
  unstamped = 0;

  constructor(readonly timeout: number) {}

  push(entry: Deadline): void {
    this.items[this.tail++] = entry;
  }

  /** The first queued entry, if any. */
  first(): Deadline | undefined {
    return this.head < this.tail ? this.items[this.head] : undefined;
  }

  /** Takes the first entry off the queue. */
  shift(): void {
    this.items[this.head++] = undefined;
  }

  /** Drops settled entries at the head; starts from slot 0 again once nothing is queued. */
  trim(): void {
    for (let entry = this.first(); entry?.done; entry = this.first()) {
      this.shift();
      this.dead--;
    }
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
      this.dead = 0;
      this.unstamped = 0;
    }
  }

  /**
   * Moves the unsettled entries, in order, to the front, so settled ones cannot pile up behind
   * a slow head and the array does not grow while the queue keeps moving.
   */
  compact(): void {
    const items = this.items;
    let kept = 0;
    let unstamped = -1;
    for (let i = this.head; i < this.tail; i++) {
      const entry = items[i]!;
      if (entry.done) continue;
      if (unstamped < 0 && i >= this.unstamped) unstamped = kept;
      items[kept++] = entry;
    }
    for (let i = kept; i < this.tail; i++) items[i] = undefined;
    this.head = 0;
    this.tail = kept;
    this.dead = 0;
    this.unstamped = unstamped < 0 ? kept : unstamped;
  }
}

/** `performance.now()`, looked up at call time so jest's fake timers drive it. */
function timersNow(): number {
  return performance.now();
}

/**
 * The shared deadline timer of one breaker. Timer functions are read from `globalThis` at
 * call time (as TanStack Query's timeoutManager does), so jest's fake timers work.
 */
export class Deadlines {
  private readonly lanes = new Map<number, Lane>();
  /** The lane used last: most calls share the breaker's own timeout. */
  private last: Lane | undefined;
  private timer: unknown;
  /** When the armed timer fires (timers' clock); NaN when none is armed. */
  private timerAt = Number.NaN;
  /** The last clock reading: unstamped entries started after it. */
  private readAt = Number.NEGATIVE_INFINITY;
  /** Entries neither settled nor expired. */
  private live = 0;
  /**
   * Whether an entry may be waiting for its stamp. Calls with exact starts stamp the others
   * first, and walking the lanes (a Map iterator) on every such call would allocate.
   */
  private stampless = false;
  /**
   * The last settled entry. Optimised code checks the shape of the entries, and V8 keeps a
   * shape only while some object has it: when every entry died before a full collection, the
   * collection threw that code away and the next thousands of calls ran several times slower.
   */
  recent: Deadline | undefined;
  private readonly onTimer = () => this.fire();

  /**
   * @param report receives an error thrown by an entry's `expire` (the others still expire).
   * @param now the timers' clock (tests may inject one that moves with their fake timers).
   */
  constructor(
    private readonly report: (error: unknown) => void,
    private readonly now: () => number = timersNow,
  ) {}

  /** Entries neither settled nor expired (for tests and diagnostics). */
  get pending(): number {
    return this.live;
  }

  /**
   * Queues `entry` to expire `timeout` ms after `start` (a reading of the timers' clock taken
   * when the call started), or, without `start`, at most `timeout / 32` later than that.
   */
  add(entry: Deadline, timeout: number, start?: number): void {
    const lane = this.last;
    // Most calls: the breaker's own timeout, no start time, and an armed timer that will stamp
    // the entry soon enough (its delay is a whole number of ms, hence the extra millisecond).
    if (
      start === undefined &&
      lane !== undefined &&
      lane.timeout === timeout &&
      this.timer !== undefined &&
      this.timerAt - this.readAt <= timeout * GRAIN + 1
    ) {
      entry.lane = lane;
      this.live++;
      lane.push(entry);
      this.stampless = true;
      return;
    }
    this.addSlowly(entry, timeout, start);
  }

  /** {@link add} for an entry with a start time, or that needs another lane or the timer armed. */
  private addSlowly(entry: Deadline, timeout: number, start: number | undefined): void {
    let lane = this.last;
    if (lane === undefined || lane.timeout !== timeout) {
      lane = this.lanes.get(timeout);
      if (lane === undefined) {
        lane = new Lane(timeout);
        this.lanes.set(timeout, lane);
      }
      this.last = lane;
    }
    entry.lane = lane;
    this.live++;
    if (start !== undefined) {
      // Durations measured: an exact start. Stamp the earlier entries first (they started
      // before `start`), so stamps stay in order (nothing to do while every entry has one).
      this.stampAll(start);
      this.readAt = Math.max(this.readAt, start);
      entry.at = start + timeout;
      lane.push(entry);
      lane.unstamped = lane.tail;
      if (this.timer === undefined || entry.at < this.timerAt) this.arm(start);
      return;
    }
    lane.push(entry);
    this.stampless = true;
    if (this.timer !== undefined && this.timerAt - this.readAt <= timeout * GRAIN + 1) return;
    const now = this.now();
    this.readAt = now;
    this.stampAll(now);
    if (this.timer === undefined || now + timeout * GRAIN + 1 < this.timerAt) this.arm(now);
  }

  /** The call of `entry` settled before its deadline: it will never expire. */
  settle(entry: Deadline): void {
    if (entry.done) return;
    entry.done = true;
    this.live--;
    this.recent = entry;
    const lane = entry.lane;
    if (lane === undefined) return;
    if (lane.first() === entry) {
      lane.shift();
      lane.trim();
    } else {
      lane.dead++;
      if (lane.dead > 32 && lane.dead * 2 > lane.tail - lane.head) lane.compact();
    }
  }

  /** Stamps every unstamped entry with `now`, a time after each of them started. */
  private stampAll(now: number): void {
    if (!this.stampless) return;
    this.stampless = false;
    for (const lane of this.lanes.values()) {
      const items = lane.items;
      for (let i = Math.max(lane.unstamped, lane.head); i < lane.tail; i++)
        items[i]!.at = now + lane.timeout;
      lane.unstamped = lane.tail;
    }
  }

  /** Arms (or re-arms earlier) the timer for the earliest deadline or stamp still needed. */
  private arm(now: number): void {
    let fireAt = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes.values()) {
      const head = lane.first();
      if (head === undefined) continue;
      fireAt = Math.min(fireAt, head.at, now + lane.timeout * GRAIN);
    }
    if (!(fireAt < Number.POSITIVE_INFINITY)) return;
    const delay = Math.min(Math.max(Math.ceil(fireAt - now), 1), MAX_DELAY);
    if (this.timer !== undefined) globalThis.clearTimeout(this.timer as never);
    const timer = globalThis.setTimeout(this.onTimer, delay);
    // Pending calls must never keep the process alive on their own.
    (timer as { unref?: () => void }).unref?.();
    this.timer = timer;
    this.timerAt = now + delay;
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Number.NaN;
    const now = this.now();
    this.readAt = now;
    this.stampAll(now);
    const due: Deadline[] = [];
    for (const [timeout, lane] of this.lanes) {
      // Timers may fire up to a millisecond before the clock agrees: only what the clock says
      // is due expires; the rest waits for the re-armed timer.
      for (let entry = lane.first(); entry !== undefined; entry = lane.first()) {
        if (entry.done) {
          lane.dead--;
        } else if (entry.at <= now) {
          entry.done = true;
          this.live--;
          due.push(entry);
        } else {
          break;
        }
        lane.shift();
      }
      lane.trim();
      if (lane.head > 0) lane.compact();
      if (lane.tail === 0 && lane !== this.last) this.lanes.delete(timeout);
    }
    for (const entry of due) {
      try {
        entry.expire();
      } catch (error) {
        this.report(error);
      }
    }
    // An expiry may have started calls (and armed the timer) already.
    if (this.live > 0 && this.timer === undefined) this.arm(now);
  }
}
