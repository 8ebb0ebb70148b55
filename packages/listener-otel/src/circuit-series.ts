import { CALL_OUTCOMES, type CallOutcome, STATES, type State } from '@fluxgate/core';
import type { Attributes } from '@opentelemetry/api';
import type { DurationAccumulator } from './duration-accumulator';

// What a listener accumulates between collections, in plain numbers: the call path only adds to
// a count; the SDK sees the totals when it collects (an observable counter reports cumulative
// values, and the SDK derives deltas where a reader wants them). Attribute sets are built once.

/** One outcome's series: its attributes, built once, its running total and its durations. */
export interface CountedSeries {
  readonly attributes: Attributes;
  count: number;
  /** Created on the first duration of this outcome. */
  durations: DurationAccumulator | null;
}

/** The calls-counter series of one circuit, one per outcome, plus any a newer core adds. */
export class CallSeries {
  /** Indexed by outcome, so the call path does one property read and one addition. */
  readonly known: Readonly<Record<CallOutcome, CountedSeries>>;
  /** Outcomes this version does not know, each still counted under its own name. */
  readonly other = new Map<string, CountedSeries>();

  constructor(private readonly circuitName: string) {
    // No prototype: an outcome named like an Object.prototype member must not find one.
    this.known = Object.assign(
      Object.create(null),
      Object.fromEntries(
        CALL_OUTCOMES.map((outcome) => [
          outcome,
          {
            attributes: Object.freeze({ circuit_name: circuitName, outcome }),
            count: 0,
            durations: null,
          },
        ]),
      ),
    ) as Record<CallOutcome, CountedSeries>;
  }

  /**
   * The series of `outcome`. Known outcomes are matched by name, never looked up as a property:
   * an outcome named like an `Object.prototype` member must not find one.
   */
  of(outcome: string): CountedSeries {
    const { known } = this;
    switch (outcome) {
      case 'success':
        return known.success;
      case 'failure':
        return known.failure;
      case 'ignored':
        return known.ignored;
      case 'rejected':
        return known.rejected;
      case 'timeout':
        return known.timeout;
      default:
        return this.unknown(outcome);
    }
  }

  /** The series of an outcome this version does not know (created on its first call). */
  private unknown(outcome: string): CountedSeries {
    let series = this.other.get(outcome);
    if (series === undefined) {
      const attributes = Object.freeze({ circuit_name: this.circuitName, outcome });
      series = { attributes, count: 0, durations: null };
      this.other.set(outcome, series);
    }
    return series;
  }

  /** Every series, counted or not. */
  *all(): Generator<CountedSeries> {
    for (const outcome of CALL_OUTCOMES) yield this.known[outcome];
    yield* this.other.values();
  }

  /** Every series that counted at least one call. */
  *counted(): Generator<CountedSeries> {
    for (const outcome of CALL_OUTCOMES)
      if (this.known[outcome].count > 0) yield this.known[outcome];
    yield* this.other.values();
  }
}

/** The transition counter's attribute sets of one circuit, built on each pair's first use. */
export class TransitionAttributes {
  private readonly sets = new Map<string, Attributes>();

  constructor(private readonly circuitName: string) {}

  of(oldState: State, newState: State): Attributes {
    const key = `${oldState}>${newState}`;
    let attributes = this.sets.get(key);
    if (attributes === undefined) {
      attributes = Object.freeze({
        circuit_name: this.circuitName,
        old_state: oldState,
        new_state: newState,
      });
      this.sets.set(key, attributes);
    }
    return attributes;
  }
}

/** The six state-gauge attribute sets of one circuit, in `STATES` order. */
export function stateAttributes(circuitName: string): readonly [State, Attributes][] {
  return STATES.map((state) => [state, Object.freeze({ circuit_name: circuitName, state })]);
}
