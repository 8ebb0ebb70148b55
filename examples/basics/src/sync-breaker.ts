// A CircuitBreaker around a synchronous function. Reading exchange rates from a local file
// fails while another process rewrites it; after three failures in a row the breaker stops
// trying for 200 ms and the caller gets the last rate it saw instead.
import { CallNotPermittedError, CircuitBreaker, Cooldown, FailureStreak } from '@fluxgate/core';
import { All } from '@fluxgate/core/permits';

let fileIsBeingRewritten = true;
let lastGoodRate = 1.08;

function readRate(currency: string): number {
  if (fileIsBeingRewritten) throw new Error('rates.json is being rewritten');
  lastGoodRate = currency === 'EUR' ? 1.09 : 1;
  return lastGoodRate;
}

const breaker = new CircuitBreaker({
  tripper: new FailureStreak(3),
  retry: new Cooldown(200),
  permit: new All(), // in half_open, let every call probe (the default ramps up over a minute)
  listeners: [(signal) => console.log(`  rates: ${signal.oldState} -> ${signal.newState}`)],
});

// Same signature as readRate; rejections are answered from the last good rate, and the
// function's own errors still reach the caller.
const rate = breaker.wrap(readRate, {
  fallback: (error) => {
    if (CallNotPermittedError.isInstance(error)) return lastGoodRate;
    throw error;
  },
});

for (let i = 1; i <= 5; i++) {
  try {
    console.log(`call ${i}: EUR = ${rate('EUR')} (${breaker.info().state})`);
  } catch (error) {
    console.log(`call ${i}: failed: ${(error as Error).message}`);
  }
}

fileIsBeingRewritten = false;
await new Promise((resolve) => setTimeout(resolve, 250)); // past the 200 ms cooldown
console.log(`call 6: EUR = ${rate('EUR')} (${breaker.info().state})`);
