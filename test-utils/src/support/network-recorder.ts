import dns from 'node:dns';
import net from 'node:net';

/** Where the process tried to go. */
export interface NetworkLog {
  /** `host:port` of every TCP connection attempted. */
  readonly connections: string[];
  /** Every host name looked up in DNS. */
  readonly lookups: string[];
  /** Every URL given to `fetch`. */
  readonly fetches: string[];
}

/**
 * Records every TCP connection (`net.Socket#connect`, which http, https, tls and every client
 * library end up in), DNS lookup and `fetch` the process makes, until `stop()` restores them.
 * Connections still go through: this observes, it does not block.
 *
 * @example
 * ```ts
 * const network = recordNetwork();
 * try {
 *   // ... use the listeners
 * } finally {
 *   network.stop();
 * }
 * expect(network.log.connections).toEqual([`127.0.0.1:${port}`]);
 * ```
 */
export function recordNetwork(): { log: NetworkLog; stop: () => void } {
  const log = { connections: [] as string[], lookups: [] as string[], fetches: [] as string[] };
  const socketPrototype = net.Socket.prototype as unknown as {
    connect: (...args: unknown[]) => unknown;
  };
  const connect = socketPrototype.connect;
  socketPrototype.connect = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
      const options = first as { host?: string; port?: number; path?: string };
      log.connections.push(options.path ?? `${options.host ?? 'localhost'}:${options.port}`);
    } else if (Array.isArray(first)) {
      // Node's internal normalized form: [options, callback].
      const options = first[0] as { host?: string; port?: number; path?: string };
      log.connections.push(options?.path ?? `${options?.host ?? 'localhost'}:${options?.port}`);
    } else {
      log.connections.push(`${typeof second === 'string' ? second : 'localhost'}:${String(first)}`);
    }
    return connect.apply(this, args);
  };
  const lookup = dns.lookup;
  (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
    log.lookups.push(hostname);
    return (lookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  const promisesLookup = dns.promises.lookup;
  (dns.promises as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
    log.lookups.push(hostname);
    return (promisesLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  const fetch = globalThis.fetch;
  globalThis.fetch = ((input: unknown, init?: unknown) => {
    log.fetches.push(String(input instanceof Request ? input.url : input));
    return fetch(input as Request, init as RequestInit);
  }) as typeof globalThis.fetch;
  return {
    log,
    stop: () => {
      socketPrototype.connect = connect;
      (dns as { lookup: unknown }).lookup = lookup;
      (dns.promises as { lookup: unknown }).lookup = promisesLookup;
      globalThis.fetch = fetch;
    },
  };
}
