import { refuseVerdict } from '../validate';
import { Closed } from './closed';
import { FailureRate } from './failure-rate';
import { FailureStreak } from './failure-streak';
import { HalfOpened } from './half-opened';
import { MinRequests } from './min-requests';
import { AndTripper, type CallContext, OrTripper, type Tripper } from './tripper';

// A tripper tree is walked on every recorded call: one virtual call per node, with the verdict
// checks of the composites between them, is about a third of a sync call. Built at construction,
// one function holds the built-in nodes' rules as plain expressions; any other node (a user's
// tripper, a subclass, a built-in whose `evaluate` was replaced, one from another copy of core)
// keeps its own `evaluate`, with the same boolean check the composites make. The built-ins'
// parameters are read at every call, as their own `evaluate` reads them.

/** The rule of a built-in leaf, as an expression over the context `c` and the node `t[i]`. */
const LEAVES: readonly [Function, (node: string) => string][] = [
  [HalfOpened, () => `c.state === 'half_open'`],
  [Closed, () => `c.state === 'closed'`],
  [FailureStreak, (node) => `c.consecutiveFailures >= ${node}.count`],
  [MinRequests, (node) => `c.metric.totalCount >= ${node}.count`],
  [FailureRate, (node) => `((r = c.metric.failureRate) !== null && r >= ${node}.ratio)`],
];
const ORIGINAL = new Map<Function, Function>(
  [...LEAVES.map(([family]) => family), AndTripper, OrTripper].map((family) => [
    family,
    family.prototype.evaluate,
  ]),
);

/** Whether `node` is exactly `family`, with the `evaluate` it was shipped with. */
function isExactly(node: Tripper, family: Function): boolean {
  return Object.getPrototypeOf(node) === family.prototype && node.evaluate === ORIGINAL.get(family);
}

/** A user's verdict inside a composite: a boolean, or the composites' fault. */
function checked(verdict: unknown): boolean {
  if (typeof verdict !== 'boolean') refuseVerdict('Tripper', 'evaluate()', verdict);
  return verdict;
}

function expression(node: Tripper, nodes: Tripper[]): string {
  const ref = `t[${nodes.push(node) - 1}]`;
  for (const [family, rule] of LEAVES) if (isExactly(node, family)) return rule(ref);
  const composite = isExactly(node, AndTripper) ? '&&' : isExactly(node, OrTripper) ? '||' : '';
  if (composite === '') return `x(${ref}.evaluate(c))`;
  const [left, right] = node.children() as [Tripper, Tripper];
  return `(${expression(left, nodes)} ${composite} ${expression(right, nodes)})`;
}

/** A compiled tree: `evaluate` of its root. @internal */
export type Trips = (ctx: CallContext) => boolean;

const compiled = new WeakMap<Tripper, Trips | null>();

/**
 * `tripper.evaluate` as one function, or undefined when that would not save anything (the root
 * is not a built-in) or cannot be built (no `Function` constructor under a strict content
 * security policy, a tree too deep to compile): the breaker then calls `evaluate` itself.
 *
 * @internal
 */
export function compileTripper(tripper: Tripper): Trips | undefined {
  // Breakers share trees (every default breaker shares one): compile each tree once.
  let trips = compiled.get(tripper);
  if (trips === undefined) {
    trips = build(tripper) ?? null;
    compiled.set(tripper, trips);
  }
  return trips ?? undefined;
}

function build(tripper: Tripper): Trips | undefined {
  try {
    const nodes: Tripper[] = [];
    const body = expression(tripper, nodes);
    if (body === 'x(t[0].evaluate(c))') return undefined;
    const make = new Function('t', 'x', `return function trips(c) { let r; return ${body}; };`);
    return make(nodes, checked) as Trips;
  } catch {
    return undefined;
  }
}
