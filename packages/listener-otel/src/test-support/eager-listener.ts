// The reference the lazy listener is held to: the same instruments recorded the usual way, one
// `add` or `record` per call and per transition, of the durations the listener records (whole
// ticks of 2^-24 s).
import { type CallEvent, Listener, type Signal } from '@fluxgate/core';
import { type Counter, type Histogram, type Meter, ValueType } from '@opentelemetry/api';
import { recordedSeconds } from '../duration-accumulator';
import { INSTRUMENT_NAMES } from '../instrument-names';

export class EagerListener extends Listener {
  private readonly calls: Counter;
  private readonly transitions: Counter;
  private readonly duration: Histogram;

  constructor(
    meter: Meter,
    private readonly name: string,
    private readonly buckets: number[],
  ) {
    super();
    this.transitions = meter.createCounter(INSTRUMENT_NAMES.transitions, {
      description: 'Circuit breaker state transitions',
      unit: '{transition}',
      valueType: ValueType.INT,
    });
    this.calls = meter.createCounter(INSTRUMENT_NAMES.calls, {
      description: 'Calls through a circuit breaker, by outcome',
      unit: '{call}',
      valueType: ValueType.INT,
    });
    this.duration = meter.createHistogram(INSTRUMENT_NAMES.callDuration, {
      description: 'Duration of the calls a circuit breaker ran, in seconds',
      unit: 's',
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: buckets },
    });
  }

  notify(signal: Signal): void {
    if (signal.origin === 'fleet') return;
    this.transitions.add(1, {
      circuit_name: this.name,
      old_state: signal.oldState,
      new_state: signal.newState,
    });
  }

  override onCall(event: CallEvent): void {
    const attributes = { circuit_name: this.name, outcome: event.outcome };
    this.calls.add(1, attributes);
    if (event.duration !== null) {
      this.duration.record(recordedSeconds(event.duration, this.buckets), attributes);
    }
  }
}
