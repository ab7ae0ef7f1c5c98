/**
 * Step 2, the masters: one view per planned master, kept in the plan's order, with the strip
 * progress of the one being combined.
 */
import type { CombineMethod, MasterEvent, MasterPlan, MasterView, NightcalEvent } from '../../shared/contract';
import { plannedMaster } from '../../shared/run-views';
import { errorMessage } from '../error-message';
import { isConnectionLost } from '../transport/connection';
import type { AppState, SliceCreator } from '../store';

/** How far the combining of one master has gone, in strips. */
export interface StripProgress {
  readonly done: number;
  readonly total: number;
}

export interface MastersSlice {
  /** Master ids in the plan's order (bias, darks, flats). */
  readonly masterIds: readonly string[];
  readonly masters: Readonly<Record<string, MasterView>>;
  readonly masterStrips: Readonly<Record<string, StripProgress>>;
  /** True while this window waits for buildMasters. */
  readonly mastersBusy: boolean;
  readonly mastersError: string | null;
  /** How the next build combines frames (the user's choice). */
  readonly combine: CombineMethod;
  setCombine(method: CombineMethod): void;
  /** Build (or rebuild) every master with the chosen method. */
  buildMasters(): Promise<void>;
}

type MastersData = Pick<MastersSlice, 'masterIds' | 'masters' | 'masterStrips'>;

export const initialMastersState = {
  masterIds: [],
  masters: {},
  masterStrips: {},
  mastersBusy: false,
  mastersError: null,
  combine: 'median',
} satisfies Partial<MastersSlice>;

/** The combine methods, as the interface names them. */
export const COMBINE_METHODS: readonly { readonly method: CombineMethod; readonly label: string; readonly title: string }[] = [
  { method: 'median', label: 'Median', title: 'Per-pixel median of the frames: robust, a little noisier' },
  { method: 'sigma-clip', label: 'Sigma-clip', title: 'Per-pixel mean after rejecting outliers beyond a few sigma: less noise, still rejects cosmic rays' },
];

/** How the masters now built were combined (main says, in each built master); null when none is built. */
export function builtWith(state: Pick<MastersSlice, 'masterIds' | 'masters'>): CombineMethod | null {
  for (const id of state.masterIds) {
    const master = state.masters[id];
    if (master?.status === 'done' && master.method !== null) return master.method;
  }
  return null;
}

function sameFrames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * The masters of a plan. A view already known is kept when its master would combine the
 * very same frames (a regroup that did not touch it); otherwise it is planned afresh.
 */
export function mastersFromPlan(plan: MasterPlan, known: Readonly<Record<string, MasterView>> = {}): MastersData {
  const masters: Record<string, MasterView> = {};
  for (const spec of plan.masters) {
    const previous = known[spec.id];
    masters[spec.id] = previous && sameFrames(previous.spec.frameIds, spec.frameIds) ? previous : plannedMaster(spec);
  }
  return { masterIds: plan.masters.map((spec) => spec.id), masters, masterStrips: {} };
}

/** The masters listed in a snapshot or a buildMasters answer, over the plan's order. */
export function mastersFromViews(views: readonly MasterView[], plan: MasterPlan | null): MastersData {
  const byId: Record<string, MasterView> = {};
  for (const view of views) byId[view.spec.id] = view;
  const ordered = plan ? plan.masters.map((spec) => byId[spec.id] ?? plannedMaster(spec)) : views;
  const extra = views.filter((view) => !ordered.includes(view));
  const all = [...ordered, ...extra];
  const masters: Record<string, MasterView> = {};
  for (const view of all) masters[view.spec.id] = view;
  return { masterIds: all.map((view) => view.spec.id), masters, masterStrips: {} };
}

/** A master after one of its events: the finished view when the event carries it, else the new status. */
export function masterAfterEvent(previous: MasterView | undefined, event: MasterEvent): MasterView | undefined {
  if (event.master) return event.master;
  if (!previous) return undefined;
  return { ...previous, status: event.status };
}

/**
 * The masters slice's change for a batch of events, made in one pass: its records are copied
 * once per batch (on the first write), not once per event.
 */
export function mastersAfterEvents(state: AppState, events: readonly NightcalEvent[]): Partial<MastersSlice> {
  let masters: Record<string, MasterView> | null = null;
  let masterIds: string[] | null = null;
  let strips: Record<string, StripProgress> | null = null;
  for (const event of events) {
    if (event.kind !== 'master') continue;
    masters ??= { ...state.masters };
    strips ??= { ...state.masterStrips };
    const next = masterAfterEvent(masters[event.masterId], event);
    if (next && !(event.masterId in masters)) {
      masterIds ??= [...state.masterIds];
      masterIds.push(event.masterId);
    }
    if (next) masters[event.masterId] = next;
    strips[event.masterId] = { done: event.stripsDone, total: event.stripsTotal };
  }
  return { ...(masters && { masters }), ...(masterIds && { masterIds }), ...(strips && { masterStrips: strips }) };
}

/** Creates the masters slice over a client. */
export const createMastersSlice: SliceCreator<MastersSlice> = (set, get, client) => ({
  ...initialMastersState,
  setCombine: (method) => set({ combine: method }),
  async buildMasters() {
    set({ mastersBusy: true, mastersError: null });
    try {
      const views = await client.buildMasters({ combine: get().combine });
      const known = get();
      const added = views.filter((view) => !(view.spec.id in known.masters)).map((view) => view.spec.id);
      const { masters } = mastersFromViews(views, null);
      set({ masterIds: [...known.masterIds, ...added], masters: { ...known.masters, ...masters } });
    } catch (error) {
      // Main goes on building: the snapshot loaded on reconnecting shows the masters.
      if (!isConnectionLost(error)) set({ mastersError: errorMessage(error) });
    } finally {
      set({ mastersBusy: false });
    }
  },
});
