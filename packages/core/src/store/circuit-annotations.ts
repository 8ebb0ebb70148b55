import { invalid } from '../validate';

/** The longest annotation key, in characters. */
export const MAX_ANNOTATION_KEY = 200;
/** The longest annotation value, in characters. */
export const MAX_ANNOTATION_VALUE = 2_000;

/**
 * Short string values kept with one circuit, for the listeners of every breaker that shares it:
 * e.g. the Slack thread of the current incident, written by the instance that started it and read
 * by the one that posts the recovery. A breaker hands them to its listeners' `attach`, as
 * `breaker.annotations`. With a store that keeps annotations (`@fluxgate/store-redis` does) they
 * are shared fleet-wide and live as long as the circuit's keys; without one they live in the
 * breaker's memory (`shared` is then false).
 *
 * Never call them on a caller's path: each read or write may be a round-trip to the store. A
 * rejected promise means the store is unavailable (or the arguments are invalid).
 *
 * @example
 * ```ts
 * class ThreadListener extends AsyncListener {
 *   #notes?: CircuitAnnotations;
 *   attach(breaker: BreakerView): void { this.#notes = breaker.annotations; }
 *   async notify(signal: Signal): Promise<void> {
 *     const thread = await this.#notes?.read('incident');
 *     if (thread === null) await this.#notes?.write('incident', await startIncident(), null);
 *   }
 * }
 * ```
 */
export interface CircuitAnnotations {
  /** Whether other instances see these annotations (a store keeps them), not only this breaker. */
  readonly shared: boolean;
  /** The value under `key`, or `null` when there is none. */
  read(key: string): Promise<string | null>;
  /**
   * Compare-and-set: writes `value` under `key` (`null` deletes it) and resolves `true`, unless
   * `expected` is given and the key does not hold it (`null`: the key must be absent); then it
   * writes nothing and resolves `false`. Atomic against every other writer of the circuit.
   */
  write(key: string, value: string | null, expected?: string | null | undefined): Promise<boolean>;
}

/** Annotations in one breaker's memory: what a breaker without a store (or whose store keeps none) uses. */
class LocalAnnotations implements CircuitAnnotations {
  readonly shared = false;
  readonly #values = new Map<string, string>();

  async read(key: string): Promise<string | null> {
    return this.#values.get(key) ?? null;
  }

  async write(key: string, value: string | null, expected?: string | null): Promise<boolean> {
    if (expected !== undefined && (this.#values.get(key) ?? null) !== expected) return false;
    if (value === null) this.#values.delete(key);
    else this.#values.set(key, value);
    return true;
  }
}

function checkString(owner: string, param: string, value: unknown, max: number, nullable: boolean) {
  if (nullable && value === null) return;
  const rule = `${nullable ? 'null or ' : ''}a string of at most ${max} characters`;
  if (typeof value !== 'string') invalid(owner, param, rule, value, true);
  else if (value.length > max || (param === 'key' && value === '')) {
    invalid(owner, param, `${rule}${param === 'key' ? ', not empty' : ''}`, value, false);
  }
}

/**
 * What a breaker exposes as `annotations`: the arguments checked (a bad one rejects with a
 * TypeError or RangeError naming it), then the store's annotations, or local ones.
 */
class CheckedAnnotations implements CircuitAnnotations {
  readonly shared: boolean;
  #backend: CircuitAnnotations | undefined;

  /** Without a store's `backend`, the breaker's own map is made on first use, not per breaker. */
  constructor(
    private readonly owner: string,
    backend: CircuitAnnotations | undefined,
  ) {
    this.#backend = backend;
    this.shared = backend?.shared === true;
  }

  private get backend(): CircuitAnnotations {
    this.#backend ??= new LocalAnnotations();
    return this.#backend;
  }

  async read(key: string): Promise<string | null> {
    checkString(`${this.owner}.annotations`, 'key', key, MAX_ANNOTATION_KEY, false);
    const value = await this.backend.read(key);
    return typeof value === 'string' ? value : null;
  }

  async write(key: string, value: string | null, expected?: string | null): Promise<boolean> {
    const owner = `${this.owner}.annotations`;
    checkString(owner, 'key', key, MAX_ANNOTATION_KEY, false);
    checkString(owner, 'value', value, MAX_ANNOTATION_VALUE, true);
    if (expected !== undefined)
      checkString(owner, 'expected', expected, MAX_ANNOTATION_VALUE, true);
    return (await this.backend.write(key, value, expected)) === true;
  }
}

/**
 * The annotations of a breaker with `store` (undefined: none). A store's `annotations`, when it
 * has them, must have `read` and `write`.
 *
 * @internal
 */
export function annotationsFor(owner: string, store: unknown): CircuitAnnotations {
  const own = (store as { annotations?: unknown } | undefined)?.annotations;
  if (own === undefined) return new CheckedAnnotations(owner, undefined);
  const shape = own as Partial<CircuitAnnotations> | null;
  if (
    shape === null ||
    typeof shape !== 'object' ||
    typeof shape.read !== 'function' ||
    typeof shape.write !== 'function'
  ) {
    invalid(
      owner,
      'store.annotations',
      'undefined or CircuitAnnotations (read and write)',
      own,
      true,
    );
  }
  return new CheckedAnnotations(owner, shape as CircuitAnnotations);
}
