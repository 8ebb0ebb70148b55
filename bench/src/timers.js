// Counts the timers created while a piece of code runs, by wrapping the timer globals (which
// every library looks up on the global object at call time).

/**
 * Starts counting calls of `setTimeout` and `setInterval`. Call `stop()` to restore them;
 * `count` holds the number created so far.
 */
export function countTimers() {
  const { setTimeout: originalTimeout, setInterval: originalInterval } = globalThis;
  const counter = {
    count: 0,
    stop() {
      globalThis.setTimeout = originalTimeout;
      globalThis.setInterval = originalInterval;
    },
  };
  globalThis.setTimeout = function setTimeout(...args) {
    counter.count++;
    return originalTimeout.apply(this, args);
  };
  globalThis.setInterval = function setInterval(...args) {
    counter.count++;
    return originalInterval.apply(this, args);
  };
  return counter;
}
