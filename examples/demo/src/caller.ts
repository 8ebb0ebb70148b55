import { type AsyncCircuitBreaker, CallNotPermittedError } from '@fluxgate/core';
import type { CallResult } from './recorder';
import type { Quote } from './upstream';

/** How a call ended, for the recorder. */
export type CallReport = (
  result: CallResult,
  details: { slow: boolean; fallback: boolean },
) => void;

/**
 * The application code under protection: asks the payments upstream for a quote through the
 * breaker, and answers from the last good quote when the breaker rejects the call or the
 * upstream fails.
 */
export class QuoteClient {
  private cached: Quote | null = null;

  constructor(
    private readonly breaker: AsyncCircuitBreaker,
    private readonly url: string,
    private readonly slowThreshold: number,
    private readonly report: CallReport,
  ) {}

  /** A fresh quote, or the cached one, or null when there is neither. */
  async quote(stop?: AbortSignal): Promise<Quote | null> {
    const started = performance.now();
    try {
      // `run` hands fetch an AbortSignal: a call that times out is cancelled, not left running.
      const res = await this.breaker.run(({ signal }) => fetch(this.url, { signal }), {
        signal: stop,
      });
      if (!res.ok) {
        await res.body?.cancel();
        return this.fallback('failed');
      }
      const quote = (await res.json()) as Quote;
      this.cached = quote;
      this.report('ok', {
        slow: performance.now() - started >= this.slowThreshold,
        fallback: false,
      });
      return quote;
    } catch (error) {
      if (stop?.aborted) return null;
      return this.fallback(CallNotPermittedError.isInstance(error) ? 'rejected' : 'failed');
    }
  }

  private fallback(result: CallResult): Quote | null {
    this.report(result, { slow: false, fallback: this.cached !== null });
    return this.cached;
  }
}
