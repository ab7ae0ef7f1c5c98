/** Frames of a night by id, built once per NightView (a night has thousands; rows look up one each). */
import type { FrameInfo, NightView } from '../../shared/contract';

const indexes = new WeakMap<NightView, ReadonlyMap<string, FrameInfo>>();

/** The night's frames keyed by id (cached per night object). */
export function frameIndex(night: NightView): ReadonlyMap<string, FrameInfo> {
  let index = indexes.get(night);
  if (!index) {
    index = new Map(night.frames.map((frame) => [frame.id, frame]));
    indexes.set(night, index);
  }
  return index;
}

/** One frame of the night, or null (no night, or an id main no longer lists). */
export function findFrame(night: NightView | null, frameId: string): FrameInfo | null {
  return night ? (frameIndex(night).get(frameId) ?? null) : null;
}
