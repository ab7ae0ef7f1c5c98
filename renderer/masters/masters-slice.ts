/**
 * Step 2, the masters: one view per planned master, kept in the plan's order, with the strip
 * progress of the one being combined.
 */
import type { CombineMethod, MasterEvent, MasterPlan, MasterSpec, MasterView } from '../../shared/contract';
import { errorMessage } from '../error-message';
import { splitCard } from '../preview/header-card';
import { isConnectionLost } from '../transport/connection';
import type { SliceCreator } from '../store';

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
  /** How the masters now built were combined; null when none is built or it is not known yet. */
  readonly builtWith: CombineMethod | null;
  setCombine(method: CombineMethod): void;
  /** Build (or rebuild) every master with the chosen method. */
  buildMasters(): Promise<void>;
  /**
   * How the built masters were combined, read from a master's header (COMBMETH) when this
   * window did not build them (a snapshot, another window); null when none is built.
   */
  learnBuiltWith(): Promise<CombineMethod | null>;
}

type MastersData = Pick<MastersSlice, 'masterIds' | 'masters' | 'masterStrips'>;

export const initialMastersState = {
  masterIds: [],
  masters: {},
  masterStrips: {},
  mastersBusy: false,
  mastersError: null,
  combine: 'median',
  builtWith: null,
} satisfies Partial<MastersSlice>;

/** The combine methods, as the interface names them. */
export const COMBINE_METHODS: readonly { readonly method: CombineMethod; readonly label: string; readonly title: string }[] = [
  { method: 'median', label: 'Median', title: 'Per-pixel median of the frames: robust, a little noisier' },
  { method: 'sigma-clip', label: 'Sigma-clip', title: 'Per-pixel mean after rejecting outliers beyond a few sigma: less noise, still rejects cosmic rays' },
];

/** The method a master's header names (COMBMETH), or null. */
export function combineMethodOf(cards: readonly string[]): CombineMethod | null {
  for (const card of cards) {
    if (!card.startsWith('COMBMETH')) continue;
    const value = splitCard(card).value.replace(/^'|'$/g, '').trim();
    return value === 'median' || value === 'sigma-clip' ? value : null;
  }
  return null;
}

/** A master that is planned and not built yet. */
export function plannedMaster(spec: MasterSpec): MasterView {
  return { spec, status: 'planned', path: null, stats: null, histogram: null, seconds: null, error: null };
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

/** Creates the masters slice over a client. */
export const createMastersSlice: SliceCreator<MastersSlice> = (set, get, client) => ({
  ...initialMastersState,
  setCombine: (method) => set({ combine: method }),
  async buildMasters() {
    const method = get().combine;
    set({ mastersBusy: true, mastersError: null });
    try {
      const views = await client.buildMasters({ combine: method });
      const known = get();
      const added = views.filter((view) => !(view.spec.id in known.masters)).map((view) => view.spec.id);
      const { masters } = mastersFromViews(views, null);
      set({ masterIds: [...known.masterIds, ...added], masters: { ...known.masters, ...masters }, builtWith: method });
    } catch (error) {
      // Main goes on building: the snapshot loaded on reconnecting shows the masters.
      if (!isConnectionLost(error)) set({ mastersError: errorMessage(error) });
    } finally {
      set({ mastersBusy: false });
    }
  },
  async learnBuiltWith() {
    const state = get();
    if (state.builtWith) return state.builtWith;
    const built = state.masterIds.find((id) => state.masters[id]?.status === 'done');
    if (!built) return null;
    try {
      const header = await client.getHeader({ source: { kind: 'master', masterId: built } });
      const method = combineMethodOf(header.cards);
      // Still the same masters (no rebuild or other night meanwhile): keep what was learnt.
      if (method && get().masters[built] === state.masters[built]) set({ builtWith: method, combine: method });
      return method;
    } catch {
      return null;
    }
  },
});
