/**
 * Files of a group (or the unclassified, or the excluded ones) with what the user may change
 * before building masters: the type, and whether the file is used. Each change is a request;
 * main regroups and the answer replaces the night.
 */
import { memo, useState } from 'react';
import type { FrameKind } from '../../shared/contract';
import { useAppActions, useAppStore } from '../app-context';
import { formatBytes, formatExposure } from '../format-units';
import { findFrame } from './frame-index';
import { FRAME_KINDS, frameKindLabel } from './frame-kinds';

const FileRow = memo(function FileRow({ frameId }: { readonly frameId: string }) {
  const frame = useAppStore((s) => findFrame(s.night, frameId));
  const pending = useAppStore((s) => frameId in s.overridesInFlight);
  const actions = useAppActions();
  if (!frame) return null;
  const { classification } = frame;
  const why = `${classification.reason} (decided by: ${classification.rule})`;
  return (
    <tr className={frame.excluded ? 'excluded' : undefined} aria-busy={pending}>
      <td className="mono file-name" title={`${frame.path}\n${why}`}>
        {frame.id}
      </td>
      <td className="tabular">{formatExposure(frame.facts?.exposure ?? null)}</td>
      <td className="tabular muted">{frame.facts?.dateObs?.replace('T', ' ').replace('Z', '') ?? '—'}</td>
      <td className="tabular muted">{formatBytes(frame.sizeBytes)}</td>
      <td className="reason" title={why}>
        <span className={`rule rule-${classification.rule}`}>{classification.rule}</span>
        <span className="muted">{classification.reason}</span>
      </td>
      <td>
        <select aria-label={`Type of ${frame.id}`} value={classification.type} disabled={pending} onChange={(e) => void actions().overrideFrame({ frameId, type: e.currentTarget.value as FrameKind })}>
          {FRAME_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {frameKindLabel(kind)}
            </option>
          ))}
        </select>
        {classification.rule === 'user' && (
          <button type="button" className="ghost small" disabled={pending} title="Back to the type read from the file" onClick={() => void actions().overrideFrame({ frameId, type: null })}>
            reset
          </button>
        )}
      </td>
      <td>
        <label className="toggle" title={frame.excluded ? 'Left out of masters and calibration' : 'Used'}>
          <input type="checkbox" checked={!frame.excluded} disabled={pending} onChange={(e) => void actions().overrideFrame({ frameId, excluded: !e.currentTarget.checked })} />
          {frame.excluded ? 'excluded' : 'use'}
        </label>
      </td>
      <td>
        <button type="button" className="ghost small" onClick={() => actions().openViewer({ kind: 'frame', frameId })} title="View this frame">
          view
        </button>
      </td>
    </tr>
  );
});

/** The table of files; long lists show their first `limit` rows until asked for all. */
export function FrameFileList({ frameIds, limit = 50 }: { readonly frameIds: readonly string[]; readonly limit?: number }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? frameIds : frameIds.slice(0, limit);
  return (
    <div className="file-list">
      <table className="data-table files">
        <thead>
          <tr>
            <th>File</th>
            <th>Exposure</th>
            <th>Taken (UTC)</th>
            <th>Size</th>
            <th>Classified by</th>
            <th>Type</th>
            <th>Use</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((id) => (
            <FileRow key={id} frameId={id} />
          ))}
        </tbody>
      </table>
      {shown.length < frameIds.length && (
        <button type="button" className="ghost" onClick={() => setShowAll(true)}>
          Show all {frameIds.length} files
        </button>
      )}
    </div>
  );
}
