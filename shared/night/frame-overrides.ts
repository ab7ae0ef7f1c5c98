/** The user's corrections to a scanned night: a file's type changed, or a file left out. */
import type { FrameInfo, FrameKind } from './frames';

export interface FrameOverride {
  /** Type chosen by the user; undefined keeps the classification. */
  readonly type?: FrameKind;
  readonly excluded?: boolean;
}

/** The frames as the user wants them; frames without an override are returned unchanged. */
export function applyOverrides(frames: readonly FrameInfo[], overrides: ReadonlyMap<string, FrameOverride>): FrameInfo[] {
  return frames.map((frame) => {
    const override = overrides.get(frame.id);
    if (!override) return frame;
    const classification =
      override.type === undefined
        ? frame.classification
        : { type: override.type, rule: 'user' as const, reason: `set by the user (was ${frame.classification.type}: ${frame.classification.reason})` };
    return { ...frame, classification, excluded: override.excluded ?? frame.excluded };
  });
}
