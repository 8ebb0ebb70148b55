import { CALL_OUTCOMES, type CallOutcome } from './signal';

test('CALL_OUTCOMES lists every CallOutcome once, frozen', () => {
  // Fails to compile when CallOutcome gains a member the list does not have.
  const every: Record<CallOutcome, true> = {
    success: true,
    failure: true,
    ignored: true,
    rejected: true,
    timeout: true,
  };
  expect([...CALL_OUTCOMES].sort()).toEqual(Object.keys(every).sort());
  expect(Object.isFrozen(CALL_OUTCOMES)).toBe(true);
});
