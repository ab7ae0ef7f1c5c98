/** A glyph per frame status, so a status reads without colour (night red turns every colour red). */
import type { FrameRunStatus } from '../../shared/contract';

export const STATUS_GLYPHS: Readonly<Record<FrameRunStatus, string>> = {
  queued: '·',
  running: '▸',
  done: '✓',
  failed: '✕',
  cancelled: '⊘',
  skipped: '↷',
};
