export type { CircuitAnnotations } from './circuit-annotations';
export type {
  AcquireReply,
  AcquireRequest,
  BucketTotals,
  CircuitStore,
  FleetState,
  SyncReply,
  SyncRequest,
  TransitionReply,
  TransitionRequest,
} from './circuit-store';
export type { FleetChange, FleetHost, FleetLinkOptions } from './fleet-host';
export { FleetLink } from './fleet-link';
export { FleetWindow } from './fleet-window';
export { StoreUnavailableError } from './store-unavailable-error';
