// @fluxgate/test-utils: the reference model of the breaker and its generators, plus the fault
// injectors of the reliability suite, for any workspace package's tests. Not published: jest
// imports it from source (see README.md).

export type { StandInReply, StandInRequest } from '@fluxgate/slack-stand-in';
export { SlackStandIn } from '@fluxgate/slack-stand-in';
// Hostile values and misbehaving time
export type { HostileValue } from './hostile/hostile-values';
export { HOSTILE_VALUES } from './hostile/hostile-values';
// Reference model of SPEC §3 and model-based checks
export type { Action, ControlTarget } from './model/actions';
export { advanceArb, asyncActionArb, controlArb, syncActionArb } from './model/actions';
export { checkAsync } from './model/check-async';
export { checkSync } from './model/check-sync';
export type { LatencyRule, ModelConfig } from './model/config';
export {
  breakerComponents,
  CountedError,
  FLAGGED,
  IgnoredError,
  modelConfigArb,
  modelRetry,
  modelTripper,
} from './model/config';
export { lcg } from './model/lcg';
export { withoutStackTraces } from './model/no-stack-traces';
export { compare, describeBreaker, describeModel, signalKey } from './model/observe';
export { randomActions } from './model/random-actions';
export type { Admission, Outcome } from './model/reference-model';
export { ReferenceModel } from './model/reference-model';
// Soak scaling and figures
export { recordFigure, soakFactor } from './soak/scale';
// Concurrency and outcomes
export { ConcurrencyMeter } from './support/concurrency-meter';
export type { Deferred } from './support/deferred';
export { deferred } from './support/deferred';
export type { BreakerKind, EitherBreaker } from './support/either-breaker';
export { eitherBreaker } from './support/either-breaker';
export { FaultyClock } from './support/faulty-clock';
export { ManualClock } from './support/manual-clock';
// Listeners' outside world: Slack, the network, secrets, winston
export type { NetworkLog } from './support/network-recorder';
export { recordNetwork } from './support/network-recorder';
export type { Outcome as CallOutcomeCapture } from './support/outcome';
export { capture, captureSync } from './support/outcome';
export { leaks, renderings, SLACK_TOKEN, TOKEN_SECRET } from './support/secrets';
export {
  asyncBreaker,
  COOLDOWN,
  fail,
  failSync,
  readyToProbe,
  syncBreaker,
} from './support/test-breakers';
export { Transport } from './support/winston-transport';
