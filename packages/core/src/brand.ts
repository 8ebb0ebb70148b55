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

/** Marks every instance of `family` (through its prototype) with `brand`. */
export function brandFamily(
  family: abstract new (...args: never[]) => object,
  brand: symbol,
): void {
  Object.defineProperty(family.prototype, brand, { value: true });
}

const ordinaryInstanceOf = Function.prototype[Symbol.hasInstance];

/**
 * The `Symbol.hasInstance` of a component family. `instanceof Family` checks the brand, so a
 * component from another copy of core is one; `instanceof` a subclass (which inherits this
 * static method) keeps the ordinary prototype check. Never throws.
 */
export function isFamilyMember(
  target: unknown,
  family: Function,
  brand: symbol,
  value: unknown,
): boolean {
  if (target === family) return hasBrand(value, brand);
  try {
    return ordinaryInstanceOf.call(target, value);
  } catch {
    // A Proxy whose getPrototypeOf trap throws is not an instance of anything we know.
    return false;
  }
}
