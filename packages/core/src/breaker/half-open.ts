import type { Permit } from '../permits/permit';
import { verdict } from './consult';

/** What half_open makes of an arriving call. @internal */
export type ProbeVerdict = 'probe' | 'reject';

/** A fleet's probe leases (a breaker with a `store`): at most K probes in flight fleet-wide. @internal */
export interface ProbeLeaseSource {
  /** Whether a probe may start now (this instance holds a lease for it). */
  takeLease(now: number): boolean;
  /** A probe that held a lease ended. */
  releaseLease(): void;
}

/**
 * One half_open episode, where half_open decides: which calls probe (the permit and
 * `maxHalfOpenCalls`), how many probes are in flight, when enough probes were recorded for a
 * success to close the circuit (`probesToClose`), and when an undecided episode has lasted too
 * long (`maxHalfOpenWait`). Both breakers use it; the sync breaker has no probe cap. The state
 * machine calls {@link begin} on every transition, so counts never leak from one episode (or one
 * generation) to the next.
 *
 * @internal
 */
export class HalfOpenEpisode {
  readonly #maxProbes: number;
  readonly #probesToClose: number;
  readonly #maxWait: number;
  #inFlight = 0;
  #recorded = 0;
  #leases: ProbeLeaseSource | undefined;

  constructor(maxProbes: number, probesToClose: number, maxWait: number) {
    this.#maxProbes = maxProbes;
    this.#probesToClose = probesToClose;
    this.#maxWait = maxWait;
  }

  /** With a store: every probe also needs one of the fleet's leases. */
  share(leases: ProbeLeaseSource): void {
    this.#leases = leases;
  }

  /** A transition happened: a new episode (or none) starts. */
  begin(): void {
    this.#inFlight = 0;
    this.#recorded = 0;
  }

  /**
   * Whether a call arriving `elapsed` ms into the episode probes. The permit is user code: it
   * may throw (reported; the call probes, as with `All`, so a broken permit cannot wedge the
   * circuit) or answer with a non-boolean (a fault too). A re-entrant permit may also move the
   * breaker, so the caller re-checks its generation before calling {@link started}.
   */
  admit(
    elapsed: number,
    permit: Permit,
    random: () => number,
    report: (error: unknown) => void,
  ): ProbeVerdict {
    if (this.#inFlight >= this.#maxProbes) return 'reject';
    let admitted: unknown;
    try {
      admitted = permit.admit(elapsed, random);
    } catch (error) {
      report(error);
      return 'probe';
    }
    return verdict('Permit', 'admit()', admitted, true, report) ? 'probe' : 'reject';
  }

  /** Whether the episode has lasted `elapsed` ms without a decision for too long. */
  expired(elapsed: number): boolean {
    return elapsed >= this.#maxWait;
  }

  /** Starts a probe {@link admit} let through; false when the fleet grants no lease for it. */
  start(now: number): boolean {
    if (this.#leases !== undefined && !this.#leases.takeLease(now)) return false;
    this.#inFlight++;
    return true;
  }

  /** A probe of this episode ended (recorded or not). */
  release(): void {
    if (this.#inFlight === 0) return;
    this.#inFlight--;
    this.#leases?.releaseLease();
  }

  /**
   * A probe was recorded and the tripper did not reopen: whether its outcome closes the circuit.
   * A success closes only once `probesToClose` probes of this episode have been recorded.
   */
  closes(success: boolean): boolean {
    this.#recorded++;
    return success && this.#recorded >= this.#probesToClose;
  }
}
