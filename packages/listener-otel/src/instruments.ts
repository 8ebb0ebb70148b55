import { describeValue } from '@fluxgate/core';
import {
  type Counter,
  type Histogram,
  type Meter,
  type ObservableCounter,
  type ObservableGauge,
  ValueType,
} from '@opentelemetry/api';
import { INSTRUMENT_NAMES } from './instrument-names';

// Instruments are created once per meter and shared by every listener that uses it: the SDK
// would hand back the same storage for a second `create*` of one name anyway, and keeping them
// here lets a second listener see which buckets the histogram was created with.

/** The instruments of the state metrics, present for every listener. */
export interface StateInstruments {
  readonly state: ObservableGauge;
  readonly transitions: Counter;
}

/** The call instruments, present unless `calls: false`. */
export interface CallInstruments {
  readonly calls: ObservableCounter;
  readonly duration: Histogram;
  readonly failureRate: ObservableGauge;
  readonly windowCalls: ObservableGauge;
}

/** Everything one meter holds for fluxgate. */
export interface MeterState {
  readonly instruments: StateInstruments;
  /** Created by the first listener with call metrics. */
  calls: { readonly instruments: CallInstruments; readonly buckets: readonly number[] } | null;
  /** The listener that currently publishes each circuit name (a newer one takes a name over). */
  readonly owners: Map<string, object>;
}

const meters = new WeakMap<Meter, MeterState>();

/** The state instruments of `meter`, created on first use. */
export function meterState(meter: Meter): MeterState {
  let state = meters.get(meter);
  if (state === undefined) {
    state = {
      instruments: {
        state: meter.createObservableGauge(INSTRUMENT_NAMES.state, {
          description: 'Circuit breaker state: 1 for the current state, 0 for the others',
          valueType: ValueType.INT,
        }),
        transitions: meter.createCounter(INSTRUMENT_NAMES.transitions, {
          description: 'Circuit breaker state transitions',
          unit: '{transition}',
          valueType: ValueType.INT,
        }),
      },
      calls: null,
      owners: new Map(),
    };
    meters.set(meter, state);
  }
  return state;
}

/** The call instruments of `meter`, created on first use; refuses buckets that differ. */
export function callInstruments(
  meter: Meter,
  state: MeterState,
  buckets: readonly number[],
): CallInstruments {
  if (state.calls !== null) {
    if (state.calls.buckets.join() !== buckets.join()) {
      throw new RangeError(
        `OtelListener: buckets must match those of the ${INSTRUMENT_NAMES.callDuration} ` +
          `histogram already created on this meter (${describeValue(state.calls.buckets)}), ` +
          `got ${describeValue(buckets)}`,
      );
    }
    return state.calls.instruments;
  }
  const instruments: CallInstruments = {
    calls: meter.createObservableCounter(INSTRUMENT_NAMES.calls, {
      description: 'Calls through a circuit breaker, by outcome',
      unit: '{call}',
      valueType: ValueType.INT,
    }),
    duration: meter.createHistogram(INSTRUMENT_NAMES.callDuration, {
      description: 'Duration of the calls a circuit breaker ran, in seconds',
      unit: 's',
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: [...buckets] },
    }),
    failureRate: meter.createObservableGauge(INSTRUMENT_NAMES.failureRate, {
      description: "Failure rate (0 to 1) of the circuit breaker's current window",
      valueType: ValueType.DOUBLE,
    }),
    windowCalls: meter.createObservableGauge(INSTRUMENT_NAMES.windowCalls, {
      description: "Calls in the circuit breaker's current window",
      unit: '{call}',
      valueType: ValueType.INT,
    }),
  };
  state.calls = { instruments, buckets };
  return instruments;
}
