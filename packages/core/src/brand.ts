/**
 * Whether `value` carries `brand` (a `Symbol.for` key, so it matches across duplicate installs
 * and the ESM and CommonJS builds). Never throws, whatever the value is.
 */
export function hasBrand(value: unknown, brand: symbol): boolean {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[brand] === true
    );
  } catch {
    // A Proxy or a hostile getter: whatever it is, it is not one of ours.
    return false;
  }
}
