import winston from 'winston';

/**
 * winston's `Transport` base class. winston exports it at run time as `Transport`, while its
 * type declarations name it `transport` (which does not exist at run time): this bridges both.
 *
 * @example
 * ```ts
 * class Keeping extends Transport {
 *   override log(info: unknown, done: () => void) { entries.push(info); done(); }
 * }
 * ```
 */
type TransportClass = new (options?: Record<string, unknown>) => winston.transport;

export const Transport = (winston as unknown as { Transport: TransportClass }).Transport;
