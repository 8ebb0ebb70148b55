// Test helper (not part of the package's entry point): a real winston transport that keeps every
// `info` object it receives, after the logger's and its own format ran.
import winston from 'winston';

// winston exports its Transport base class at run time as `winston.Transport`, but its type
// declarations leave it out (and winston-transport is not a dependency of this package).
type TransportInstance = winston.Logger['transports'][number];
const Transport = (winston as unknown as { Transport: new () => TransportInstance }).Transport;

/** One `info` object as a transport receives it. */
export type Info = Record<string | symbol, unknown>;

/** Collects log entries in memory. */
export class MemoryTransport extends Transport {
  readonly entries: Info[] = [];

  override log(info: Info, next: () => void): void {
    this.entries.push(info);
    next();
  }
}

/** A transport whose every write throws, like a broken sink. */
export class ThrowingTransport extends Transport {
  override log(): void {
    throw new Error('disk on fire');
  }
}
