import type { Counter, Histogram } from 'prom-client';

// The call metrics are counted on the call path in plain numbers and typed arrays, and handed
// to prom-client only when the registry is collected (a scrape, `registry.metrics()`,
// `getMetricsAsJSON()`): prom-client hashes the labels on every `inc` and `observe`, which
// costs more than the breaker's whole call. Each scrape shows exactly what eager calls would
// have shown: the same counts, the same buckets, and sums added in the same order.

/** The labels of one call series. */
export interface CallLabels {
  readonly circuit_name: string;
  readonly outcome: string;
}

/**
 * prom-client's record of one histogram series: `{ labels, bucketValues, sum, count }` in its
 * `hashMap`, the same layout from prom-client 11 to 15. It is made by prom-client's own public
 * `zero(labels)` (so prom-client hashes the labels, once per series) and then written to.
 */
interface HistogramEntry {
  labels: object;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}

type WithEntries = { hashMap: Record<string, HistogramEntry> };

/** Histogram totals of one series at some moment. */
interface Totals {
  readonly observed: number;
  readonly sum: number;
  readonly buckets: Float64Array | null;
}

const EMPTY: Totals = Object.freeze({ observed: 0, sum: 0, buckets: null });

/** One `{circuit_name, outcome}` series of the calls counter and the duration histogram. */
export class CallSeries {
  readonly labels: CallLabels;
  /** Calls since the series was (re)started. */
  calls = 0;
  /** Of {@link calls}, those the counter already holds. */
  flushedCalls = 0;
  /** Durations observed since the series was (re)started. */
  observed = 0;
  /** Their sum in seconds, added in call order as prom-client would. */
  sum = 0;
  /** Observations per bucket (not cumulative); above the last bound only `observed` grows. */
  readonly buckets: Float64Array;
  /** Whether the series is in the registry's call / duration order (see RegistryState). */
  listedCalls = false;
  listedDurations = false;
  /** The histogram's record of this series, and its key, once made. */
  entry: HistogramEntry | undefined = undefined;
  key: string | undefined = undefined;
  /** What the histogram was given at the last collection. */
  flushed: Totals = EMPTY;
  /** What the histogram does not show: everything before prom-client last dropped the series. */
  base: Totals = EMPTY;

  constructor(labels: CallLabels, bucketCount: number) {
    this.labels = labels;
    this.buckets = new Float64Array(bucketCount);
  }

  /** Records one duration in seconds. Non-finite values are refused, as prom-client does. */
  observe(seconds: number, bounds: readonly number[]): void {
    if (!Number.isFinite(seconds)) {
      throw new TypeError(`PrometheusListener: call duration must be finite, got ${seconds}`);
    }
    this.sum += seconds;
    this.observed++;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]!) {
        this.buckets[i]!++;
        return;
      }
    }
  }

  /** Forgets every count: the circuit's series were removed. */
  clear(): void {
    this.calls = 0;
    this.flushedCalls = 0;
    this.observed = 0;
    this.sum = 0;
    this.buckets.fill(0);
    this.listedCalls = false;
    this.listedDurations = false;
    this.entry = undefined;
    this.key = undefined;
    this.flushed = EMPTY;
    this.base = EMPTY;
  }
}

/** Hands the calls counted since the last collection to the counter, in first-call order. */
export function flushCalls(counter: Counter<string>, order: readonly CallSeries[]): void {
  for (const series of order) {
    const delta = series.calls - series.flushedCalls;
    if (delta === 0) continue;
    try {
      counter.inc(series.labels as unknown as Record<string, string>, delta);
      series.flushedCalls = series.calls;
    } catch {
      // A scrape must not fail because prom-client refused one series: it is retried next time.
    }
  }
}

/**
 * The histogram's record of `series`, made (with prom-client's own label hashing) if needed;
 * undefined while there is nothing to show.
 */
function entryOf(histogram: Histogram<string>, series: CallSeries): HistogramEntry | undefined {
  const map = (histogram as unknown as WithEntries).hashMap;
  if (series.entry !== undefined && map[series.key!] === series.entry) return series.entry;
  if (series.entry !== undefined) {
    // prom-client dropped the series (`registry.resetMetrics()`): as with eager observations it
    // starts over, from what came since the last collection, and is absent until then.
    if (series.observed === series.flushed.observed) return undefined;
    series.base = series.flushed;
  }
  histogram.zero(series.labels as unknown as Record<string, string>);
  const found = Object.entries(map).find(([, entry]) => entry.labels === series.labels);
  if (
    found === undefined ||
    typeof found[1].sum !== 'number' ||
    typeof found[1].count !== 'number' ||
    typeof found[1].bucketValues !== 'object'
  ) {
    throw new Error('PrometheusListener: this prom-client keeps histogram series another way');
  }
  [series.key, series.entry] = found;
  return found[1];
}

/** Writes every series' durations into the histogram, in first-observation order. */
export function flushDurations(
  histogram: Histogram<string>,
  order: readonly CallSeries[],
  bounds: readonly number[],
): void {
  for (const series of order) {
    let entry: HistogramEntry | undefined;
    try {
      entry = entryOf(histogram, series);
    } catch {
      // As for the counter: this series waits for the next collection.
    }
    if (entry === undefined) continue;
    const { base } = series;
    entry.count = series.observed - base.observed;
    // Without a reset the sum is the one prom-client would have added up, to the last bit.
    entry.sum = base.observed === 0 ? series.sum : series.sum - base.sum;
    for (let i = 0; i < bounds.length; i++) {
      entry.bucketValues[bounds[i]!] = series.buckets[i]! - (base.buckets?.[i] ?? 0);
    }
    series.flushed = {
      observed: series.observed,
      sum: series.sum,
      buckets: Float64Array.from(series.buckets),
    };
  }
}
