import { AsyncCircuitBreaker } from '../breaker/async-circuit-breaker';
import { CircuitBreaker } from '../breaker/circuit-breaker';
import { BreakerRegistry } from './breaker-registry';

// Both option readers go through checkOptions: each option is read once, so a getter cannot
// answer one thing to the check and another to the constructor, and an array is not options.

test('BreakerRegistry reads each option once and refuses an array', () => {
  let reads = 0;
  const options = {
    create: () => new CircuitBreaker(),
    get maxSize() {
      reads++;
      return reads === 1 ? 2 : 0;
    },
  };
  const registry = new BreakerRegistry(options);
  expect(reads).toBe(1);
  registry.get('a');
  registry.get('b');
  registry.get('c');
  expect(registry.size).toBe(2);
  expect(() => new BreakerRegistry([] as never)).toThrow(
    new TypeError('BreakerRegistry: options must be an object with create, got []'),
  );
});

test('AsyncCircuitBreaker.run reads each option once and refuses an array', async () => {
  const breaker = new AsyncCircuitBreaker();
  let reads = 0;
  const options = {
    get timeout() {
      reads++;
      return reads === 1 ? 1000 : -1;
    },
  };
  await expect(breaker.run(() => 'ok', options)).resolves.toBe('ok');
  expect(reads).toBe(1);
  await expect(breaker.run(() => 'ok', [] as never)).rejects.toThrow(
    new TypeError('AsyncCircuitBreaker.run: options must be an object, got []'),
  );
});
