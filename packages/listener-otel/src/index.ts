export { INSTRUMENT_NAMES } from './instrument-names';
export type { OtelListenerOptions } from './options';
export { METER_NAME, OtelListener } from './otel-listener';
