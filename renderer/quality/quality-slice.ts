/**
 * The quality step: the run's review as main sends it (live during the run, final after, and
 * after every verdict or change of the rules, from any window), the filter shown, and the blink
 * view's place and rate. Verdicts and thresholds are asked of main; what comes back is shown.
 */
import type { FrameVerdict, NightcalEvent, RuleLimit, RunReview } from '../../shared/contract';
import { formatRule, parseRejectionRules, withDraggedLimit } from '../../shared/quality/rejection-rules';
import { errorMessage } from '../error-message';
import type { AppState, SliceCreator } from '../store';

export interface QualitySlice {
  readonly review: RunReview | null;
  /** The filter shown (undefined: the first with lights). */
  readonly qualityFilter: string | null | undefined;
  /** What main refused of this window's last verdict or threshold. */
  readonly qualityError: string | null;
  /** The blink view: open on the light at this place of the filter's time order, or null. */
  readonly blinkIndex: number | null;
  readonly blinkPlaying: boolean;
  /** Frames per second while playing. */
  readonly blinkRate: number;
  setQualityFilter(filter: string | null): void;
  /** Keep or reject a light by hand; null hands it back to the rules. */
  setVerdict(frameId: string, verdict: FrameVerdict | null): Promise<void>;
  /** A limit dragged on the plot to `value`: its rule changes to put the line there (rejection-rules.ts withDraggedLimit). */
  setLimit(limit: RuleLimit, value: number): Promise<void>;
  /** Back to the default rules. */
  resetRules(): Promise<void>;
  openBlink(index: number): void;
  closeBlink(): void;
  setBlinkIndex(index: number): void;
  setBlinkPlaying(playing: boolean): void;
  setBlinkRate(rate: number): void;
}

export const initialQualityState = {
  review: null,
  qualityFilter: undefined,
  qualityError: null,
  blinkIndex: null,
  blinkPlaying: false,
  blinkRate: 2,
} satisfies Partial<QualitySlice>;

/** The quality slice's change for a batch of events: the latest review wins. */
export function qualityAfterEvents(_state: AppState, events: readonly NightcalEvent[]): Partial<QualitySlice> {
  let review: RunReview | null | undefined;
  for (const event of events) {
    if (event.kind === 'review') review = event.review;
    else if (event.kind === 'run') review = event.run.review;
  }
  return review === undefined ? {} : { review };
}

/** Creates the quality slice over a client. */
export const createQualitySlice: SliceCreator<QualitySlice> = (set, get, client) => {
  const ask = async (request: () => Promise<RunReview>) => {
    set({ qualityError: null });
    try {
      set({ review: await request() });
    } catch (error) {
      set({ qualityError: errorMessage(error) });
    }
  };
  return {
    ...initialQualityState,
    setQualityFilter: (filter) => set({ qualityFilter: filter, blinkIndex: null, blinkPlaying: false }),
    setVerdict: (frameId, verdict) => ask(() => client.setFrameVerdict({ frameId, verdict })),
    setLimit: (limit, value) =>
      ask(() => {
        const rules = withDraggedLimit(parseRejectionRules((get().review?.rules ?? [limit.rule]).join(',')), limit, value);
        return client.setRejectionRules({ rules: rules.map(formatRule).join(',') });
      }),
    resetRules: () => ask(() => client.setRejectionRules({ rules: null })),
    openBlink: (index) => set({ blinkIndex: index, blinkPlaying: false }),
    closeBlink: () => set({ blinkIndex: null, blinkPlaying: false }),
    setBlinkIndex: (index) => set({ blinkIndex: index }),
    setBlinkPlaying: (playing) => set({ blinkPlaying: playing }),
    setBlinkRate: (rate) => set({ blinkRate: rate }),
  };
};
