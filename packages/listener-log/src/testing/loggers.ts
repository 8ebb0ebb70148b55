// Test helper: real winston loggers that write into a MemoryTransport.
import winston from 'winston';
import { type Info, MemoryTransport } from './memory-transport';

/** A winston logger (level `silly` unless told otherwise) and the transport it writes to. */
export function memoryLogger(options: winston.LoggerOptions = {}) {
  const transport = new MemoryTransport();
  const logger = winston.createLogger({ level: 'silly', ...options, transports: [transport] });
  return { logger, transport, entries: transport.entries };
}

/** The string-keyed fields of an entry (winston's own symbol keys left out). */
export function fields(info: Info): Record<string, unknown> {
  return Object.fromEntries(Object.entries(info));
}

/** The line a transport would write: winston's `Symbol.for('message')`, the formatted entry. */
export function formatted(info: Info): string {
  return info[Symbol.for('message')] as string;
}
