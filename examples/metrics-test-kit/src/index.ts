// @fluxgate/metrics-test-kit: what the tests of listener-prometheus and listener-otel share. Not
// published: its users import it from source (jest compiles it).
export type { Extra, ManualClock } from './breakers';
export {
  asyncBreaker,
  boom,
  COOLDOWN,
  cycleAsync,
  cycleSync,
  manualClock,
  syncBreaker,
  taking,
} from './breakers';
export type { Dashboard, DashboardQuery } from './dashboard';
export { dashboardQueries, metricNames, readDashboard, runnable } from './dashboard';
export type { PrometheusServer, Sample } from './prometheus-server';
export {
  describeWithPrometheus,
  findPrometheus,
  freePort,
  poll,
  startPrometheus,
} from './prometheus-server';
export { byLabel, byTransition, cycleThroughStates, seen, stateIs } from './scrape-steps';
