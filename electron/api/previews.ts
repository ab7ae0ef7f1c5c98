/**
 * Previews and headers, by id only: a raw frame of the open night, a calibrated frame of
 * the last run, or a master. No request names a path, so nothing outside the night and its
 * outputs can be read through them.
 */
import type { HeaderView, ImageSource, PixelBlock, PixelsRequest, PreviewImage } from '../../shared/contract';
import { ApiError } from '../../shared/contract';
import type { BayerLayout } from '../../shared/night/frames';
import { FitsError } from '../fits/fits-error';
import type { FitsFileInfo } from '../fits/fits-file';
import { readFitsHeader } from '../fits/read-header';
import { HOT_PIXEL_SIGMA } from '../pipeline/build-masters';
import { pixelsOnly } from '../pool/task-messages';
import type { NightSession } from './night-session';

export const DEFAULT_PREVIEW_SIZE = 1024;

export async function previewOf(session: NightSession, source: ImageSource, maxSize = DEFAULT_PREVIEW_SIZE, mosaic = false): Promise<PreviewImage> {
  const pool = await session.pool();
  if (source.kind === 'master') {
    const master = requireMaster(session, source.masterId);
    if (master.status !== 'done') throw new ApiError('not-found', `master ${source.masterId} is not built yet`);
    // Colour masters are shown in colour too, but a flat normalised per channel is grey by design: its mosaic says more.
    const bayer = mosaic || master.spec.normalise === 'per-channel' ? null : master.spec.bayer;
    const result = await pool.run({ kind: 'preview', source: { masterId: source.masterId }, maxSize, hotPixelSigma: master.spec.kind === 'dark' ? HOT_PIXEL_SIGMA : null, bayer });
    return { source, ...result };
  }
  const file = await fileOf(session, source);
  // The frame's colour layout is the scan's reading of its header (the raw frame and its output share it).
  const bayer = mosaic ? null : (session.framesById().get(source.frameId)?.frame.facts?.bayer ?? null);
  const result = await pool.run({ kind: 'preview', source: { file }, maxSize, hotPixelSigma: null, bayer }).catch((error: unknown) => {
    throw new ApiError('io', error instanceof Error ? error.message : String(error));
  });
  return { source, ...result };
}

/** A block of true pixels, found as previews find their image (by id, never by path); bad-request when it is not inside the image. */
export async function pixelsOf(session: NightSession, request: PixelsRequest): Promise<PixelBlock> {
  const { source } = request;
  let image: { width: number; height: number };
  let task: { masterId: string } | { file: FitsFileInfo };
  let bayer: BayerLayout | null;
  if (source.kind === 'master') {
    const master = requireMaster(session, source.masterId);
    if (master.status !== 'done' || !master.path) throw new ApiError('not-found', `master ${source.masterId} is not built yet`);
    image = (await readChecked(master.path)).layout;
    task = { masterId: source.masterId };
    bayer = master.spec.bayer;
  } else {
    const file = await fileOf(session, source);
    image = file.layout;
    task = { file: pixelsOnly(file) };
    bayer = session.framesById().get(source.frameId)?.frame.facts?.bayer ?? null;
  }
  const { x, y, width, height } = request;
  if (x + width > image.width || y + height > image.height) {
    throw new ApiError('bad-request', `getPixels: the block x ${x}–${x + width - 1}, y ${y}–${y + height - 1} is not inside the ${image.width}×${image.height} image of ${describeSource(source)}`);
  }
  const pool = await session.pool();
  const result = await pool.run({ kind: 'pixels', source: task, x, y, width, height }).catch((error: unknown) => {
    throw new ApiError('io', error instanceof Error ? error.message : String(error));
  });
  return { source, x, y, width, height, sourceWidth: image.width, sourceHeight: image.height, pixels: result.pixels, bayer };
}

function describeSource(source: ImageSource): string {
  return source.kind === 'master' ? `master ${source.masterId}` : `${source.kind} frame ${source.frameId}`;
}

export async function headerOf(session: NightSession, source: ImageSource): Promise<HeaderView> {
  if (source.kind === 'master') {
    const master = requireMaster(session, source.masterId);
    if (!master.path) throw new ApiError('not-found', `master ${source.masterId} is not built yet`);
    const info = await readChecked(master.path);
    return { source, path: master.path, cards: info.header.cards };
  }
  const file = await fileOf(session, source);
  return { source, path: file.path, cards: file.header.cards };
}

async function fileOf(session: NightSession, source: Extract<ImageSource, { frameId: string }>): Promise<FitsFileInfo> {
  const scanned = session.framesById().get(source.frameId);
  if (!scanned) throw new ApiError('not-found', `no frame '${source.frameId}' in this night`);
  if (source.kind === 'raw') {
    if (!scanned.fits) throw new ApiError('io', scanned.frame.error?.message ?? `${scanned.frame.path}: unreadable`);
    return scanned.fits;
  }
  const state = session.runState?.frames.find((frame) => frame.frameId === source.frameId);
  if (!state || (state.status !== 'done' && state.status !== 'skipped') || !state.outputPath) {
    throw new ApiError('not-found', `frame '${source.frameId}' has not been calibrated in this session`);
  }
  return readChecked(state.outputPath);
}

function requireMaster(session: NightSession, masterId: string) {
  const master = session.views.find((candidate) => candidate.spec.id === masterId);
  if (!master) throw new ApiError('not-found', `no master '${masterId}' in this night`);
  return master;
}

async function readChecked(path: string): Promise<FitsFileInfo> {
  try {
    return await readFitsHeader(path);
  } catch (error) {
    throw new ApiError('io', error instanceof FitsError ? error.message : `${path}: ${String(error)}`);
  }
}
