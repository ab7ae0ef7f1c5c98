/**
 * Which masters a light can use yet: lights start as soon as their own bias, dark and flat are
 * final (buildMasters' onUsable), not when every master of the night is measured and written,
 * so the cores never wait between the stages.
 */
import type { FrameError, LightPlan } from '../../shared/night/frames';

export class MasterReadiness {
  private readonly entries = new Map<string, { readonly ready: Promise<string | null>; readonly settle: (failure: string | null) => void }>();

  constructor(masterIds: Iterable<string>) {
    for (const id of masterIds) {
      let settle!: (failure: string | null) => void;
      const ready = new Promise<string | null>((resolve) => (settle = resolve));
      this.entries.set(id, { ready, settle });
    }
  }

  /** The master's pixels are final (failure null), or it failed. Later calls change nothing. */
  settle(masterId: string, failure: string | null): void {
    this.entries.get(masterId)?.settle(failure);
  }

  /** Every master not settled yet fails with `reason` (masters stopped early): no light waits for ever. */
  settleAll(reason: string): void {
    for (const entry of this.entries.values()) entry.settle(reason);
  }

  /** Resolves when the light's masters are usable (null), or with why it cannot be calibrated. */
  async forLight(plan: LightPlan): Promise<FrameError | null> {
    for (const id of [plan.biasId, plan.darkId, plan.flatId]) {
      const entry = id === null ? undefined : this.entries.get(id);
      const failure = entry ? await entry.ready : null;
      if (failure !== null) return { code: 'no-matching-master', message: `master ${id} failed: ${failure}` };
    }
    return null;
  }
}
